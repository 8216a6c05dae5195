// Through a transit gateway to an egress VPC and back. The way out: the function VPC's attachment
// must have a subnet in the source's AZ (else the packet never reaches the gateway), the route table
// associated with that attachment picks the next attachment, and in the egress VPC the attachment
// subnet of the same AZ (any other when it has none) forwards by its own route table, ACL, NAT and
// internet gateway (`onward`). The way back: the table of the egress VPC's NAT subnet must send the
// function's addresses to the same transit gateway, and the route table of the egress attachment
// must send them to the function VPC's attachment. What the snapshot cannot see (another account's
// route tables or VPC) is unknown with that reason, never blocked.
import type { TransitGatewayVpcAttachment } from '../../snapshot/types.js';
import { lookupRoute, type RouteQuery } from '../../model/routes.js';
import {
  associatedRouteTable, attachmentById, attachmentSubnetIn, attachmentSubnets, describeTgwRoute, lookupTgwRoute, vpcAttachmentById,
  vpcAttachmentOf, type TgwRouteMatch,
} from '../../model/transit.js';
import { describeAddresses } from '../../model/addresses.js';
import { endpointKind } from './endpoint.js';
import { returnAtTransitAttachment } from './firewall-return.js';
import type { PathTrace } from './path.js';
import { describeRoute } from './route.js';

const LIVE = new Set(['available', 'modifying']);

/** `onward(subnetId)` follows the packet out of the egress VPC's attachment subnet (route table, NAT, …). */
export function traceTransit(trace: PathTrace, tgwId: string, query: RouteQuery, onward: (subnetId: string) => void): void {
  if (!trace.requireEc2('transit-gateway', tgwId, 'TransitGatewayVpcAttachments')) return;
  const source = sourceAttachment(trace, tgwId);
  if (!source) return;
  const next = tgwRouteStep(trace, tgwId, source.TransitGatewayAttachmentId!, query, 'out');
  if (!next) return;
  const egressVpc = next.resourceId!;
  const egress = vpcAttachmentById(trace.model, next.attachmentId!);
  if (!trace.model.vpcs.has(egressVpc) || !egress) {
    const owner = egress?.VpcOwnerId ?? attachmentById(trace.model, next.attachmentId!)?.ResourceOwnerId;
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: egressVpc, detail: `${next.attachmentId}${owner ? `, account ${owner}` : ''}` });
    trace.add('transit-gateway', next.attachmentId!, null, `${egressVpc}${owner ? ` (account ${owner})` : ''} is not in the snapshot: merge that account's snapshot or pass --peer-profile`, [code]);
    return;
  }
  const entry = egressSubnet(trace, egress);
  if (!entry) return;
  const outer = trace.here;
  trace.here = { vpcId: egressVpc, az: entry.AvailabilityZone ?? trace.az };
  try {
    applianceMode(trace, egress, entry.SubnetId!, query);
    onward(entry.SubnetId!);
    returnInEgressVpc(trace, tgwId, entry.SubnetId!, query);
  } finally {
    trace.here = outer;
  }
  tgwRouteStep(trace, tgwId, egress.TransitGatewayAttachmentId!, { addresses: trace.source.addresses }, 'back', source.TransitGatewayAttachmentId!);
  // Back in the function's VPC the reply leaves the attachment's interface in the source's AZ.
  returnAtTransitAttachment(trace, attachmentSubnetIn(trace.model, source, { name: trace.source.az, id: trace.source.subnet.AvailabilityZoneId })?.SubnetId);
}

/** The function VPC's attachment, and its interface subnet in the source's AZ. */
function sourceAttachment(trace: PathTrace, tgwId: string): TransitGatewayVpcAttachment | null {
  const attachment = vpcAttachmentOf(trace.model, tgwId, trace.scope.vpcId);
  if (!attachment?.TransitGatewayAttachmentId || !LIVE.has(attachment.State ?? '')) {
    const detail = attachment ? `${attachment.TransitGatewayAttachmentId} is ${attachment.State}` : `${trace.scope.vpcId} has no attachment to ${tgwId}`;
    const code = trace.raise('TGW_ATTACHMENT_MISSING', { resource: tgwId, detail });
    trace.add('transit-gateway', tgwId, false, detail, [code]);
    return null;
  }
  const zone = { name: trace.source.az, id: trace.source.subnet.AvailabilityZoneId };
  const subnet = attachmentSubnetIn(trace.model, attachment, zone);
  const id = attachment.TransitGatewayAttachmentId;
  if (!subnet) {
    const code = trace.raise('TGW_NO_ATTACHMENT_IN_AZ', { resource: id, detail: `its subnets are in ${zonesOf(trace, attachment)}` });
    trace.add('transit-gateway', tgwId, false, `${id} has no subnet in ${trace.source.az}: traffic from this AZ never reaches the transit gateway`, [code]);
  } else {
    trace.add('transit-gateway', tgwId, true, `${id} in ${subnet.SubnetId} (${subnet.AvailabilityZone})`);
  }
  return attachment;
}

