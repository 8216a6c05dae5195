// VPC endpoints: an interface endpoint is a set of network interfaces in chosen subnets, reached
// like any address in the VPC; a gateway endpoint is a route target for its service's prefix list.
import type { NetworkInterface, VpcEndpoint } from '../../snapshot/types.js';
import { parseCidr, type Cidr } from '../../model/cidr.js';
import { cidrSet } from '../../model/ipv4-set.js';
import type { NetworkModel } from '../../model/network.js';
import { aclCrossing, destinationIngress, functionEgress } from './filters.js';
import type { FindingCode } from '../codes.js';
import type { PathTrace } from './path.js';
import { networkFirewallHop } from './firewall.js';
import { routeStep, type RouteOptions, type RouteStep } from './route.js';

/** Prefix lists that stand for a service reached through one of the VPC's gateway endpoints. */
export function servicePrefixLists(model: NetworkModel, vpcId: string, service: string): string[] {
  return model.memo(`service-prefix-lists ${vpcId} ${service}`, () => findServicePrefixLists(model, vpcId, service));
}

function findServicePrefixLists(model: NetworkModel, vpcId: string, service: string): string[] {
  const serviceName = `com.amazonaws.${model.region}.${service}`;
  const gateways = model.endpoints.filter((e) => e.VpcId === vpcId && e.VpcEndpointType?.toLowerCase() === 'gateway' && e.ServiceName === serviceName);
  if (gateways.length === 0) return [];
  const ids = new Set<string>();
  for (const list of model.prefixLists.values()) if (list.PrefixListName === serviceName && list.PrefixListId) ids.add(list.PrefixListId);
  const endpointIds = new Set(gateways.map((g) => g.VpcEndpointId));
  for (const table of model.routeTables.values()) {
    for (const route of table.Routes ?? []) if (route.DestinationPrefixListId && endpointIds.has(route.GatewayId)) ids.add(route.DestinationPrefixListId);
  }
  return [...ids];
}

/** What a vpce- route target is: a gateway endpoint (S3, DynamoDB) or an appliance (Gateway Load Balancer). */
export function endpointKind(trace: PathTrace, endpointId: string): 'gateway' | 'appliance' | 'unknown' {
  const type = trace.model.endpoints.find((e) => e.VpcEndpointId === endpointId)?.VpcEndpointType?.toLowerCase();
  return type === 'gateway' ? 'gateway' : type === 'gatewayloadbalancer' ? 'appliance' : 'unknown';
}

/** The vpc-endpoint hop of a route target: it must exist and be available. */
function endpointStateHop(trace: PathTrace, endpointId: string, what: string): VpcEndpoint | undefined {
  if (!trace.requireEc2('vpc-endpoint', endpointId, 'VpcEndpoints')) return undefined;
  const endpoint = trace.model.endpoints.find((e) => e.VpcEndpointId === endpointId);
  const state = endpoint?.State ?? 'not found';
  const available = state.toLowerCase() === 'available';
  const codes = available ? [] : [trace.raise('ENDPOINT_NOT_AVAILABLE', { resource: endpointId, detail: `state ${state}` })];
  trace.add('vpc-endpoint', endpointId, available ? trace.soFar() : false, `${what} (${state})`, codes);
  return endpoint;
}

export function gatewayEndpointHop(trace: PathTrace, endpointId: string, tableId: string): void {
  const kind = endpointKind(trace, endpointId);
  if (kind === 'unknown' && trace.model.missingEc2('VpcEndpoints') === null) {
    const code = trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `endpoint ${endpointId}, which the snapshot does not describe` });
    trace.add('vpc-endpoint', endpointId, null, 'an endpoint the snapshot does not describe', [code]);
    return;
  }
  const service = trace.model.endpoints.find((e) => e.VpcEndpointId === endpointId)?.ServiceName;
  endpointStateHop(trace, endpointId, `gateway endpoint for ${service ?? 'an unknown service'}`);
}

/**
 * Through a Gateway Load Balancer endpoint (a firewall): the inspected traffic leaves by the route
 * table of the endpoint's subnet (the one in the source's AZ if there is one).
 */
