// IPv6 egress of a dual-stack function: the function must allow IPv6 (VpcConfig.Ipv6AllowedForDualStack)
// and sit in a subnet with an IPv6 block; then the IPv6 egress rules of its security groups, the IPv6
// entries of the subnet's ACL, and the subnet's IPv6 route: ::/0 → an egress-only internet gateway (or
// an internet gateway: IPv6 addresses are global, nothing is translated) attached to the VPC. No NAT
// gateway is involved. NAT64 (64:ff9b::/96 → a NAT gateway, with Route 53 DNS64) and IPv6 through a
// transit gateway are reported as unknown with the reason.
import type { NetworkInterface } from '../../snapshot/types.js';
import {
  NAT64_PREFIX, covers6, evaluateAcl6, groupsAdmit6, lookupRoute6, parseCidr6, subnetIpv6Blocks, type Cidr6,
} from '../../model/ipv6.js';
import type { FindingCode } from '../codes.js';
import type { Goal } from '../targets.js';
import { bpaGatewayHop } from './bpa-hop.js';
import { internetGatewayHop } from './nat.js';
import type { PathTrace } from './path.js';

type Public6Goal = Extract<Goal, { kind: 'public6' }>;

const EPHEMERAL: [number, number] = [1024, 65535];

export function traceIpv6(trace: PathTrace, goal: Public6Goal, eni: NetworkInterface | undefined): void {
  const destination = goal.address;
  const label = goal.any ? 'any global IPv6 address' : destination.text.replace(/\/128$/, '');
  dualStackHop(trace);
  const source = sourceAddress(trace, eni);
  if (source) {
    groupsHop(trace, destination, goal.port, label);
    aclHop(trace, destination, goal.port, label);
    routeHop(trace, destination, label);
  }
  arrive6(trace, goal.any ? 'internet6' : label, `${label} on tcp ${goal.port}`);
}

/** The last hop, decided by the hops: the IPv4 address sets of the flow do not carry IPv6. */
function arrive6(trace: PathTrace, id: string, detail: string): void {
  const state = trace.hops.some((h) => h.ok === false) ? false : trace.hops.some((h) => h.ok === null) ? null : true;
  const reached = state === true ? `reached ${detail}` : state === null ? `${detail}: not certain (see the unknown hops)` : `${detail}: not reached`;
  trace.add('internet', id, state, reached);
}

function dualStackHop(trace: PathTrace): void {
  if (trace.scope.fn.VpcConfig?.Ipv6AllowedForDualStack === true) return;
  const code = trace.raise('IPV6_NOT_ALLOWED', { resource: trace.scope.name });
  trace.add('eni', trace.scope.name, false, 'Ipv6AllowedForDualStack is off: the function sends no IPv6 traffic', [code]);
}

function sourceAddress(trace: PathTrace, eni: NetworkInterface | undefined): Cidr6 | null {
  const { subnet, subnetId } = trace.source;
  const blocks = subnetIpv6Blocks(subnet);
  if (blocks.length === 0) {
    const code = trace.raise('IPV6_SUBNET_NO_BLOCK', { resource: subnetId });
    trace.add('eni', subnetId, false, 'the subnet has no IPv6 block: the function gets no IPv6 address here', [code]);
    return null;
  }
  const assigned = (eni as (NetworkInterface & { Ipv6Addresses?: { Ipv6Address?: string }[] }) | undefined)?.Ipv6Addresses?.[0]?.Ipv6Address;
  const address = parseCidr6(assigned) ?? blocks[0]!;
  trace.add('eni', eni?.NetworkInterfaceId ?? subnetId, true, `IPv6 source ${address.text.replace(/\/128$/, '')}`);
  return address;
}

function groupsHop(trace: PathTrace, destination: Cidr6, port: number, label: string): void {
  const id = trace.scope.groupIds.join(', ') || '(no security group)';
  if (!trace.requireEc2('security-group', id, 'SecurityGroups')) return;
  if (groupsAdmit6(trace.scope.groups, destination, port)) {
    trace.add('security-group', id, true, `an IPv6 egress rule allows tcp ${port} to ${label}`);
    return;
  }
  const code = trace.raise('SG_EGRESS_DENIED', { resource: id, detail: `no IPv6 egress rule (Ipv6Ranges) allows tcp ${port} to ${label}` });
  trace.add('security-group', id, false, `no IPv6 egress rule allows tcp ${port} to ${label} (IPv4 rules do not apply to IPv6)`, [code]);
}

