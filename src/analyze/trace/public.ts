// Public destinations: the internet, a public host or address, an AWS service endpoint. Name
// resolution decides whether an interface endpoint takes the traffic; otherwise it leaves by the
// route table: a NAT gateway, a gateway endpoint, or something that cannot carry it.
import type { VpcEndpoint } from '../../snapshot/types.js';
import { ANY_PUBLIC, addressesOf } from '../../model/addresses.js';
import type { RouteQuery } from '../../model/routes.js';
import type { Goal } from '../targets.js';
import { endpointKind, gatewayEndpointHop, servicePrefixLists, throughAppliance, traceInterfaceEndpoint } from './endpoint.js';
import { aclCrossing, functionEgress } from './filters.js';
import { arrive, internetGatewayHop, traceNat } from './nat.js';
import type { PathTrace } from './path.js';
import { dnsResolves, dnsSupportHop } from './dns.js';
import { block, canFollow, markUnknown, routeStep, type RouteStep } from './route.js';
import { traceTransit } from './transit.js';

type PublicGoal = Extract<Goal, { kind: 'public' }>;

export function tracePublic(trace: PathTrace, goal: PublicGoal): void {
  const endpoint = goal.host ? resolveName(trace, goal) : null;
  if (endpoint) {
    traceInterfaceEndpoint(trace, endpoint, goal.port);
    return;
  }
  const query: RouteQuery = {
    addresses: goal.address ? addressesOf([goal.address]) : ANY_PUBLIC,
    servicePrefixListIds: goal.service ? servicePrefixLists(trace.model, trace.scope.vpcId, goal.service) : [],
  };
  functionEgress(trace, { addresses: query.addresses, groupIds: [], prefixListIds: query.servicePrefixListIds }, goal.port);
  aclCrossing(trace, trace.source.subnetId, 'leaving', query.addresses, goal.port);
  leaveByRoute(trace, query, goal);
}

/** Firewalls in the path (Gateway Load Balancer endpoints) forward by their own subnet's table. */
const MAX_APPLIANCES = 3;

function leaveByRoute(trace: PathTrace, query: RouteQuery, goal: PublicGoal): void {
  const destination = goal.host ?? goal.address?.text.replace(/\/32$/, '') ?? 'internet';
  routeOut(trace, trace.source.subnetId, query, goal);
  arrive(trace, 'internet', destination, `${goal.host || goal.address ? destination : 'a public address'} on tcp ${goal.port}`);
}

/** From a subnet's route table on: firewalls, then whatever the route names. */
function routeOut(trace: PathTrace, subnetId: string, query: RouteQuery, goal: PublicGoal): void {
  let step = routeStep(trace, subnetId, query);
  for (let appliances = 0; step?.match && canFollow(trace, step.match); appliances += 1) {
    const { target } = step.match;
    if (target.type !== 'vpc-endpoint' || endpointKind(trace, target.id) !== 'appliance' || appliances === MAX_APPLIANCES) {
      followRoute(trace, step, query, goal);
      break;
    }
    step = throughAppliance(trace, target.id, query);
  }
}

/** In the egress VPC behind a transit gateway: the attachment subnet's ACL, then its route table on. */
function fromEgressSubnet(trace: PathTrace, subnetId: string, query: RouteQuery, goal: PublicGoal): void {
  aclCrossing(trace, subnetId, 'entering', trace.source.addresses, goal.port);
  routeOut(trace, subnetId, query, goal);
}

function followRoute(trace: PathTrace, step: RouteStep, query: RouteQuery, goal: PublicGoal): void {
  const target = step.match!.target;
  switch (target.type) {
    case 'nat-gateway':
      traceNat(trace, target.id, query, goal.port);
      break;
    case 'internet-gateway':
      block(step.hop, trace.raise('SUBNET_ROUTES_TO_IGW', { resource: step.hop.id, detail: `route → ${target.id}` }), 'Lambda ENIs have no public IP, so the internet gateway drops this traffic');
      internetGatewayHop(trace, target.id);
      break;
    case 'vpc-endpoint':
      gatewayEndpointHop(trace, target.id, step.hop.id);
      break;
    case 'peering':
      block(step.hop, trace.raise('PEERING_NO_INTERNET', { resource: step.hop.id, detail: `route → ${target.id}` }), 'a peered VPC\'s NAT or internet gateway does not carry this VPC\'s traffic');
      break;
    case 'local':
      break;
    case 'transit-gateway':
      // One transit gateway hop is modelled; a second (egress VPC → another gateway) is not.
      if (trace.here === null) {
        traceTransit(trace, target.id, query, (subnetId) => fromEgressSubnet(trace, subnetId, query, goal));
        break;
      }
      markUnknown(step.hop, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: step.hop.id, detail: `${target.type} ${target.id}` }), `${target.type} ${target.id} is not analysed`);
      break;
    default:
      markUnknown(step.hop, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: step.hop.id, detail: `${target.type} ${target.id}` }), `${target.type} ${target.id} is not analysed`);
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