export function throughAppliance(trace: PathTrace, endpointId: string, options: RouteOptions): RouteStep | undefined {
  const endpoint = endpointStateHop(trace, endpointId, 'Gateway Load Balancer endpoint (firewall)');
  if (endpoint) networkFirewallHop(trace, endpointId);
  const subnets = endpoint?.SubnetIds ?? [];
  const subnetId = subnets.find((s) => trace.model.subnets.get(s)?.AvailabilityZone === trace.source.az) ?? subnets[0];
  if (!subnetId) {
    trace.add('route-table', `route table after ${endpointId}`, null, 'the endpoint names no subnet: where inspected traffic goes is unknown');
    return undefined;
  }
  return routeStep(trace, subnetId, options);
}

interface EndpointPlace {
  subnetId: string;
  address: Cidr;
}

/** The endpoint interface the function would use: its own subnet, else its AZ, else any. */
function placeFor(trace: PathTrace, endpoint: VpcEndpoint): EndpointPlace | null {
  const { model, source } = trace;
  const interfaces = (endpoint.NetworkInterfaceIds ?? [])
    .map((id) => model.networkInterfaces.find((n) => n.NetworkInterfaceId === id))
    .filter((n): n is NetworkInterface => n?.SubnetId !== undefined);
  const pick = <T extends { subnetId: string }>(items: T[]): T | undefined =>
    items.find((i) => i.subnetId === source.subnetId) ?? items.find((i) => model.subnets.get(i.subnetId)?.AvailabilityZone === source.az) ?? items[0];
  const fromEnis = pick(interfaces.map((n) => ({ subnetId: n.SubnetId!, address: parseCidr(n.PrivateIpAddress) })).filter((p): p is EndpointPlace => p.address !== null));
  if (fromEnis) return fromEnis;
  const fromSubnets = pick((endpoint.SubnetIds ?? []).map((s) => ({ subnetId: s, address: model.subnetCidr(s) })).filter((p): p is EndpointPlace => p.address !== null));
  return fromSubnets ?? null;
}

export function traceInterfaceEndpoint(trace: PathTrace, endpoint: VpcEndpoint, port: number): void {
  const id = endpoint.VpcEndpointId!;
  const groupIds = (endpoint.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g);
  const place = placeFor(trace, endpoint);
  if (!place) {
    trace.add('vpc-endpoint', id, null, 'the endpoint lists no subnets or interfaces in the snapshot');
    return;
  }
  // The name resolves to the endpoint's interface: from here on the traffic goes to that address.
  trace.flow.readdress(cidrSet(place.address));
  const crossSubnet = place.subnetId !== trace.source.subnetId;
  functionEgress(trace, { groupIds }, port);
  if (crossSubnet) aclCrossing(trace, trace.source.subnetId, 'leaving', port);
  const step = routeStep(trace, trace.source.subnetId);
  const elsewhere = step?.pieces.find((p) => p.match.target.type !== 'local' && !p.match.blackhole);
  if (step && elsewhere) {
    trace.markUnknown(step.hop, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: step.hop.id, detail: `${elsewhere.match.target.id}: a route more specific than local takes traffic to the endpoint elsewhere` }), 'not the local route');
  }
  if (crossSubnet) aclCrossing(trace, place.subnetId, 'entering', port);
  destinationIngress(trace, groupIds, port, { groupReferences: true });
  endpointHop(trace, endpoint, place);
}

function endpointHop(trace: PathTrace, endpoint: VpcEndpoint, place: EndpointPlace): void {
  const id = endpoint.VpcEndpointId!;
  const state = endpoint.State ?? 'unknown';
  const codes: FindingCode[] = [];
  if (state.toLowerCase() !== 'available') codes.push(trace.raise('ENDPOINT_NOT_AVAILABLE', { resource: id, detail: `state ${state}` }));
  const zones = new Set((endpoint.SubnetIds ?? []).map((s) => trace.model.subnets.get(s)?.AvailabilityZone));
  const placeAz = trace.model.subnets.get(place.subnetId)?.AvailabilityZone;
  if (!zones.has(trace.source.az) && placeAz !== trace.source.az) {
    codes.push(trace.raise('ENDPOINT_NO_SUBNET_IN_AZ', { resource: id, detail: `its nearest interface is in ${placeAz ?? 'another zone'}` }));
  }
  const blocked = codes.includes('ENDPOINT_NOT_AVAILABLE');
  const before = trace.soFar();
  trace.add('vpc-endpoint', id, blocked ? false : before, `${endpoint.ServiceName} (${state}) via ${place.address.text.replace('/32', '')} in ${place.subnetId}`, codes);
  trace.flow.deliver();
}
