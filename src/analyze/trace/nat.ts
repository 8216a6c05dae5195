// From a NAT gateway to the internet: the gateway itself, its subnet's ACL and route table, the
// internet gateway. A regional NAT gateway has no subnet: it must serve the source's AZ instead.
import type { BpaVia } from '../../model/bpa.js';
import type { NatGateway } from '../../snapshot/types.js';
import type { FindingCode } from '../codes.js';
import { bpaGatewayHop } from './bpa-hop.js';
import { aclCrossing } from './filters.js';
import { returnAtInternetGateway, returnAtNat } from './firewall-return.js';
import { natProxyHop } from './nat-proxy.js';
import type { PathTrace } from './path.js';
import { blockPiece, followPieces, tableStep, type RoutedPiece, type RouteStep } from './route.js';
import { endpointKind, throughAppliance } from './endpoint.js';
import { natHasPublicIp, natServedZones } from '../../model/nat.js';

export function traceNat(trace: PathTrace, natId: string, port: number): void {
  if (!trace.requireEc2('nat-gateway', natId, 'NatGateways')) return;
  const nat = trace.model.natGateways.get(natId);
  if (!nat) {
    const code = trace.raise('NAT_NOT_AVAILABLE', { resource: natId, detail: 'it is not in the account any more (deleted)' });
    trace.add('nat-gateway', natId, false, 'not found: deleted', [code]);
    return;
  }
  const regional = nat.AvailabilityMode === 'regional';
  natGatewayHop(trace, nat, regional);
  natProxyHop(trace, nat);
  returnAtNat(trace, nat);
  if (regional) regionalEgress(trace, nat);
  else zonalEgress(trace, nat, port);
}

function natGatewayHop(trace: PathTrace, nat: NatGateway, regional: boolean): void {
  const id = nat.NatGatewayId!;
  const codes: FindingCode[] = [];
  const notes: string[] = [];
  const state = nat.State ?? 'unknown';
  if (state !== 'available') {
    const failure = nat.FailureCode ? ` (${nat.FailureCode}${nat.FailureMessage ? `: ${nat.FailureMessage}` : ''})` : '';
    codes.push(trace.raise('NAT_NOT_AVAILABLE', { resource: id, detail: `state ${state}${failure}` }));
    notes.push(`state ${state}${failure}`);
  }
  if (nat.ConnectivityType === 'private') {
    codes.push(trace.raise('NAT_PRIVATE', { resource: id }));
    notes.push('private NAT gateway: the internet gateway drops its traffic');
  } else if (!natHasPublicIp(nat)) {
    codes.push(trace.raise('NAT_NO_PUBLIC_IP', { resource: id }));
    notes.push('no Elastic IP');
  }
  const az = trace.az;
  if (regional) {
    const zones = natServedZones(nat);
    if (!zones.has(az)) {
      codes.push(trace.raise('NAT_REGIONAL_AZ_NOT_SERVED', { resource: id, detail: `it serves ${[...zones].join(', ') || 'no Availability Zone'}, not ${az}` }));
      notes.push(`does not serve ${az}`);
    }
  } else {
    const natAz = nat.SubnetId ? trace.model.subnets.get(nat.SubnetId)?.AvailabilityZone : undefined;
    if (natAz && natAz !== az) {
      codes.push(trace.raise('NAT_CROSS_AZ', { resource: id, detail: `NAT in ${natAz}` }));
      notes.push(`in ${natAz}, used from ${az}`);
    }
  }
  const blocking = codes.some((c) => c !== 'NAT_CROSS_AZ');
  const where = regional ? 'regional' : `in ${nat.SubnetId}`;
  trace.add('nat-gateway', id, !blocking, [`${state}, ${where}`, ...notes].join('; '), codes);
}

function zonalEgress(trace: PathTrace, nat: NatGateway, port: number): void {
  const natSubnet = nat.SubnetId;
  if (!natSubnet) {
    trace.add('route-table', '(NAT subnet)', null, 'the NAT gateway names no subnet');
    return;
  }
  if (natSubnet !== trace.source.subnetId) aclCrossing(trace, natSubnet, 'entering', port);
  aclCrossing(trace, natSubnet, 'leaving', port);
  if (!trace.requireEc2('route-table', `route table of ${natSubnet}`, 'RouteTables')) return;
  const table = trace.model.routeTableOf(natSubnet);
  natRouteToIgw(trace, nat, table?.RouteTableId, natSubnet);
}

