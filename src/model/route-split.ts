// Longest-prefix match over a set of destinations: the table splits the set into pieces, each
// sent by the route AWS picks for its addresses (route-tables-priority: the longest prefix wins;
// at equal length static routes beat prefix-list routes, which beat propagated ones).
import type { Route, RouteTable } from '../snapshot/types.js';
import { parseCidr, type Cidr } from './cidr.js';
import { IntervalSet } from './interval-set.js';
import { cidrSet } from './ipv4-set.js';
import type { NetworkModel } from './network.js';
import { routeTarget, type RouteMatch } from './routes.js';

export interface RoutePiece {
  /** The addresses this route carries. */
  addresses: IntervalSet;
  /** The route (blackholes included); null: no route covers these addresses. */
  match: RouteMatch | null;
}

interface Candidate {
  block: Cidr;
  route: Route;
  rank: number;
}

const originRank = (route: Route): number => (route.Origin === 'EnableVgwRoutePropagation' ? 2 : route.DestinationPrefixListId ? 1 : 0);

/**
 * The table's routes as (block, route) pairs, most specific first. A prefix-list route stands for
 * one route per entry; entries not collected give it no block (the caller's service lists aside).
 */
export function routeCandidates(table: RouteTable, model: NetworkModel): Candidate[] {
  const compute = () => {
    const out: Candidate[] = [];
    for (const route of table.Routes ?? []) {
      const block = parseCidr(route.DestinationCidrBlock);
      if (block) out.push({ block, route, rank: originRank(route) });
      else if (route.DestinationPrefixListId) {
        for (const entry of model.prefixListCidrs(route.DestinationPrefixListId) ?? []) out.push({ block: entry, route, rank: originRank(route) });
      }
    }
    return out.sort((a, b) => b.block.prefix - a.block.prefix || a.rank - b.rank);
  };
  return table.RouteTableId ? model.memo(`route-candidates ${table.RouteTableId}`, compute) : compute();
}

/**
 * Splits `destinations` over the table. `servicePrefixListIds`: prefix lists that stand for the
 * destination service as a whole (a gateway endpoint's service whose entries were not collected):
 * a route to one of them takes every address ahead of any other route.
 */
export function splitByRoutes(table: RouteTable, destinations: IntervalSet, model: NetworkModel, servicePrefixListIds: string[] = []): RoutePiece[] {
  const pieces = new Map<Route | null, RoutePiece>();
  let rest = destinations;
  const take = (route: Route | null, prefix: number, addresses: IntervalSet) => {
    const known = pieces.get(route);
    if (known) known.addresses = known.addresses.union(addresses);
    else pieces.set(route, { addresses, match: route ? { route, target: routeTarget(route), prefix, blackhole: route.State === 'blackhole' } : null });
    rest = rest.subtract(addresses);
  };
  const service = (table.Routes ?? []).find((r) => r.DestinationPrefixListId && servicePrefixListIds.includes(r.DestinationPrefixListId) && (model.prefixListCidrs(r.DestinationPrefixListId) ?? []).length === 0);
  if (service && !rest.isEmpty) take(service, 32, rest);
  for (const candidate of routeCandidates(table, model)) {
    if (rest.isEmpty) break;
    const hit = rest.intersect(cidrSet(candidate.block));
    if (!hit.isEmpty) take(candidate.route, candidate.block.prefix, hit);
  }
  if (!rest.isEmpty) take(null, 0, rest);
  return [...pieces.values()];
}