function zonesOf(trace: PathTrace, attachment: TransitGatewayVpcAttachment): string {
  const zones = [...new Set(attachmentSubnets(trace.model, attachment).map((s) => s.AvailabilityZone))].filter(Boolean);
  return zones.length > 0 ? zones.join(', ') : 'no subnet the snapshot describes';
}

/**
 * One lookup in the route table associated with `fromAttachment`. 'out': the match must lead on to a
 * VPC attachment (returned); 'back': it must lead to `expected`, the function VPC's attachment.
 */
function tgwRouteStep(trace: PathTrace, tgwId: string, fromAttachment: string, query: RouteQuery, way: 'out' | 'back', expected?: string): TgwRouteMatch | null {
  const label = `route table of ${fromAttachment}`;
  const failCode = way === 'out' ? 'TGW_NO_ROUTE' : 'TGW_RETURN_ROUTE_MISSING';
  const refs = { refs: { tgw: tgwId, tgwAttachment: expected } };
  if (!trace.requireEc2('route-table', label, 'TransitGatewayAttachments')) return null;
  const tableId = associatedRouteTable(trace.model, fromAttachment);
  const attachment = attachmentById(trace.model, fromAttachment);
  const owner = attachment?.TransitGatewayOwnerId;
  if (!tableId && attachment?.Association === undefined && owner && owner !== attachment?.ResourceOwnerId) {
    // A shared gateway's associations are the gateway owner's to see, so no association here proves nothing.
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: fromAttachment, detail: `route-table association of ${tgwId}, account ${owner}` });
    trace.add('route-table', label, null, `${tgwId} belongs to account ${owner}: its route tables are not in the snapshot; merge that account's snapshot or pass --peer-profile`, [code]);
    return null;
  }
  if (!tableId) {
    const code = trace.raise(failCode, { resource: fromAttachment, detail: 'the attachment is associated with no transit gateway route table' }, refs);
    trace.add('route-table', label, false, 'not associated with a transit gateway route table', [code]);
    return null;
  }
  if (!trace.requireEc2('route-table', tableId, 'TransitGatewayRoutes')) return null;
  const routes = trace.model.snapshot.ec2.TransitGatewayRoutes?.[tableId];
  if (!routes) {
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: tableId, detail: `routes of ${tgwId}${owner ? `, account ${owner}` : ''}` });
    trace.add('route-table', tableId, null, `routes not in the snapshot${owner ? ` (${tgwId} belongs to account ${owner})` : ''}: merge that account's snapshot or pass --peer-profile`, [code]);
    return null;
  }
  const { match, unresolvedPrefixLists } = lookupTgwRoute(trace.model, tableId, routes, query.addresses);
  const what = describeAddresses(query.addresses);
  const direction = way === 'back' ? 'replies to ' : '';
  if (!match && unresolvedPrefixLists.length > 0) {
    const code = trace.raise('DATA_NOT_COLLECTED', { resource: unresolvedPrefixLists.join(', '), detail: 'entries of a prefix list a transit gateway route uses' });
    trace.add('route-table', tableId, null, `cannot tell: the entries of ${unresolvedPrefixLists.join(', ')} are not in the snapshot`, [code]);
    return null;
  }
  if (!match) {
    const code = trace.raise(failCode, { resource: tableId, detail: `nothing matches ${direction}${what}` }, refs);
    trace.add('route-table', tableId, false, `no route for ${direction}${what}`, [code]);
    return null;
  }
  if (match.blackhole) {
    const code = trace.raise('TGW_ROUTE_BLACKHOLE', { resource: tableId, detail: `${direction}${describeTgwRoute(match)}` }, { refs: { tgw: tgwId, cidr: match.route.DestinationCidrBlock, tgwAttachment: expected } });
    trace.add('route-table', tableId, false, `${describeTgwRoute(match)} drops ${direction}${what}`, [code]);
    return null;
  }
  if (way === 'back') {
    const ok = match.attachmentId === expected;
    const codes = ok ? [] : [trace.raise(failCode, { resource: tableId, detail: `replies to ${what} go to ${match.attachmentId}, not ${expected}` }, refs)];
    trace.add('route-table', tableId, ok, `replies: ${describeTgwRoute(match)}`, codes);
    return ok ? match : null;
  }
  if (match.resourceType !== 'vpc' || !match.resourceId || !match.attachmentId) {
    const code = trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `${match.resourceType ?? 'unknown'} attachment ${match.attachmentId ?? '?'}` });
    trace.add('route-table', tableId, null, `${describeTgwRoute(match)}: a ${match.resourceType ?? 'unknown'} attachment is not analysed`, [code]);
    return null;
  }
  trace.add('route-table', tableId, true, `${describeTgwRoute(match)} (${match.resourceId})`);
  return match;
}

