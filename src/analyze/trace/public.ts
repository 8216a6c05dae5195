// Public destinations: the internet, a public host or address, an AWS service endpoint. Name
// resolution decides whether an interface endpoint takes the traffic; otherwise it leaves by the
// route table: a NAT gateway, a gateway endpoint, or something that cannot carry it.
import type { VpcEndpoint } from '../../snapshot/types.js';
import type { Goal } from '../targets.js';
import { endpointKind, gatewayEndpointHop, servicePrefixLists, throughAppliance, traceInterfaceEndpoint } from './endpoint.js';
import { aclCrossing, functionEgress } from './filters.js';
import { arrive, internetGatewayHop, traceNat } from './nat.js';
import type { PathTrace } from './path.js';
import { dnsResolves, dnsSupportHop } from './dns.js';
import { traceTransit } from './transit.js';
import { blockPiece, followPieces, routeStep, unknownPiece, type RouteOptions, type RoutedPiece, type RouteStep } from './route.js';

type PublicGoal = Extract<Goal, { kind: 'public' }>;

export function tracePublic(trace: PathTrace, goal: PublicGoal): void {
  const endpoint = goal.host ? resolveName(trace, goal) : null;
  if (endpoint) {
    traceInterfaceEndpoint(trace, endpoint, goal.port);
    return;
  }
  const options: RouteOptions = { servicePrefixListIds: goal.service ? servicePrefixLists(trace.model, trace.scope.vpcId, goal.service) : [] };
  functionEgress(trace, { groupIds: [], prefixListIds: options.servicePrefixListIds }, goal.port);
  aclCrossing(trace, trace.source.subnetId, 'leaving', goal.port);
  routeOut(trace, trace.source.subnetId, options, goal);
  const destination = goal.host ?? goal.address?.text.replace(/\/32$/, '') ?? 'internet';
  arrive(trace, 'internet', destination, `${goal.host || goal.address ? destination : 'a public address'} on tcp ${goal.port}`);
}

/** Firewalls in the path (Gateway Load Balancer endpoints) forward by their own subnet's table. */
const MAX_APPLIANCES = 3;

/** From a subnet's route table on: each piece follows its own next hop. */
function routeOut(trace: PathTrace, subnetId: string, options: RouteOptions, goal: PublicGoal): void {
  const step = routeStep(trace, subnetId, options);
  if (step) leaveBy(trace, step, options, goal, 0);
}

/** In the egress VPC behind a transit gateway: the attachment subnet's ACL, then its route table on. */
function fromEgressSubnet(trace: PathTrace, subnetId: string, options: RouteOptions, goal: PublicGoal): void {
  aclCrossing(trace, subnetId, 'entering', goal.port);
  routeOut(trace, subnetId, options, goal);
}

/** Each piece of the route step follows its own next hop. */
function leaveBy(trace: PathTrace, step: RouteStep, options: RouteOptions, goal: PublicGoal, appliances: number): void {
  followPieces(trace, step, (piece) => {
    const { target } = piece.match;
    if (target.type === 'vpc-endpoint' && endpointKind(trace, target.id) === 'appliance' && appliances < MAX_APPLIANCES) {
      const next = throughAppliance(trace, target.id, options);
      if (next) leaveBy(trace, next, options, goal, appliances + 1);
      return;
    }
    followRoute(trace, step, piece, options, goal);
  });
}