function aclHop(trace: PathTrace, destination: Cidr6, port: number, label: string): void {
  const { subnetId } = trace.source;
  if (!trace.requireEc2('network-acl', `acl of ${subnetId}`, 'NetworkAcls')) return;
  const acl = trace.model.networkAclOf(subnetId);
  if (!acl?.NetworkAclId) {
    trace.add('network-acl', `acl of ${subnetId}`, null, `no network ACL found for ${subnetId}`);
    return;
  }
  const entries = acl.Entries ?? [];
  const out = evaluateAcl6(entries, true, destination, [port, port]);
  const back = evaluateAcl6(entries, false, destination, EPHEMERAL);
  const codes: FindingCode[] = [];
  const problems: string[] = [];
  if (!out.allowed) {
    codes.push(trace.raise('NACL_EGRESS_DENIED', { resource: acl.NetworkAclId, detail: `outbound IPv6 tcp ${port} to ${label} denied by rule ${out.rule}` }));
    problems.push(`outbound IPv6 tcp ${port} denied by rule ${out.rule}`);
  }
  if (!back.allowed) {
    codes.push(trace.raise('NACL_RETURN_DENIED', { resource: acl.NetworkAclId, detail: `inbound IPv6 tcp 1024-65535 from ${label} denied by rule ${back.rule}` }));
    problems.push(`IPv6 replies (inbound tcp 1024-65535) denied by rule ${back.rule}`);
  }
  trace.add('network-acl', acl.NetworkAclId, problems.length === 0, problems.length ? problems.join('; ') : `IPv6 entries allow tcp ${port} to ${label} and the replies`, codes);
}

function routeHop(trace: PathTrace, destination: Cidr6, label: string): void {
  const { subnetId } = trace.source;
  if (!trace.requireEc2('route-table', `route table of ${subnetId}`, 'RouteTables')) return;
  const table = trace.model.routeTableOf(subnetId);
  const tableId = table?.RouteTableId ?? `route table of ${subnetId}`;
  const match = table ? lookupRoute6(table, destination) : null;
  if (!match) {
    const code = trace.raise('NO_ROUTE', { resource: tableId, detail: `no IPv6 route (such as ::/0 → an egress-only internet gateway) matches ${label}` }, { refs: { cidr: '::/0' } });
    trace.add('route-table', tableId, false, `no IPv6 route for ${label}`, [code]);
    return;
  }
  const { route } = match;
  const shown = `${route.DestinationIpv6CidrBlock} → ${route.EgressOnlyInternetGatewayId ?? route.GatewayId ?? route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? '?'}`;
  if (route.State === 'blackhole') {
    const code = trace.raise('ROUTE_BLACKHOLE', { resource: tableId, detail: shown }, { refs: { cidr: route.DestinationIpv6CidrBlock } });
    trace.add('route-table', tableId, false, `${shown} is a blackhole`, [code]);
    return;
  }
  if (route.EgressOnlyInternetGatewayId) {
    trace.add('route-table', tableId, true, shown);
    egressOnlyGatewayHop(trace, route.EgressOnlyInternetGatewayId);
    return;
  }
  if (route.GatewayId?.startsWith('igw-')) {
    trace.add('route-table', tableId, true, `${shown} (IPv6 addresses are global: no translation needed)`);
    internetGatewayHop(trace, route.GatewayId, trace.source.subnetId, 'direct');
    return;
  }
  const nat64 = route.NatGatewayId && covers6(NAT64_PREFIX, destination);
  const why = nat64
    ? 'NAT64 through a NAT gateway (with Route 53 Resolver DNS64) is not modelled'
    : route.GatewayId === 'local' ? 'IPv6 destinations inside the VPC are not modelled' : 'this IPv6 route target is not modelled';
  const code = trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `${shown}: ${why}` });
  trace.add('route-table', tableId, null, `${shown}: ${why}`, [code]);
}

function egressOnlyGatewayHop(trace: PathTrace, eigwId: string): void {
  if (!trace.requireEc2('internet-gateway', eigwId, 'EgressOnlyInternetGateways')) return;
  const gateway = (trace.model.snapshot.ec2.EgressOnlyInternetGateways ?? []).find((g) => g.EgressOnlyInternetGatewayId === eigwId);
  const vpcId = trace.vpcId;
  if (gateway?.Attachments?.some((a) => a.VpcId === vpcId && (a.State === 'attached' || a.State === 'available'))) {
    // Nothing is translated: the function's own subnet is the one an exclusion must cover.
    bpaGatewayHop(trace, eigwId, `egress-only internet gateway attached to ${vpcId}`, trace.source.subnetId, 'egress-only');
    return;
  }
  const where = !gateway ? 'it does not exist' : `attached to ${(gateway.Attachments ?? []).map((a) => `${a.VpcId} (${a.State})`).join(', ') || 'nothing'}`;
  const code = trace.raise('IGW_NOT_ATTACHED', { resource: eigwId, detail: where });
  trace.add('internet-gateway', eigwId, false, `not attached to ${vpcId}: ${where}`, [code]);
}