function regionalEgress(trace: PathTrace, nat: NatGateway): void {
  if (nat.RouteTableId && trace.model.routeTables.has(nat.RouteTableId)) {
    natRouteToIgw(trace, nat, nat.RouteTableId, undefined);
    return;
  }
  if (!trace.requireEc2('internet-gateway', '(internet gateway)', 'InternetGateways')) return;
  const igw = trace.model.attachedIgwOf(trace.vpcId);
  if (!igw?.InternetGatewayId) {
    const code = trace.raise('IGW_NOT_ATTACHED', { resource: trace.vpcId, detail: 'no internet gateway is attached to the VPC' });
    trace.add('internet-gateway', '(none)', false, `no internet gateway attached to ${trace.vpcId}`, [code]);
    return;
  }
  bpaGatewayHop(trace, igw.InternetGatewayId, `attached to ${trace.vpcId}`, undefined, 'nat');
}

/** The NAT gateway's table splits the traffic again: only pieces sent to an internet gateway (or through a firewall to one) go on. */
function natRouteToIgw(trace: PathTrace, nat: NatGateway, tableId: string | undefined, natSubnet: string | undefined): void {
  const natId = nat.NatGatewayId!;
  const label = tableId ?? `route table of ${natSubnet}`;
  const where = `${label}${natSubnet ? ` of ${natSubnet}` : ''}`;
  const noIgw = (what: string): FindingCode => trace.raise('NAT_SUBNET_NO_IGW_ROUTE', { resource: natId, detail: `${where} has ${what}` }, { alsoAbout: tableId ? [tableId] : [] });
  if (!tableId || !trace.model.routeTables.has(tableId)) {
    trace.add('route-table', label, false, "NAT gateway's table: no route table found", [noIgw('no route table')]);
    return;
  }
  const step = tableStep(trace, tableId, '', { deadCode: noIgw }, "NAT gateway's table: ");
  followPieces(trace, step, (piece) => toInternetGateway(trace, step, piece, noIgw, 0, natSubnet), true);
}

/** Firewalls between a NAT gateway and the internet gateway (AWS's inspection layout), at most three deep. */
const MAX_APPLIANCES = 3;

function toInternetGateway(trace: PathTrace, step: RouteStep, piece: RoutedPiece, noIgw: (what: string) => FindingCode, appliances: number, natSubnet: string | undefined): void {
  const { target, blackhole } = piece.match;
  // A blackholed route to an internet gateway still names it: say what is wrong with it too.
  if (target.type === 'internet-gateway') {
    internetGatewayHop(trace, target.id, natSubnet);
    return;
  }
  if (blackhole) return;
  if (target.type === 'vpc-endpoint' && endpointKind(trace, target.id) === 'appliance' && appliances < MAX_APPLIANCES) {
    const next = throughAppliance(trace, target.id, {});
    if (next) followPieces(trace, next, (p) => toInternetGateway(trace, next, p, noIgw, appliances + 1, natSubnet));
    return;
  }
  const what = `${piece.destinations.join(', ')} → ${target.id}`;
  blockPiece(trace, step, noIgw(appliances > 0 ? `after the firewall, ${step.hop.id} has ${what}` : what), 'not an internet gateway');
}

/**
 * `sourceSubnet`: the subnet that owns the packet's source address at the gateway (a zonal NAT gateway's; none for a regional one);
 * `via`: 'direct' when that address is the function's own (VPC Block Public Access judges the two apart).
 */
export function internetGatewayHop(trace: PathTrace, igwId: string, sourceSubnet: string | undefined, via: BpaVia = 'nat'): void {
  if (!trace.requireEc2('internet-gateway', igwId, 'InternetGateways')) return;
  const vpcId = trace.vpcId;
  if (trace.model.igwAttachedTo(igwId, vpcId)) {
    bpaGatewayHop(trace, igwId, `attached to ${vpcId}`, sourceSubnet, via);
    if (via === 'nat') returnAtInternetGateway(trace, igwId);
    return;
  }
  const igw = trace.model.internetGateways.get(igwId);
  const where = !igw ? 'it does not exist' : igw.Attachments?.length ? `attached to ${igw.Attachments.map((a) => `${a.VpcId} (${a.State})`).join(', ')}` : 'detached';
  const code = trace.raise('IGW_NOT_ATTACHED', { resource: igwId, detail: where });
  trace.add('internet-gateway', igwId, false, `not attached to ${vpcId}: ${where}`, [code]);
}

/** The last hop: the destination itself, reached only if nothing before it blocked. */
export function arrive(trace: PathTrace, kind: 'internet' | 'database' | 'network-interface' | 'vpc-endpoint', id: string, detail: string): void {
  const state = trace.soFar();
  const reached = state === true ? `reached ${detail}` : state === null ? `${detail}: not certain (see the unknown hops)` : `${detail}: not reached`;
  trace.add(kind, id, state, reached);
  trace.flow.deliver();
}

