// Helpers shared by the renderers: marks, labels, finding lookup, summaries. Pure functions.
import type { FindingCode } from '../analyze/codes.js';
import type {
  Destination, Finding, FunctionReport, Hop, HopKind, PathResult, Severity, TargetResult, Verdict,
} from '../analyze/types.js';

/** Control characters (including ESC, so no terminal escape from AWS data) become spaces. */
export function stripControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export const VERDICT_MARK: Record<Verdict, string> = {
  reachable: '✓', unreachable: '✗', partial: '◐', unknown: '?',
};

export const VERDICT_WORD: Record<Verdict, string> = {
  reachable: 'reachable', unreachable: 'unreachable', partial: 'partly reachable', unknown: 'unknown',
};

/** The mark of a hop: passes, blocks, or could not be analysed. */
export function hopMark(ok: boolean | null): string {
  return ok === true ? '✓' : ok === false ? '✗' : '?';
}

/** Keyed by every hop kind, so a new kind without its label fails to compile. */
export const HOP_LABEL: Record<HopKind, string> = {
  'eni': 'ENI',
  'dns': 'DNS',
  'security-group': 'security group',
  'network-acl': 'network ACL',
  'route-table': 'route table',
  'nat-gateway': 'NAT gateway',
  'internet-gateway': 'internet gateway',
  'vpc-endpoint': 'VPC endpoint',
  'peering': 'peering',
  'transit-gateway': 'transit gateway',
  'network-interface': 'network interface',
  'rds-proxy': 'RDS Proxy',
  'database': 'database',
  'internet': 'internet',
};

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_TITLE: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
export const SEVERITY_MARK: Record<Severity, string> = { error: '✗', warning: '!', info: 'i' };

export function destinationText(d: Destination): string {
  return `${d.host ?? d.address ?? 'any public address'}:${d.port}`;
}

/** The AZ of a subnet: from the path, else from the function's subnet list. */
export function subnetAz(fr: FunctionReport, subnetId: string, path?: PathResult): string | undefined {
  return path?.availabilityZone || fr.function.subnets?.find((s) => s.subnetId === subnetId)?.availabilityZone;
}

export function subnetLabel(fr: FunctionReport, subnetId: string, path?: PathResult): string {
  const az = subnetAz(fr, subnetId, path);
  return az ? `${subnetId} (${az})` : subnetId;
}

/** The first path through a subnet, for its AZ when the function's subnet list lacks it. */
export function firstPath(fr: FunctionReport, subnetId: string): PathResult | undefined {
  for (const t of fr.targets) for (const p of t.paths) if (p.subnetId === subnetId) return p;
  return undefined;
}

/** The function's subnets in its own order, then any subnet only a path names. */
export function subnetColumns(fr: FunctionReport): string[] {
  const ids = [...fr.function.subnetIds];
  for (const t of fr.targets) for (const p of t.paths) if (!ids.includes(p.subnetId)) ids.push(p.subnetId);
  return ids;
}

export function findingsBySeverity(findings: readonly Finding[]): [Severity, Finding[]][] {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s)] as [Severity, Finding[]])
    .filter(([, list]) => list.length > 0);
}

/** The hops that decide a non-reachable path: the blocking ones, else the unknown ones. */
export function decidingHops(path: PathResult): Hop[] {
  const blocked = path.hops.filter((h) => h.ok === false);
  return blocked.length > 0 ? blocked : path.hops.filter((h) => h.ok === null);
}

/**
 * The finding behind a code raised at a hop: the one that names the hop's resource, subnet and
 * target scores highest; any finding with the code will do otherwise.
 */
export function findingFor(
  fr: FunctionReport, code: FindingCode, ctx: { hopId?: string; subnetId?: string; target?: string } = {},
): Finding | undefined {
  let best: Finding | undefined;
  let bestScore = -1;
  for (const f of fr.findings) {
    if (f.code !== code) continue;
    let score = 0;
    if (ctx.hopId && f.resourceIds.includes(ctx.hopId)) score += 4;
    if (ctx.subnetId && f.subnetIds.includes(ctx.subnetId)) score += 2;
    if (ctx.target && f.targets.includes(ctx.target)) score += 1;
    if (score > bestScore) { best = f; bestScore = score; }
  }
  return best;
}

export interface Problem {
  code: FindingCode | null;
  hop: Hop;
  finding?: Finding;
}

/** Why a path is not reachable: one entry per code on each deciding hop (or the hop alone). */
export function pathProblems(fr: FunctionReport, target: TargetResult, path: PathResult): Problem[] {
  const out: Problem[] = [];
  for (const hop of decidingHops(path)) {
    const codes = hop.codes ?? [];
    if (codes.length === 0) out.push({ code: null, hop });
    for (const code of codes) {
      const finding = findingFor(fr, code, { hopId: hop.id, subnetId: path.subnetId, target: target.target });
      out.push({ code, hop, finding });
    }
  }
  return out;
}

/** Codes raised on the deciding hops of a path, deduplicated. */
export function pathCodes(path: PathResult): FindingCode[] {
  return [...new Set(decidingHops(path).flatMap((h) => h.codes ?? []))];
}

/** "2 of 3 targets unreachable — blocked by NAT_NO_PUBLIC_IP" for one function. */
export function summaryLine(fr: FunctionReport): string {
  const total = fr.targets.length;
  if (total === 0) return `${fr.function.name}: no targets checked.`;
  const bad = fr.targets.filter((t) => t.verdict !== 'reachable');
  const subnets = subnetColumns(fr).length;
  if (bad.length === 0) {
    return `${fr.function.name}: all ${total} target${total === 1 ? '' : 's'} reachable` +
      (subnets > 0 ? ` from ${subnets === 1 ? 'its subnet' : subnets === 2 ? 'both subnets' : `all ${subnets} subnets`}.` : '.');
  }
  const counts = (['unreachable', 'partial', 'unknown'] as const)
    .map((v) => [v, bad.filter((t) => t.verdict === v).length] as const).filter(([, n]) => n > 0);
  const what = counts.length === 1 ? VERDICT_WORD[counts[0]![0]]
    : `not reachable (${counts.map(([v, n]) => `${n} ${v}`).join(', ')})`;
  const hops = bad.flatMap((t) => t.paths.flatMap((p) => p.hops));
  const codesWhere = (ok: boolean | null): string[] =>
    [...new Set(hops.filter((h) => h.ok === ok).flatMap((h) => h.codes ?? []))];
  // A warning riding on a blocking hop (NAT_CROSS_AZ beside NAT_NO_PUBLIC_IP) is not what blocks it.
  const errors = new Set<string>(fr.findings.filter((f) => f.severity === 'error').map((f) => f.code));
  const onBlockingHops = codesWhere(false);
  const blockers = onBlockingHops.some((c) => errors.has(c)) ? onBlockingHops.filter((c) => errors.has(c)) : onBlockingHops;
  const unknowns = codesWhere(null).filter((c) => !blockers.includes(c));
  const why = [
    blockers.length > 0 ? `blocked by ${blockers.join(', ')}` : '',
    unknowns.length > 0 ? `not analysed: ${unknowns.join(', ')}` : '',
  ].filter(Boolean).join('; ') || 'see the findings';
  return `${fr.function.name}: ${bad.length} of ${total} targets ${what} — ${why}.`;
}
