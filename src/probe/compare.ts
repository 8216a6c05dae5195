// Puts each probe result beside the model's verdict for the same target and subnet, and raises
// PROBE_DISAGREES where a real connection contradicts the model, naming the hop it would have to be
// wrong about. Pure: a function of the report and the probe's answers.
import { RULES } from '../analyze/rules/index.js';
import type { Finding, FunctionReport, Hop, PathProbe, PathResult } from '../analyze/types.js';
import type { ProbePlan } from './targets.js';
import type { SubnetProbe, TargetProbe } from './types.js';
import { PROBE_RUNTIME } from './package.js';
import { pathVerdict } from '../analyze/verdicts.js';

export function attachProbes(fr: FunctionReport, plan: ProbePlan, subnets: SubnetProbe[]): void {
  fr.probe = {
    runtime: PROBE_RUNTIME,
    subnets: subnets.map((s) => ({ subnetId: s.subnetId, probeFunction: s.probeFunction, ...(s.error ? { error: s.error } : {}) })),
    skipped: plan.skipped,
  };
  for (const t of fr.targets) {
    const skipped = plan.skipped.find((s) => s.target === t.target);
    for (const path of t.paths) {
      const subnet = subnets.find((s) => s.subnetId === path.subnetId);
      const result = subnet?.results.find((r) => r.target === t.target);
      path.probe = skipped ? notRun(`not probed: ${skipped.reason}`)
        : !subnet ? notRun('not probed: no probe ran in this subnet')
        : subnet.error ? notRun(`the probe could not run here: ${subnet.error}`, subnet.probeFunction)
        : !result ? notRun('the probe returned no result for this target', subnet.probeFunction)
        : judged(path, result, subnet.probeFunction);
      if (path.probe.agrees === false) fr.findings.unshift(disagreement(t.target, path, path.probe));
    }
  }
}

const notRun = (summary: string, probeFunction?: string): PathProbe => ({ outcome: 'not-run', summary, agrees: null, ...(probeFunction ? { probeFunction } : {}) });

/**
 * What a connection can confirm: an RDS Proxy accepts TCP whatever its own connection to the
 * database does (AWS's TargetHealth judges that), so a proxy path is compared up to the proxy.
 */
function probedVerdict(path: PathResult): PathResult['verdict'] {
  const at = path.hops.findIndex((h) => h.kind === 'rds-proxy');
  return at < 0 ? path.verdict : pathVerdict(path.hops.slice(0, at + 1));
}

function judged(path: PathResult, result: TargetProbe, probeFunction: string): PathProbe {
  const connected = result.outcome === 'connected';
  const verdict = probedVerdict(path);
  const agrees = verdict === 'unknown' || result.outcome === 'error' ? null : connected === (verdict === 'reachable');
  const { target: _target, ...evidence } = result;
  return { outcome: result.outcome, summary: summaryOf(result), agrees, probeFunction, evidence };
}

function disagreementText(path: PathResult, probe: PathProbe): string {
  const modelSays = path.verdict === 'reachable' ? 'the model says reachable' : `the model says unreachable${blockedAt(path)}`;
  return `${modelSays}, but the probe ${summaryOf({ target: '', ...probe.evidence, outcome: probe.outcome } as TargetProbe, false)}`;
}

/** One phrase for a probe result; withDns prefixes the DNS answer and its time. */
export function summaryOf(r: TargetProbe, withDns = true): string {
  const dns = withDns && r.dns?.addresses ? `resolved to ${r.dns.addresses.slice(0, 3).join(', ')} in ${r.dns.ms} ms, ` : '';
  switch (r.outcome) {
    case 'connected': {
      const tls = r.tls ? `, TLS handshake${r.tls.protocol ? ` (${r.tls.protocol})` : ''} in ${r.tls.ms} ms${r.tls.certificateValid === false ? ', certificate not trusted (intercepted?)' : ''}` : '';
      return `${dns}connected to ${r.tcp?.address}:${r.port} in ${r.tcp?.ms} ms${tls}`;
    }
    case 'timeout': return `${dns}TCP connection to ${r.tcp?.address}:${r.port} timed out after ${r.tcp?.ms} ms`;
    case 'refused': return `${dns}connection to ${r.tcp?.address}:${r.port} refused (something answered with a reset)`;
    case 'dns-failed': return `DNS lookup of ${r.host} failed (${r.dns?.error})`;
    case 'dns-timeout': return `DNS lookup of ${r.host} got no answer within ${r.dns?.ms} ms`;
    case 'tls-failed': return `${dns}TCP connected in ${r.tcp?.ms} ms, then the TLS handshake ${r.tls?.outcome === 'timeout' ? `got no answer within ${r.tls.ms} ms` : `failed (${r.tls?.error ?? r.tls?.outcome})`}`;
    case 'deadline': return 'the probe ran out of time (30 s) before this target finished';
    default: return `the probe failed: ${r.error ?? r.outcome}`;
  }
}

function disagreement(target: string, path: PathResult, probe: PathProbe): Finding {
  const rule = RULES.PROBE_DISAGREES;
  const hop = suspectHop(path, probe.outcome);
  const detail = disagreementText(path, probe);
  const resource = !hop ? 'a hop it cannot see'
    : path.verdict === 'unreachable' || hop.kind === 'dns' ? `${hop.kind} ${hop.id}`
    : `${hop.kind} ${hop.id} or what lies beyond it ${HINT[probe.outcome] ?? ''}`.trim();
  return {
    code: rule.code, severity: path.verdict === 'reachable' ? 'error' : 'warning',
    resourceIds: hop ? [hop.id] : [], targets: [target], subnetIds: [path.subnetId],
    message: rule.message({ resource, detail, subnet: path.subnetId, az: path.availabilityZone, target }),
    remediation: rule.remediation,
  };
}

const blockedAt = (path: PathResult): string => {
  const hop = path.hops.find((h) => h.ok === false);
  return hop ? ` at ${hop.kind} ${hop.id}${hop.codes?.length ? ` (${hop.codes.join(', ')})` : ''}` : '';
};

/**
 * The hop the model would have to be wrong about. Model says unreachable, probe connected: the hop
 * it blocked at. Model says reachable, probe failed: for DNS the resolver; otherwise the last hop
 * the model followed out of the VPC (a NAT gateway, gateway or endpoint), or what lies beyond it.
 */
function suspectHop(path: PathResult, outcome: string): Hop | undefined {
  // Every failure but DNS is judged at the last hop the model followed out of the VPC.
  if (path.verdict === 'unreachable') return path.hops.find((h) => h.ok === false);
  if (outcome === 'dns-failed' || outcome === 'dns-timeout') return path.hops.find((h) => h.kind === 'dns') ?? { kind: 'dns', id: 'the VPC resolver', ok: true, detail: '' };
  const last = path.hops.at(-1);
  const egress = [...path.hops].reverse().find((h) => EGRESS.has(h.kind));
  return egress ?? last;
}

const HINT: Record<string, string> = {
  'timeout': '(packets dropped in silence: a firewall, a rule the model misread, or the destination\'s own filter)',
  'deadline': '(packets dropped in silence: a firewall, a rule the model misread, or the destination\'s own filter)',
  'refused': '(something answered with a reset: the destination, or a firewall rejecting the connection)',
  'tls-failed': '(TCP got through but TLS did not: a firewall filtering on the server name, a TLS-inspecting proxy, or the destination)',
};

const EGRESS = new Set(['nat-gateway', 'internet-gateway', 'vpc-endpoint', 'peering', 'transit-gateway', 'network-interface', 'route-table']);
