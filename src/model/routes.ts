// Route tables: the API's many optional target fields folded into one (type, id) pair, and the
// longest-prefix lookup AWS performs (route-tables-priority: longest prefix, then static over
// prefix-list over propagated).
import type { Route, RouteTable } from '../snapshot/types.js';
import { blockMatches, type AddressSet } from './addresses.js';
import { containsPublic, parseCidr, type Cidr } from './cidr.js';
import type { NetworkModel } from './network.js';

export type RouteTargetType =
  | 'local' | 'internet-gateway' | 'nat-gateway' | 'vpc-endpoint' | 'peering' | 'transit-gateway'
  | 'egress-only-igw' | 'virtual-private-gateway' | 'instance' | 'network-interface' | 'other';

export interface RouteTarget {
  type: RouteTargetType;
  id: string;
}

export function routeTarget(route: Route): RouteTarget {
  const gateway = route.GatewayId;
  if (gateway === 'local') return { type: 'local', id: 'local' };
  if (gateway?.startsWith('igw-')) return { type: 'internet-gateway', id: gateway };
  if (gateway?.startsWith('vpce-')) return { type: 'vpc-endpoint', id: gateway };
  if (gateway?.startsWith('vgw-')) return { type: 'virtual-private-gateway', id: gateway };
  if (route.NatGatewayId) return { type: 'nat-gateway', id: route.NatGatewayId };
  if (route.VpcPeeringConnectionId) return { type: 'peering', id: route.VpcPeeringConnectionId };
  if (route.TransitGatewayId) return { type: 'transit-gateway', id: route.TransitGatewayId };
  if (route.EgressOnlyInternetGatewayId) return { type: 'egress-only-igw', id: route.EgressOnlyInternetGatewayId };
  if (route.InstanceId) return { type: 'instance', id: route.InstanceId };
  if (route.NetworkInterfaceId) return { type: 'network-interface', id: route.NetworkInterfaceId };
  const other = gateway ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn ?? route.OdbNetworkArn ?? 'unknown';
  return { type: 'other', id: other };
}

export function describeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? route.DestinationIpv6CidrBlock ?? '?';
}

/** What the lookup is for: addresses, and (for an AWS service) the prefix lists that stand for it. */
export interface RouteQuery {
  addresses: AddressSet;
  servicePrefixListIds?: string[];
}

export interface RouteMatch {
  route: Route;
  target: RouteTarget;
  prefix: number;
  blackhole: boolean;
}

export interface RouteLookup {
  match: RouteMatch | null;
  /** Public routes more specific than the match that send part of the internet elsewhere. */
  overrides: RouteMatch[];
}

const originRank = (route: Route): number => (route.Origin === 'EnableVgwRoutePropagation' ? 2 : route.DestinationPrefixListId ? 1 : 0);

function matchRoute(route: Route, query: RouteQuery, model: NetworkModel): number | null {
  const block = parseCidr(route.DestinationCidrBlock);
  if (block) return blockMatches(block, query.addresses) ? block.prefix : null;
  const listId = route.DestinationPrefixListId;
  if (!listId) return null;
  const entries = model.prefixListCidrs(listId) ?? [];
  if (query.servicePrefixListIds?.includes(listId)) return Math.min(32, ...entries.map((c) => c.prefix), 32);
  const matching = entries.filter((entry) => blockMatches(entry, query.addresses));
  return matching.length > 0 ? Math.max(...matching.map((c) => c.prefix)) : null;
}

function toMatch(route: Route, prefix: number): RouteMatch {
  return { route, target: routeTarget(route), prefix, blackhole: route.State === 'blackhole' };
}

export function lookupRoute(table: RouteTable, query: RouteQuery, model: NetworkModel): RouteLookup {
  let best: RouteMatch | null = null;
  for (const route of table.Routes ?? []) {
    const prefix = matchRoute(route, query, model);
    if (prefix === null) continue;
    if (!best || prefix > best.prefix || (prefix === best.prefix && originRank(route) < originRank(best.route))) best = toMatch(route, prefix);
  }
  if (!best && query.addresses.kind === 'any-public') best = splitDefault(table);
  return { match: best, overrides: query.addresses.kind === 'any-public' ? publicOverrides(table, best) : [] };
}

/** 0.0.0.0/1 and 128.0.0.0/1 to one target (a VPN appliance's "def1" split) act as a default route. */
function splitDefault(table: RouteTable): RouteMatch | null {
  const halves = ['0.0.0.0/1', '128.0.0.0/1'].map((cidr) => (table.Routes ?? []).find((r) => r.DestinationCidrBlock === cidr));
  const [low, high] = halves;
  if (!low || !high || routeTarget(low).id !== routeTarget(high).id) return null;
  return toMatch(low.State === 'blackhole' ? low : high, 1);
}

function publicOverrides(table: RouteTable, best: RouteMatch | null): RouteMatch[] {
  const overrides: RouteMatch[] = [];
  for (const route of table.Routes ?? []) {
    const block: Cidr | null = parseCidr(route.DestinationCidrBlock);
    if (!block || !containsPublic(block) || block.prefix === 0) continue;
    const match = toMatch(route, block.prefix);
    const sameTarget = best && match.target.id === best.target.id && !match.blackhole;
    if (!sameTarget) overrides.push(match);
  }
  return overrides;
}
