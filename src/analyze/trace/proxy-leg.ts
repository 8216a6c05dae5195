// The second hop of an RDS Proxy path: the proxy's own connection to its database, from its
// interfaces in each of the proxy's subnets with the proxy's security groups (RDS Proxy needs a VPC
// in common with the database). The model judges it like any private path; AWS judges it too
// (DescribeDBProxyTargets TargetHealth), and the two verdicts are put side by side: a network reason
// (UNREACHABLE, CONNECTION_FAILED) the model cannot explain blocks the hop; AUTH_FAILURE is about
// credentials and never makes the path unreachable.
import type { DBProxyTarget } from '../../snapshot/types.js';
import { addressesOf } from '../../model/addresses.js';
import { cidrsSet } from '../../model/ipv4-set.js';
import type { IntervalSet } from '../../model/interval-set.js';
import type { FindingCode } from '../codes.js';
import { resolveDatabase, type Database } from '../databases.js';
import { targetsFor, type Proxy } from '../proxies.js';
import type { Evidence } from '../rules/define.js';
import type { Hop, Severity } from '../types.js';
import { aclCrossing, destinationIngress, functionEgress } from './filters.js';
import { PathTrace, type FunctionScope, type Source } from './path.js';
import { OPERATIONAL } from './private.js';

/** Reasons for UNAVAILABLE that mean the proxy could not open a connection (API_TargetHealth). */
const NETWORK_REASONS = new Set(['UNREACHABLE', 'CONNECTION_FAILED']);

/** A trace of the proxy's connection from one subnet: its findings are the function path's, its group findings the proxy's. */
class LegTrace extends PathTrace {
  constructor(private readonly main: PathTrace, scope: FunctionScope, source: Source, destinations: IntervalSet) {
    super(scope, source, main.target, destinations);
  }

  override raise(code: FindingCode, evidence: Omit<Evidence, 'subnet' | 'az' | 'target'>, options: { severity?: Severity; alsoAbout?: string[] } = {}): FindingCode {
    const mapped = code === 'SG_INGRESS_DENIED' || code === 'SG_EGRESS_DENIED' ? 'RDS_PROXY_SG_BLOCKS_DB' : code;
    return this.main.raise(mapped, evidence, options);
  }
}

export function traceProxyLeg(trace: PathTrace, proxy: Proxy): void {
  const where = `targets of ${proxy.name}`;
  if (!trace.requireRds('database', where, 'DBProxyTargets')) return;
  const target = targetsFor(proxy)[0];
  if (!target) {
    const code = trace.raise('RDS_PROXY_TARGET_UNHEALTHY', { resource: proxy.name, detail: 'no database target is registered' });
    trace.add('database', where, false, `no database registered behind ${proxy.name}: the proxy has nowhere to connect`, [code]);
    return;
  }
  const id = target.RdsResourceId ?? target.Endpoint ?? where;
  if (!trace.requireRds('database', id, 'DBInstances')) return;
  const database = resolveDatabase(trace.model, id);
  if (!database || database.addresses.length === 0) {
    trace.add('database', id, null, `${id}, the proxy's target, is not among the collected databases (or where it lives is not): the proxy → database hop is not analysed`);
    return;
  }
  const port = target.Port ?? database.port;
  if (proxy.vpcId && database.vpcId && proxy.vpcId !== database.vpcId) {
    trace.add('database', database.id, null, `the proxy is in ${proxy.vpcId} and ${database.id} in ${database.vpcId}: RDS Proxy needs a VPC in common with its database`);
    return;
  }
  const network = legHops(trace, proxy, database, port);
  databaseHop(trace, proxy, target, database, port, network);
}

/**
 * The leg from every proxy subnet. Its hops join the path once per resource (the worst verdict, the
 * details that differ named by subnet), in the order the longest leg meets them, so a resource never
 * comes twice and paths through the same proxy list the same order; the worst leg decides.
 */
function legHops(trace: PathTrace, proxy: Proxy, database: Database, port: number): { ok: boolean | null; codes: FindingCode[] } {
  const legs = [...proxy.subnetIds].sort().map((subnetId) => ({ subnetId, ...legFrom(trace, proxy, subnetId, database, port) }));
  const merged = new Map<string, { hop: Hop; rank: number; details: Map<string, string[]> }>();
  for (const leg of legs) {
    leg.hops.forEach((hop, rank) => {
      const key = `${hop.kind} ${hop.id}`;
      const known = merged.get(key) ?? { hop: { kind: hop.kind, id: hop.id, ok: true, detail: '' }, rank, details: new Map<string, string[]>() };
      merged.set(key, known);
      known.rank = Math.max(known.rank, rank);
      known.hop.ok = worst(known.hop.ok, hop.ok);
      const codes = [...new Set([...(known.hop.codes ?? []), ...(hop.codes ?? [])])];
      if (codes.length > 0) known.hop.codes = codes;
      known.details.set(hop.detail, [...(known.details.get(hop.detail) ?? []), leg.subnetId]);
    });
  }
  const hops = [...merged.values()].sort((a, b) => a.rank - b.rank);
  for (const { hop, details } of hops) {
    // Details seen from the same subnets go together: "from subnet-b: leaving …; entering …".
    const bySubnets = new Map<string, string[]>();
    for (const [detail, from] of details) bySubnets.set(from.join(', '), [...(bySubnets.get(from.join(', ')) ?? []), detail]);
    const text = [...bySubnets].map(([from, texts]) => `${from.split(', ').length < legs.length ? `from ${from}: ` : ''}${texts.join('; ')}`).join('; ');
    // Pushed as they are: the function's traffic is judged once, at the database hop below.
    trace.hops.push({ ...hop, detail: `proxy → ${database.id}: ${text}` });
  }
  const ok = legs.length === 0 ? null : legs.map((l) => l.ok).reduce(worst);
  const codes = [...new Set(hops.filter(({ hop }) => hop.ok === false).flatMap(({ hop }) => hop.codes ?? []))];
  return { ok, codes };
}

