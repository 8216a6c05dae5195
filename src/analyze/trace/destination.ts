// What a target is as a set of addresses, and a finished trace as a path result (verdict,
// blocked and unknown slices), read off the flow.
import { IntervalSet } from '../../model/interval-set.js';
import { blocksWithin, cidrSet, cidrsSet, PUBLIC_IPV4 } from '../../model/ipv4-set.js';
import type { NetworkModel } from '../../model/network.js';
import { endpointAddresses } from '../proxies.js';
import type { Goal } from '../targets.js';
import type { PathResult, PathVerdict } from '../types.js';
import { pathVerdict } from '../verdicts.js';
import { servicePrefixLists } from './endpoint.js';
import type { PathTrace } from './path.js';

/**
 * The target's addresses: a given address or block; an AWS service with a gateway endpoint in the
 * VPC, its prefix lists' entries; any other host (whose addresses the snapshot cannot know) and
 * `internet`, every public IPv4 address; a database, its interface (or stand-in subnet blocks).
 */
export function destinationSet(model: NetworkModel, vpcId: string, goal: Goal): IntervalSet {
  if (goal.kind === 'database') return cidrsSet(goal.database.addresses);
  if (goal.kind === 'proxy') return cidrsSet(endpointAddresses(model, goal.proxy.endpoint).map((s) => s.cidr));
  // IPv6 is traced by its own hops (trace/ipv6.ts); the IPv4 set stays empty, so the hops decide.
  if (goal.kind === 'public6') return IntervalSet.EMPTY;
  if (goal.kind === 'address' || goal.address) return cidrSet(goal.address!);
  if (goal.service) {
    const entries = servicePrefixLists(model, vpcId, goal.service).flatMap((id) => model.prefixListCidrs(id) ?? []);
    if (entries.length > 0) return cidrsSet(entries);
  }
  if (!goal.host) return PUBLIC_IPV4;
  // A named host is not at the addresses AWS lists for another service (S3's or DynamoDB's managed prefix list).
  const own = goal.service ? `com.amazonaws.${model.region}.${goal.service}` : undefined;
  const others = [...model.prefixLists.values()].filter((p) => p.PrefixListName?.startsWith('com.amazonaws.') && p.PrefixListName !== own && p.PrefixListId);
  return PUBLIC_IPV4.subtract(cidrsSet(others.flatMap((p) => model.prefixListCidrs(p.PrefixListId!) ?? [])));
}

export function pathResult(trace: PathTrace, subnetId: string, availabilityZone: string): PathResult {
  const { flow, hops } = trace;
  flow.finish(hops.length - 1);
  const byHops = pathVerdict(hops);
  let verdict: PathVerdict = flow.target.isEmpty ? byHops : flow.verdict();
  // A hop that blocks or cannot be analysed always weighs: never reachable past one.
  if (verdict === 'reachable' && byHops !== 'reachable') verdict = byHops;
  const result: PathResult = { subnetId, availabilityZone, verdict, hops };
  const blocked = flow.blocked();
  if (blocked.length > 0 && verdict !== 'reachable') result.blocked = blocked.map((b) => ({ addresses: blocksWithin(b.addresses, flow.target), fraction: round(b.fraction), hop: b.hop, ...(b.code ? { code: b.code } : {}) }));
  const unknown = flow.unknown();
  if (unknown.length > 0) result.unknown = unknown.map((u) => ({ addresses: blocksWithin(u.addresses, flow.target), fraction: round(u.fraction), hop: u.hop, reason: u.reason }));
  return result;
}

const round = (fraction: number): number => Number(fraction.toPrecision(6));