function followRoute(trace: PathTrace, step: RouteStep, piece: RoutedPiece, options: RouteOptions, goal: PublicGoal): void {
  const { target } = piece.match;
  const tableId = step.hop.id;
  switch (target.type) {
    case 'nat-gateway':
      traceNat(trace, target.id, goal.port);
      break;
    case 'internet-gateway':
      blockPiece(trace, step, trace.raise('SUBNET_ROUTES_TO_IGW', { resource: tableId, detail: `route → ${target.id}` }), 'Lambda ENIs have no public IP, so the internet gateway drops this traffic');
      internetGatewayHop(trace, target.id, trace.source.subnetId, 'direct');
      break;
    case 'vpc-endpoint':
      gatewayEndpointHop(trace, target.id, tableId);
      break;
    case 'peering':
      blockPiece(trace, step, trace.raise('PEERING_NO_INTERNET', { resource: tableId, detail: `route → ${target.id}` }, { refs: { cidr: piece.destinations[0] } }), 'a peered VPC\'s NAT or internet gateway does not carry this VPC\'s traffic');
      break;
    case 'local':
      break;
    case 'transit-gateway':
      // One transit gateway hop is modelled; a second (egress VPC → another gateway) is not.
      if (trace.here === null) {
        traceTransit(trace, target.id, options.servicePrefixListIds ?? [], (subnetId) => fromEgressSubnet(trace, subnetId, options, goal));
        break;
      }
      unknownPiece(trace, step, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `${target.type} ${target.id}` }), `${target.type} ${target.id} is not analysed`);
      break;
    default:
      unknownPiece(trace, step, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `${target.type} ${target.id}` }), `${target.type} ${target.id} is not analysed`);
  }
}

/** The DNS hop: whether the name resolves, and to an interface endpoint or to public addresses. */
function resolveName(trace: PathTrace, goal: PublicGoal): VpcEndpoint | null {
  const host = goal.host!;
  if (!goal.service) {
    dnsSupportHop(trace, host, 'resolves to public addresses');
    return null;
  }
  if (!dnsResolves(trace, host)) return null;
  const attributes = trace.model.vpcAttributes(trace.scope.vpcId) ?? {};
  if (!trace.requireEc2('dns', host, 'VpcEndpoints')) return null;
  const endpoint = servingEndpoint(trace, goal.service);
  if (!endpoint) {
    trace.add('dns', host, true, 'resolves to public addresses (no interface endpoint for it)');
    return null;
  }
  if (!endpoint.PrivateDnsEnabled) {
    const code = trace.raise('ENDPOINT_PRIVATE_DNS_OFF', { resource: endpoint.VpcEndpointId!, detail: endpoint.ServiceName });
    trace.add('dns', host, true, `resolves to public addresses: ${endpoint.VpcEndpointId} has private DNS off`, [code]);
    return null;
  }
  if (attributes.EnableDnsHostnames === false) {
    const code = trace.raise('VPC_DNS_DISABLED', { resource: trace.scope.vpcId, detail: `enableDnsHostnames is off, so ${endpoint.VpcEndpointId}'s private DNS name is not used` }, { severity: 'warning' });
    trace.add('dns', host, true, 'resolves to public addresses: enableDnsHostnames is off', [code]);
    return null;
  }
  trace.add('dns', host, true, `resolves to ${endpoint.VpcEndpointId} (private DNS)`);
  return endpoint;
}

const GONE = new Set(['deleted', 'deleting', 'rejected', 'expired']);

/** The interface endpoint that serves the service, noting an SES endpoint of the other kind. */
function servingEndpoint(trace: PathTrace, service: string): VpcEndpoint | null {
  const prefix = `com.amazonaws.${trace.model.region}.`;
  const interfaces = trace.model.endpoints.filter((e) => e.VpcEndpointId && e.VpcId === trace.scope.vpcId && e.VpcEndpointType?.toLowerCase() === 'interface');
  // A FIPS endpoint (…-fips) answers only the -fips host name, so it does not serve this one.
  const serving = interfaces.find((e) => e.ServiceName === `${prefix}${service}` && !GONE.has(e.State?.toLowerCase() ?? ''));
  const other = service === 'email' ? 'email-smtp' : service === 'email-smtp' ? 'email' : null;
  const wrong = other ? interfaces.find((e) => e.ServiceName === `${prefix}${other}`) : undefined;
  if (wrong?.VpcEndpointId && !serving) {
    trace.raise('ENDPOINT_WRONG_SERVICE', { resource: wrong.VpcEndpointId, detail: `${wrong.ServiceName} does not serve ${prefix}${service}` });
  }
  return serving ?? null;
}
