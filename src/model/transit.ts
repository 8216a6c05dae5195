// Transit gateways: attachments, their route-table association, and the route a TGW route table picks.
// A TGW route table is evaluated like a VPC's: the longest matching prefix wins; for the same prefix
// a static route beats a prefix-list route, which beats a propagated one (TGW user guide, "Route
// evaluation order"). Pure questions of the model: the trace in analyze/trace/transit.ts says why.
import type { Subnet, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayVpcAttachment } from '../snapshot/types.js';
import { blockMatches, type AddressSet } from './addresses.js';
import { parseCidr, type Cidr } from './cidr.js';
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
  /** The next-hop attachment (the first, when several share the route by ECMP). */
  attachmentId?: string;
  resourceType?: string;
  resourceId?: string;
}

export interface TgwLookup {
  match: TgwRouteMatch | null;
  /** Prefix-list routes whose entries are not in the snapshot: the match may be wrong. */
  unresolvedPrefixLists: string[];
}

const rank = (route: TransitGatewayRoute): number => (route.PrefixListId ? 1 : route.Type === 'propagated' ? 2 : 0);

/** The table's live routes with their blocks parsed, once per table (tables can hold thousands). */
function parsedRoutes(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[]): { route: TransitGatewayRoute; block: Cidr | null }[] {
  return model.memo(`tgw-routes:${tableId}`, () => routes
    .filter((route) => route.State === 'active' || route.State === 'blackhole')
    .map((route) => ({ route, block: parseCidr(route.DestinationCidrBlock) })));
}

export function lookupTgwRoute(model: NetworkModel, tableId: string, routes: TransitGatewayRoute[], addresses: AddressSet): TgwLookup {
  let best: TgwRouteMatch | null = null;
  const unresolvedPrefixLists: string[] = [];
  for (const { route, block } of parsedRoutes(model, tableId, routes)) {
    const prefix = matchedPrefix(model, route, block, addresses, unresolvedPrefixLists);
    if (prefix === null) continue;
    if (!best || prefix > best.prefix || (prefix === best.prefix && rank(route) < rank(best.route))) {
      const next = route.TransitGatewayAttachments?.[0];
      best = { route, prefix, blackhole: route.State === 'blackhole', attachmentId: next?.TransitGatewayAttachmentId, resourceType: next?.ResourceType, resourceId: next?.ResourceId };
    }
  }
  return { match: best, unresolvedPrefixLists };
}

function matchedPrefix(model: NetworkModel, route: TransitGatewayRoute, block: Cidr | null, addresses: AddressSet, unresolved: string[]): number | null {
  if (block) return blockMatches(block, addresses) ? block.prefix : null;
  if (!route.PrefixListId) return null;
  const entries = model.prefixListCidrs(route.PrefixListId);
  if (entries === null) {
    unresolved.push(route.PrefixListId);
    return null;
  }
  const matching = entries.filter((entry) => blockMatches(entry, addresses));
  return matching.length > 0 ? Math.max(...matching.map((c) => c.prefix)) : null;
}

export function describeTgwRoute(match: TgwRouteMatch): string {
  const destination = match.route.DestinationCidrBlock ?? match.route.PrefixListId ?? '?';
  return `${destination} → ${match.blackhole ? 'blackhole' : match.attachmentId ?? '?'}${match.route.Type === 'propagated' ? ' (propagated)' : ''}`;
}
