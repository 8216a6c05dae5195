// Transit gateways: attachments, their route-table association, and the route a TGW route table picks.
// A TGW route table splits a set of destinations like a VPC's: the longest matching prefix wins; for
// the same prefix a static route beats a prefix-list route, which beats a propagated one, and
// propagated ones go by attachment type (TGW user guide, "Route evaluation order"). Pure questions
// of the model: the trace in analyze/trace/transit.ts says why.
import type { Subnet, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayVpcAttachment } from '../snapshot/types.js';
import { parseCidr, type Cidr } from './cidr.js';
import type { IntervalSet } from './interval-set.js';
import { cidrSet } from './ipv4-set.js';
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
  block: Cidr;
  route: TransitGatewayRoute;
  rank: number;
}

/**
 * The table's live routes as (block, route) pairs, most specific first, then by precedence; a
 * prefix-list reference stands for one route per entry. Once per table (tables can hold thousands).
 */
function candidates(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[]): { list: TgwCandidate[]; unresolved: string[] } {
  return model.memo(`tgw-candidates:${tableId}`, () => {
    const list: TgwCandidate[] = [];
    const unresolved: string[] = [];
    for (const route of routes) {
      if (route.State !== 'active' && route.State !== 'blackhole') continue;
      const rank = routeRank(route, nextHop(route));
      const block = parseCidr(route.DestinationCidrBlock);
      if (block) list.push({ block, route, rank });
      else if (route.PrefixListId) {
        const entries = model.prefixListCidrs(route.PrefixListId);
        if (entries === null) unresolved.push(route.PrefixListId);
        for (const entry of entries ?? []) list.push({ block: entry, route, rank });
      }
    }
    list.sort((a, b) => b.block.prefix - a.block.prefix || a.rank - b.rank);
    return { list, unresolved: [...new Set(unresolved)] };
  });
}

/** Splits `destinations` over the table by longest-prefix match and precedence: each piece with the route that carries it. */
export function splitTgwRoutes(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[], destinations: IntervalSet): TgwSplit {
  const { list, unresolved } = candidates(model, tableId, routes);
  const pieces = new Map<TransitGatewayRoute | null, TgwPiece>();
  let rest = destinations;
  for (const { block, route } of list) {
    if (rest.isEmpty) break;
    const hit = rest.intersect(cidrSet(block));
    if (hit.isEmpty) continue;
    rest = rest.subtract(hit);
    const known = pieces.get(route);
    if (known) known.addresses = known.addresses.union(hit);
    else pieces.set(route, { addresses: hit, match: toMatch(route, block.prefix) });
  }
  if (!rest.isEmpty) pieces.set(null, { addresses: rest, match: null });
  return { pieces: [...pieces.values()], unresolvedPrefixLists: unresolved };
}

function toMatch(route: TransitGatewayRoute, prefix: number): TgwRouteMatch {
  const next = route.State === 'blackhole' ? undefined : nextHop(route);
  return { route, prefix, blackhole: route.State === 'blackhole', attachmentId: next?.TransitGatewayAttachmentId, resourceType: next?.ResourceType, resourceId: next?.ResourceId };
}

export function describeTgwRoute(match: TgwRouteMatch): string {
  const destination = match.route.DestinationCidrBlock ?? match.route.PrefixListId ?? '?';
  return `${destination} → ${match.blackhole ? 'blackhole' : match.attachmentId ?? '?'}${match.route.Type === 'propagated' ? ' (propagated)' : ''}`;
}
