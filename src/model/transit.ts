// Transit gateways: attachments, their route-table association, and the route a TGW route table picks.
// A TGW route table splits a set of destinations like a VPC's: the longest matching prefix wins; for
// the same prefix a static route beats a prefix-list route, which beats a propagated one, and
// propagated ones go by attachment type (TGW user guide, "Route evaluation order"). Pure questions
// of the model: the trace in analyze/trace/transit.ts says why.
import type { Subnet, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayVpcAttachment } from '../snapshot/types.js';
import { parseCidr, type Cidr } from './cidr.js';
import { IntervalSet } from './interval-set.js';
import { IPV4_MAX } from './ipv4-set.js';
import type { NetworkModel } from './network.js';

const LIVE = new Set(['available', 'modifying', 'pendingacceptance', 'pending']);

/** The VPC's attachment to the transit gateway (a live one first, else whatever is left of one). */
export function vpcAttachmentOf(model: NetworkModel, tgwId: string, vpcId: string): TransitGatewayVpcAttachment | undefined {
  const all = (model.snapshot.ec2.TransitGatewayVpcAttachments ?? []).filter((a) => a.TransitGatewayId === tgwId && a.VpcId === vpcId);
  return all.find((a) => LIVE.has(a.State ?? '')) ?? all[0];
}

export function vpcAttachmentById(model: NetworkModel, attachmentId: string): TransitGatewayVpcAttachment | undefined {
  return (model.snapshot.ec2.TransitGatewayVpcAttachments ?? []).find((a) => a.TransitGatewayAttachmentId === attachmentId);
}

export function attachmentById(model: NetworkModel, attachmentId: string): TransitGatewayAttachment | undefined {
  return (model.snapshot.ec2.TransitGatewayAttachments ?? []).find((a) => a.TransitGatewayAttachmentId === attachmentId);
}

/** The route table the attachment's traffic is routed by; undefined if it is not associated. */
export function associatedRouteTable(model: NetworkModel, attachmentId: string): string | undefined {
  const association = attachmentById(model, attachmentId)?.Association;
  return association?.State === 'associated' ? association.TransitGatewayRouteTableId : undefined;
}

/**
 * The attachment's interface subnet for traffic from `az` (a name or zone id): the one in that zone.
 * Traffic from a zone without one never reaches the transit gateway (TGW user guide, "How transit
 * gateways work": "only if the attachment is in a subnet in the same Availability Zone").
 */
export function attachmentSubnetIn(model: NetworkModel, attachment: TransitGatewayVpcAttachment, zone: { name: string; id?: string }): Subnet | undefined {
  return attachmentSubnets(model, attachment).find((s) => (zone.id && s.AvailabilityZoneId ? s.AvailabilityZoneId === zone.id : s.AvailabilityZone === zone.name));
}

export function attachmentSubnets(model: NetworkModel, attachment: TransitGatewayVpcAttachment): Subnet[] {
  return (attachment.SubnetIds ?? []).map((id) => model.subnets.get(id)).filter((s): s is Subnet => s !== undefined);
}

export interface TgwRouteMatch {
  route: TransitGatewayRoute;
  prefix: number;
  blackhole: boolean;
  /** The next-hop attachment: of several (ECMP, or propagations of one CIDR), the first of the best-ranked type. */
  attachmentId?: string;
  resourceType?: string;
  resourceId?: string;
}

export interface TgwPiece {
  /** The addresses this route carries. */
  addresses: IntervalSet;
  /** The route (blackholes included); null: no route covers these addresses. */
  match: TgwRouteMatch | null;
}

export interface TgwSplit {
  pieces: TgwPiece[];
  /** Prefix-list routes whose entries are not in the snapshot: any address may belong to them. */
  unresolvedPrefixLists: string[];
}

/**
 * For the same CIDR: static, then prefix-list references, then propagated routes by attachment type
 * (TGW user guide, "How transit gateways work" › "Route evaluation order"): VPC, Direct Connect
 * gateway, Connect, Site-to-Site VPN (over private Direct Connect first: the API gives both the
 * type `vpn`, so they tie here), VPN Concentrator, Client VPN, then peering.
 */
const PROPAGATED_ORDER = ['vpc', 'direct-connect-gateway', 'connect', 'vpn', 'vpn-concentrator', 'client-vpn', 'peering', 'tgw-peering'];

function typeRank(resourceType: string | undefined): number {
  const at = PROPAGATED_ORDER.indexOf(resourceType ?? '');
  return at < 0 ? PROPAGATED_ORDER.length : at;
}

function routeRank(route: TransitGatewayRoute, next: TgwAttachmentRef | undefined): number {
  if (route.PrefixListId) return 1;
  return route.Type === 'propagated' ? 2 + typeRank(next?.ResourceType) : 0;
}

type TgwAttachmentRef = NonNullable<TransitGatewayRoute['TransitGatewayAttachments']>[number];

