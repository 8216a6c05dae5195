// Through a transit gateway to an egress VPC and back. The way out: the function VPC's attachment
// must have a subnet in the source's AZ (else the packet never reaches the gateway); the route table
// associated with that attachment splits the travelling set by longest-prefix match (tgw-step.ts),
// and each slice follows its own attachment. Into an egress VPC: the attachment subnet of the same AZ
// (any other when it has none) forwards by its own route table, ACL, NAT and internet gateway
// (`onward`). The way back: the table of the egress VPC's NAT subnet must send the function's
// addresses to the same transit gateway, and the route table of the egress attachment must send them
// to the function VPC's attachment. What the snapshot cannot see (another account's route tables or
// VPC, a VPN or Direct Connect attachment) is unknown with that reason, never blocked.
import type { RouteTable, TransitGatewayVpcAttachment } from '../../snapshot/types.js';
import { IntervalSet } from '../../model/interval-set.js';
import { cidrSet } from '../../model/ipv4-set.js';
import { splitByRoutes } from '../../model/route-split.js';
import {
  attachmentById, attachmentSubnetIn, attachmentSubnets, vpcAttachmentById, vpcAttachmentOf, type TgwPiece,
} from '../../model/transit.js';
import { endpointKind } from './endpoint.js';
import { returnAtTransitAttachment } from './firewall-return.js';
import type { PathTrace } from './path.js';
import { describeRoute, unknownPiece } from './route.js';
import { tgwOutStep, tgwReplyStep, type TgwStep } from './tgw-step.js';

const LIVE = new Set(['available', 'modifying']);

/**
 * `onward(subnetId)` follows the packet out of the egress VPC's attachment subnet (route table, NAT, …);
 * `servicePrefixListIds` are the destination service's lists (see splitByRoutes), for the egress VPC's tables.
 */
export function traceTransit(trace: PathTrace, tgwId: string, servicePrefixListIds: string[], onward: (subnetId: string) => void): void {
  if (!trace.requireEc2('transit-gateway', tgwId, 'TransitGatewayVpcAttachments')) return;
  const source = sourceAttachment(trace, tgwId);
  if (!source) return;
  const step = tgwOutStep(trace, tgwId, source.TransitGatewayAttachmentId!);
  if (!step) return;
  for (const piece of step.pieces) {
    trace.branch(piece.addresses, () => followAttachment(trace, tgwId, source, step, piece, servicePrefixListIds, onward));
  }
}

/** One slice of the gateway's table: into the egress VPC of a VPC attachment, or unknown for any other kind. */
function followAttachment(trace: PathTrace, tgwId: string, source: TransitGatewayVpcAttachment, step: TgwStep, piece: TgwPiece, servicePrefixListIds: string[], onward: (subnetId: string) => void): void {
  const match = piece.match!;
  if (match.resourceType !== 'vpc' || !match.resourceId || !match.attachmentId) {
    const kind = match.resourceType ?? 'unknown';
    const why = kind === 'peering' || kind === 'tgw-peering' ? 'the peer transit gateway\'s route tables are not analysed'
      : kind === 'vpn' || kind === 'direct-connect-gateway' || kind === 'connect' ? 'the network beyond it (on premises) is not in the snapshot'
        : 'it is not analysed';
    const code = trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: step.tableId, detail: `${kind} attachment ${match.attachmentId ?? '?'}` });
    unknownPiece(trace, step, code, `${match.attachmentId ?? '?'} is a ${kind} attachment: ${why}`);
    return;
  }
  const egressVpc = match.resourceId;
  const egress = vpcAttachmentById(trace.model, match.attachmentId);
  if (!trace.model.vpcs.has(egressVpc) || !egress) {
    const owner = egress?.VpcOwnerId ?? attachmentById(trace.model, match.attachmentId)?.ResourceOwnerId;
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: egressVpc, detail: `${match.attachmentId}${owner ? `, account ${owner}` : ''}` });
    trace.add('transit-gateway', match.attachmentId, null, `${egressVpc}${owner ? ` (account ${owner})` : ''} is not in the snapshot: merge that account's snapshot or pass --peer-profile`, [code]);
    return;
  }
  const entry = egressSubnet(trace, egress);
  if (!entry) return;
  const outer = trace.here;
  trace.here = { vpcId: egressVpc, az: entry.AvailabilityZone ?? trace.az };
  try {
    applianceMode(trace, egress, entry.SubnetId!, servicePrefixListIds);
    onward(entry.SubnetId!);
    returnInEgressVpc(trace, tgwId, entry.SubnetId!, servicePrefixListIds);
  } finally {
    trace.here = outer;
  }
  tgwReplyStep(trace, tgwId, egress.TransitGatewayAttachmentId!, source.TransitGatewayAttachmentId!);
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
function applianceMode(trace: PathTrace, egress: TransitGatewayVpcAttachment, subnetId: string, servicePrefixListIds: string[]): void {
  if (egress.Options?.ApplianceModeSupport === 'enable') return;
  const table = trace.model.routeTableOf(subnetId);
  if (!table) return;
  const match = splitByRoutes(table, trace.flow.subject, trace.model, servicePrefixListIds)
    .map((p) => p.match).find((m) => m?.target.type === 'vpc-endpoint' && endpointKind(trace, m.target.id) === 'appliance');
  if (!match) return;
  const code = trace.raise('TGW_APPLIANCE_MODE_OFF', { resource: egress.TransitGatewayAttachmentId!, detail: `${table.RouteTableId}: ${describeRoute(match)}` }, { severity: 'warning' });
  const hop = trace.hops[trace.hops.length - 1]!;
  hop.codes = [...(hop.codes ?? []), code];
  hop.detail = `${hop.detail}; appliance mode is off with a firewall (${match.target.id}) behind it`;
}