/** The egress attachment's subnet in the packet's AZ, else another (the transit gateway crosses AZs then). */
function egressSubnet(trace: PathTrace, egress: TransitGatewayVpcAttachment) {
  const zone = { name: trace.az, id: trace.source.subnet.AvailabilityZoneId };
  const same = attachmentSubnetIn(trace.model, egress, zone);
  const subnet = same ?? attachmentSubnets(trace.model, egress)[0];
  if (!subnet?.SubnetId) {
    trace.add('transit-gateway', egress.TransitGatewayAttachmentId!, null, `no subnet of ${egress.TransitGatewayAttachmentId} is in the snapshot`);
    return null;
  }
  const crossed = same ? '' : `; no attachment subnet in ${trace.az}, so the transit gateway crosses to ${subnet.AvailabilityZone}`;
  trace.add('transit-gateway', egress.TransitGatewayAttachmentId!, true, `into ${egress.VpcId} by ${subnet.SubnetId} (${subnet.AvailabilityZone})${crossed}`);
  return subnet;
}

/** A firewall in the egress VPC without appliance mode sees the two directions of a flow in different AZs. */
function applianceMode(trace: PathTrace, egress: TransitGatewayVpcAttachment, subnetId: string, query: RouteQuery): void {
  if (egress.Options?.ApplianceModeSupport === 'enable') return;
  const table = trace.model.routeTableOf(subnetId);
  const match = table ? lookupRoute(table, query, trace.model).match : null;
  if (match?.target.type !== 'vpc-endpoint' || endpointKind(trace, match.target.id) !== 'appliance') return;
  const code = trace.raise('TGW_APPLIANCE_MODE_OFF', { resource: egress.TransitGatewayAttachmentId!, detail: `${table?.RouteTableId}: ${describeRoute(match)}` }, { severity: 'warning' });
  const hop = trace.hops[trace.hops.length - 1]!;
  hop.codes = [...(hop.codes ?? []), code];
  hop.detail = `${hop.detail}; appliance mode is off with a firewall (${match.target.id}) behind it`;
}

/** The replies leave the NAT gateway (or the attachment subnet) by its table: it must lead to the transit gateway. */
function returnInEgressVpc(trace: PathTrace, tgwId: string, entrySubnet: string, query: RouteQuery): void {
  const model = trace.model;
  const entryTable = model.routeTableOf(entrySubnet);
  const forward = entryTable ? lookupRoute(entryTable, query, model).match : null;
  const nat = forward?.target.type === 'nat-gateway' ? model.natGateways.get(forward.target.id) : undefined;
  const table = nat?.SubnetId ? model.routeTableOf(nat.SubnetId) : nat?.RouteTableId ? model.routeTables.get(nat.RouteTableId) : entryTable;
  if (!table?.RouteTableId) return; // the forward hops already said what is missing
  const back = lookupRoute(table, { addresses: trace.source.addresses }, model).match;
  const what = describeAddresses(trace.source.addresses);
  if (back && !back.blackhole && back.target.type === 'transit-gateway' && back.target.id === tgwId) {
    trace.add('route-table', table.RouteTableId, true, `replies: ${describeRoute(back)}`);
    return;
  }
  const found = back ? `${describeRoute(back)}${back.blackhole ? ' (blackhole)' : ''}` : `no route for ${what}`;
  const code = trace.raise('TGW_RETURN_ROUTE_MISSING', { resource: table.RouteTableId, detail: `${found}, not ${tgwId}` }, { refs: { tgw: tgwId } });
  trace.add('route-table', table.RouteTableId, false, `replies to ${what}: ${found}, not ${tgwId}`, [code]);
}