const worst = (a: boolean | null, b: boolean | null): boolean | null => (a === false || b === false ? false : a === null || b === null ? null : true);

function legFrom(trace: PathTrace, proxy: Proxy, subnetId: string, database: Database, port: number): { hops: Hop[]; ok: boolean | null } {
  const { model } = trace;
  const subnet = model.subnets.get(subnetId);
  const cidr = model.subnetCidr(subnetId);
  if (!subnet || !cidr) {
    return { hops: [{ kind: 'rds-proxy', id: subnetId, ok: null, detail: `the proxy's subnet ${subnetId} is not in the snapshot` }], ok: null };
  }
  const groups = proxy.groupIds.map((g) => model.securityGroups.get(g)).filter((g) => g !== undefined);
  const scope: FunctionScope = { ...trace.scope, vpcId: proxy.vpcId ?? trace.scope.vpcId, groupIds: proxy.groupIds, groups };
  const source: Source = { subnet, subnetId, az: subnet.AvailabilityZone ?? '', address: cidr, addresses: addressesOf([cidr]) };
  const leg = new LegTrace(trace, scope, source, cidrsSet(database.addresses));
  functionEgress(leg, { groupIds: database.groupIds }, port);
  if (database.subnetId !== subnetId) aclCrossing(leg, subnetId, 'leaving', port);
  if (database.subnetId && database.subnetId !== subnetId) aclCrossing(leg, database.subnetId, 'entering', port);
  destinationIngress(leg, database.groupIds, port, { groupReferences: true });
  return { hops: leg.hops, ok: leg.soFar() };
}

/** The database, its status, and AWS's verdict on the proxy's connection to it beside the model's. */
function databaseHop(trace: PathTrace, proxy: Proxy, target: DBProxyTarget, database: Database, port: number, network: { ok: boolean | null; codes: FindingCode[] }): void {
  const codes = [...network.codes];
  let ok = network.ok;
  if (!OPERATIONAL.has(database.status.toLowerCase())) {
    codes.push(trace.raise('DB_NOT_AVAILABLE', { resource: database.id, detail: `status ${database.status}` }));
    ok = false;
  }
  const { State: state, Reason: reason, Description: description } = target.TargetHealth ?? {};
  const health = state ? `AWS TargetHealth ${state}${reason ? ` (${reason})` : ''}` : 'no TargetHealth reported';
  const why = [reason, description].filter(Boolean).join(': ');
  let note = '';
  if (state === 'UNAVAILABLE' && reason === 'AUTH_FAILURE') {
    codes.push(trace.raise('RDS_PROXY_AUTH_FAILURE', { resource: proxy.name, detail: why }));
    note = ': the network lets the proxy through, the login fails (credentials, not the network)';
  } else if (state === 'UNAVAILABLE' && NETWORK_REASONS.has(reason ?? '')) {
    if (ok === false) note = ': AWS agrees the proxy cannot connect';
    else {
      codes.push(trace.raise('RDS_PROXY_TARGET_UNHEALTHY', { resource: proxy.name, detail: `${why}; no rule the model sees explains it` }));
      note = ': the proxy cannot connect, though no rule the model sees blocks it';
      ok = false;
    }
  } else if (state === 'UNAVAILABLE') {
    codes.push(trace.raise('RDS_PROXY_TARGET_UNHEALTHY', { resource: proxy.name, detail: why || 'no reason given' }));
    note = ': not a network cause';
  } else if (state === 'AVAILABLE' && ok === false && network.ok === false) {
    note = ': yet the rules above block it (health is checked from time to time: a recent change may not show yet)';
  } else if (state === 'REGISTERING') {
    note = ': AWS has not finished checking it';
  }
  const where = database.eniId ? `${database.addresses[0]!.text.replace('/32', '')} (${database.eniId})` : `in ${database.subnetId ?? 'an unknown subnet'}`;
  const kind = database.kind === 'cluster' ? 'Aurora cluster' : 'DB instance';
  const detail = `behind ${proxy.name}: ${kind} ${database.status}, ${where}, port ${port}; ${health}${note}`;
  trace.add('database', database.id, ok === true ? trace.soFar() : ok, detail, [...new Set(codes)]);
}