/**
 * The replies leave the NAT gateway (or the attachment subnet) by its table: it must send every
 * address the function may have to the transit gateway. Each slice of the forward traffic is judged
 * by the table of the NAT gateway that carried it.
 */
function returnInEgressVpc(trace: PathTrace, tgwId: string, entrySubnet: string, servicePrefixListIds: string[]): void {
  const model = trace.model;
  const entryTable = model.routeTableOf(entrySubnet);
  if (!entryTable) return; // the forward hops already said what is missing
  const byTable = new Map<string, { table: RouteTable; addresses: IntervalSet }>();
  for (const piece of splitByRoutes(entryTable, trace.flow.subject, model, servicePrefixListIds)) {
    const target = piece.match?.target;
    const nat = target?.type === 'nat-gateway' ? model.natGateways.get(target.id) : undefined;
    const table = nat?.SubnetId ? model.routeTableOf(nat.SubnetId) : nat?.RouteTableId ? model.routeTables.get(nat.RouteTableId) : entryTable;
    if (!table?.RouteTableId) continue;
    const known = byTable.get(table.RouteTableId);
    byTable.set(table.RouteTableId, { table, addresses: (known?.addresses ?? IntervalSet.EMPTY).union(piece.addresses) });
  }
  const groups = [...byTable.values()];
  if (groups.length === 1) return replyRoute(trace, tgwId, groups[0]!.table);
  for (const { table, addresses } of groups) trace.branch(addresses, () => replyRoute(trace, tgwId, table));
}

function replyRoute(trace: PathTrace, tgwId: string, table: RouteTable): void {
  const pieces = splitByRoutes(table, cidrSet(trace.source.address), trace.model);
  const wrong = pieces.find((p) => !p.match || p.match.blackhole || p.match.target.type !== 'transit-gateway' || p.match.target.id !== tgwId);
  if (!wrong) {
    trace.add('route-table', table.RouteTableId!, true, `replies: ${describeRoute(pieces[0]!.match!)}`);
    return;
  }
  const what = trace.source.address.prefix === 32 ? trace.source.address.text.slice(0, -3) : trace.source.address.text;
  const found = wrong.match ? `${describeRoute(wrong.match)}${wrong.match.blackhole ? ' (blackhole)' : ''}` : `no route for ${what}`;
  const code = trace.raise('TGW_RETURN_ROUTE_MISSING', { resource: table.RouteTableId!, detail: `${found}, not ${tgwId}` }, { refs: { tgw: tgwId } });
  trace.add('route-table', table.RouteTableId!, false, `replies to ${what}: ${found}, not ${tgwId}`, [code]);
}
