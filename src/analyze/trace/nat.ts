// From a NAT gateway to the internet: the gateway itself, its subnet's ACL and route table, the
// internet gateway. A regional NAT gateway has no subnet: it must serve the source's AZ instead.
import type { NatGateway } from '../../snapshot/types.js';
import type { FindingCode } from '../codes.js';
import { aclCrossing } from './filters.js';
import type { PathTrace } from './path.js';
import { block, describeRoute, type RouteStep } from './route.js';
import { endpointKind, throughAppliance } from './endpoint.js';
import { internetRoute, natHasPublicIp, natServedZones } from '../../model/nat.js';
import { lookupRoute, type RouteQuery } from '../../model/routes.js';

export function traceNat(trace: PathTrace, natId: string, query: RouteQuery, port: number): void {
  if (!trace.requireEc2('nat-gateway', natId, 'NatGateways')) return;
  const nat = trace.model.natGateways.get(natId);
  if (!nat) {
    const code = trace.raise('NAT_NOT_AVAILABLE', { resource: natId, detail: 'it is not in the account any more (deleted)' });
    trace.add('nat-gateway', natId, false, 'not found: deleted', [code]);
    return;
  }
  const regional = nat.AvailabilityMode === 'regional';
  natGatewayHop(trace, nat, regional);
  if (regional) regionalEgress(trace, nat, query);
  else zonalEgress(trace, nat, query, port);
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

function zonalEgress(trace: PathTrace, nat: NatGateway, query: RouteQuery, port: number): void {
  const natSubnet = nat.SubnetId;
  if (!natSubnet) {
    trace.add('route-table', '(NAT subnet)', null, 'the NAT gateway names no subnet');
    return;
  }
  if (natSubnet !== trace.source.subnetId) aclCrossing(trace, natSubnet, 'entering', trace.source.addresses, port);
  aclCrossing(trace, natSubnet, 'leaving', query.addresses, port);
  if (!trace.requireEc2('route-table', `route table of ${natSubnet}`, 'RouteTables')) return;
  const table = trace.model.routeTableOf(natSubnet);
  natRouteToIgw(trace, nat, table?.RouteTableId, query, natSubnet);
}

function regionalEgress(trace: PathTrace, nat: NatGateway, query: RouteQuery): void {
  if (nat.RouteTableId && trace.model.routeTables.has(nat.RouteTableId)) {
    natRouteToIgw(trace, nat, nat.RouteTableId, query, undefined);
    return;
  }
  if (!trace.requireEc2('internet-gateway', '(internet gateway)', 'InternetGateways')) return;
  const igw = trace.model.attachedIgwOf(trace.vpcId);
  if (!igw?.InternetGatewayId) {
    const code = trace.raise('IGW_NOT_ATTACHED', { resource: trace.vpcId, detail: 'no internet gateway is attached to the VPC' });
    trace.add('internet-gateway', '(none)', false, `no internet gateway attached to ${trace.vpcId}`, [code]);
    return;
  }
  trace.add('internet-gateway', igw.InternetGatewayId, true, `attached to ${trace.vpcId}`);
}

function natRouteToIgw(trace: PathTrace, nat: NatGateway, tableId: string | undefined, query: RouteQuery, natSubnet: string | undefined): void {
  const natId = nat.NatGatewayId!;
  const table = tableId ? trace.model.routeTables.get(tableId) : undefined;
  const label = tableId ?? `route table of ${natSubnet}`;
  const firewall = table ? lookupRoute(table, query, trace.model).match : null;
  if (firewall && !firewall.blackhole && firewall.target.type === 'vpc-endpoint' && endpointKind(trace, firewall.target.id) === 'appliance') {
    // NAT gateway → firewall (Gateway Load Balancer endpoint) → internet gateway: AWS's inspection layout.
    trace.add('route-table', label, true, `NAT gateway's table: ${describeRoute(firewall)}`);
    afterFirewall(trace, natId, throughAppliance(trace, firewall.target.id, query));
    return;
  }
  // Whether the gateway is attached is the internet-gateway hop's question (it needs InternetGateways).
  const { match, igwId } = internetRoute(trace.model, table, trace.vpcId, query);
  const toIgw = igwId !== null;
  if (!match || match.blackhole || !toIgw) {
    const found = !match ? 'no route for the destination' : `${describeRoute(match)}${match.blackhole ? ' (blackhole)' : ''}`;
    const code = trace.raise('NAT_SUBNET_NO_IGW_ROUTE', { resource: natId, detail: `${label}${natSubnet ? ` of ${natSubnet}` : ''} has ${found}` }, { alsoAbout: tableId ? [tableId] : [] });
    trace.add('route-table', label, false, `NAT gateway's table: ${found}${toIgw ? '' : ', not an internet gateway'}`, [code]);
  } else {
    trace.add('route-table', label, true, `NAT gateway's table: ${describeRoute(match)}`);
  }
  // A blackholed route to an internet gateway still names it: say what is wrong with it too.
  if (igwId) internetGatewayHop(trace, igwId);
}

/** After the firewall, its subnet's route must lead to an internet gateway, as the NAT subnet's would. */
function afterFirewall(trace: PathTrace, natId: string, step: RouteStep | undefined): void {
  if (!step) return;
  const target = step.match?.target;
  if (target?.type === 'internet-gateway') {
    internetGatewayHop(trace, target.id);
    return;
  }
  if (step.hop.ok !== false) {
    const found = step.match ? describeRoute(step.match) : 'no route for the destination';
    block(step.hop, trace.raise('NAT_SUBNET_NO_IGW_ROUTE', { resource: natId, detail: `after the firewall, ${step.hop.id} has ${found}` }, { alsoAbout: [step.hop.id] }), 'not an internet gateway');
  }
}

export function internetGatewayHop(trace: PathTrace, igwId: string): void {
  if (!trace.requireEc2('internet-gateway', igwId, 'InternetGateways')) return;
  const vpcId = trace.vpcId;
  if (trace.model.igwAttachedTo(igwId, vpcId)) {
    trace.add('internet-gateway', igwId, true, `attached to ${vpcId}`);
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
}