function nextHop(route: TransitGatewayRoute): TgwAttachmentRef | undefined {
  const all = route.TransitGatewayAttachments ?? [];
  return [...all].sort((a, b) => typeRank(a.ResourceType) - typeRank(b.ResourceType))[0];
}

interface TgwCandidate {
  lo: number;
  hi: number;
  prefix: number;
  route: TransitGatewayRoute;
  rank: number;
  /** Position in the table: of equal blocks and rank (two propagations of one CIDR), the first listed wins. */
  order: number;
}

interface TgwIndex {
  /** The address space in stretches, in order, each won by one route (longest prefix, then precedence); gaps have no route. */
  stretches: { lo: number; hi: number; winner: TgwCandidate }[];
  unresolved: string[];
}

/**
 * Which addresses each live route wins, once per table (tables can hold thousands of routes). CIDR
 * blocks nest or are disjoint, so one sweep in address order with a stack of the blocks that hold the
 * current address gives every stretch to the innermost block — for equal blocks the best-ranked. A
 * prefix-list reference stands for one route per entry.
 */
function tableIndex(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[]): TgwIndex {
  return model.memo(`tgw-index:${tableId}`, () => {
    const list: TgwCandidate[] = [];
    const unresolved: string[] = [];
    const add = (block: Cidr, route: TransitGatewayRoute, rank: number) => list.push({ lo: block.base, hi: block.base + 2 ** (32 - block.prefix) - 1, prefix: block.prefix, route, rank, order: list.length });
    for (const route of routes) {
      if (route.State !== 'active' && route.State !== 'blackhole') continue;
      const rank = routeRank(route, nextHop(route));
      const block = parseCidr(route.DestinationCidrBlock);
      if (block) add(block, route, rank);
      else if (route.PrefixListId) {
        const entries = model.prefixListCidrs(route.PrefixListId);
        if (entries === null) unresolved.push(route.PrefixListId);
        for (const entry of entries ?? []) add(entry, route, rank);
      }
    }
    // Outer blocks first; of equal blocks the winner last, so it ends on top of the stack.
    list.sort((a, b) => a.lo - b.lo || b.hi - a.hi || b.rank - a.rank || b.order - a.order);
    const stretches: TgwIndex['stretches'] = [];
    const stack: TgwCandidate[] = [];
    let next = 0;
    let at = 0;
    while (at <= IPV4_MAX) {
      while (stack.length > 0 && stack[stack.length - 1]!.hi < at) stack.pop();
      while (next < list.length && list[next]!.lo <= at) {
        if (list[next]!.hi >= at) stack.push(list[next]!);
        next += 1;
      }
      const top = stack[stack.length - 1];
      const end = Math.min(top ? top.hi : IPV4_MAX, next < list.length ? list[next]!.lo - 1 : IPV4_MAX);
      if (top) stretches.push({ lo: at, hi: end, winner: top });
      at = end + 1;
    }
    return { stretches, unresolved: [...new Set(unresolved)] };
  });
}

/** Splits `destinations` over the table by longest-prefix match and precedence: each piece with the route that carries it. */
export function splitTgwRoutes(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[], destinations: IntervalSet): TgwSplit {
  const { stretches, unresolved } = tableIndex(model, tableId, routes);
  // One walk over the stretches and the destination's intervals together, both in address order.
  const won = new Map<TransitGatewayRoute, { intervals: [number, number][]; prefix: number }>();
  const covered: [number, number][] = [];
  let i = 0;
  for (const [lo, hi] of destinations.intervals) {
    while (i < stretches.length && stretches[i]!.hi < lo) i += 1;
    for (let j = i; j < stretches.length && stretches[j]!.lo <= hi; j++) {
      const { lo: sLo, hi: sHi, winner } = stretches[j]!;
      const part: [number, number] = [Math.max(lo, sLo), Math.min(hi, sHi)];
      const entry = won.get(winner.route) ?? { intervals: [], prefix: winner.prefix };
      entry.intervals.push(part);
      won.set(winner.route, entry);
      covered.push(part);
    }
  }
  const pieces: TgwPiece[] = [...won].map(([route, { intervals, prefix }]) => ({ addresses: IntervalSet.of(intervals), match: toMatch(route, prefix) }));
  const rest = destinations.subtract(IntervalSet.of(covered));
  if (!rest.isEmpty) pieces.push({ addresses: rest, match: null });
  return { pieces, unresolvedPrefixLists: unresolved };
}

function toMatch(route: TransitGatewayRoute, prefix: number): TgwRouteMatch {
  const next = route.State === 'blackhole' ? undefined : nextHop(route);
  return { route, prefix, blackhole: route.State === 'blackhole', attachmentId: next?.TransitGatewayAttachmentId, resourceType: next?.ResourceType, resourceId: next?.ResourceId };
}

export function describeTgwRoute(match: TgwRouteMatch): string {
  const destination = match.route.DestinationCidrBlock ?? match.route.PrefixListId ?? '?';
  return `${destination} → ${match.blackhole ? 'blackhole' : match.attachmentId ?? '?'}${match.route.Type === 'propagated' ? ' (propagated)' : ''}`;
}
