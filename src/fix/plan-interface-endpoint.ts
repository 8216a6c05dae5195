// `--via endpoint`: AWS service targets reached through interface VPC endpoints instead of a NAT
// gateway: one endpoint per service (com.amazonaws.<region>.email serves the SES API), with an
// interface in a function subnet of each function AZ, private DNS on (so the SDK's usual host name
// resolves to it), and a new security group that admits the functions' groups on the service port.
// Only when every failing egress target is such a service: the internet is not one.
import type { NetworkModel } from '../model/network.js';
import type { Subnet } from '../snapshot/types.js';
import type { Report } from '../analyze/types.js';
import { collectBlockers, type Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { BPA_CODE } from './plan-bpa.js';
import { REGIONAL_AZ_CODE } from './plan-regional-az.js';
import { EGRESS_CODES } from './plan-egress.js';
import { addRule } from './plan-sg.js';
import { ref, tagSpec, WAIT_ENDPOINT_AVAILABLE, WAIT_ENDPOINT_DELETED, type FixLimits } from './types.js';

/** Served free by gateway endpoints, whose interface endpoints need more care (not planned here). */
const GATEWAY_SERVICES = new Set(['s3', 'dynamodb']);
const GONE = new Set(['deleted', 'deleting', 'rejected', 'expired', 'failed']);

export interface EndpointPlan {
  handled: Set<Blocker>;
  /** Why no endpoint plan exists (the whole plan is then refused). */
  refused?: string;
}

interface ServiceNeed {
  service: string;
  serviceName: string;
  port: number;
  targets: Set<string>;
  blockers: Blocker[];
}

/**
 * The blockers whose path breaks on the way out (NAT layer, or VPC Block Public Access at the
 * internet gateway): the ones an endpoint could take instead, since its traffic stays in the VPC.
 */
const OUT_CODES = new Set([...EGRESS_CODES, BPA_CODE, REGIONAL_AZ_CODE]);
const outCodes = (b: Blocker): string[] => b.codes.filter((c) => OUT_CODES.has(c));

export function egressBlockers(blockers: Blocker[]): Blocker[] {
  return blockers.filter((b) => b.goal.kind === 'public' && outCodes(b).length > 0);
}

/** The endpoint service names an endpoint plan for the report would use (read live: which AZs offer them). */
export function endpointServiceNames(model: NetworkModel, report: Report): string[] {
  const names = egressBlockers(collectBlockers(model, report)).filter((b) => endpointRefusal(b) === null)
    .map((b) => `com.amazonaws.${model.region}.${(b.goal as { service: string }).service}`);
  return [...new Set(names)].sort();
}

/** Why this target cannot go through an interface endpoint, or null when it can. */
export function endpointRefusal(blocker: Blocker): string | null {
  const { goal, target } = blocker;
  if (goal.kind !== 'public' || !goal.service) {
    return `${target} is not an AWS service endpoint, so no VPC endpoint can serve it; the NAT plan (--fix without --via endpoint) does`;
  }
  if (GATEWAY_SERVICES.has(goal.service)) {
    return `${target}: com.amazonaws.<region>.${goal.service} is served free by a gateway endpoint, which --via endpoint does not create; add one (CreateVpcEndpoint VpcEndpointType=Gateway RouteTableIds=…) or use the NAT plan`;
  }
  return null;
}

export function planInterfaceEndpoints(model: NetworkModel, blockers: Blocker[], plan: PlanBuilder, limits: FixLimits = {}): EndpointPlan {
  const handled = new Set<Blocker>();
  const egress = egressBlockers(blockers);
  const refusals = [...new Set(egress.map(endpointRefusal).filter((r): r is string => r !== null))];
  if (refusals.length > 0) return { handled, refused: refusals.join('; ') };
  const byVpc = new Map<string, Map<string, ServiceNeed>>();
  for (const blocker of egress) {
    const goal = blocker.goal as { service: string; port: number };
    const vpcId = blocker.fn.vpcId ?? '';
    const needs = byVpc.get(vpcId) ?? new Map<string, ServiceNeed>();
    byVpc.set(vpcId, needs);
    const serviceName = `com.amazonaws.${model.region}.${goal.service}`;
    const need = needs.get(serviceName) ?? { service: goal.service, serviceName, port: goal.port, targets: new Set(), blockers: [] };
    needs.set(serviceName, need);
    need.targets.add(blocker.target);
    need.blockers.push(blocker);
  }
  for (const [vpcId, needs] of byVpc) {
    const refused = vpcRefusal(model, vpcId, [...needs.values()], limits);
    if (refused) return { handled, refused };
  }
  for (const [vpcId, needs] of byVpc) {
    const all = [...needs.values()];
    const functions = [...new Map(all.flatMap((n) => n.blockers.map((b) => [b.fn.name, b.fn]))).values()];
    const groups = [...new Set(functions.flatMap((f) => f.securityGroupIds))];
    const names = functions.map((f) => f.name).join(', ');
    const sg = plan.add({
      action: 'CreateSecurityGroup', iamAction: 'ec2:CreateSecurityGroup',
      params: { GroupName: `vpcdoctor-endpoints-${vpcId}`, Description: `vpcdoctor: interface endpoints for ${names}`.slice(0, 255), VpcId: vpcId, TagSpecifications: tagSpec('security-group', 'vpcdoctor-endpoints') },
      why: `a security group for the new interface endpoints: it admits ${names} (${groups.join(', ')}) and nothing else`,
    });
    const groupId = ref(sg, 'GroupId');
    plan.steps[sg - 1]!.undo = [{ action: 'DeleteSecurityGroup', params: { GroupId: groupId } }];
    const done = new Set<string>();
    for (const port of new Set(all.map((n) => n.port))) {
      for (const source of groups) {
        addRule(plan, done, 'Ingress', groupId, port, { UserIdGroupPairs: [{ GroupId: source, Description: `vpcdoctor: from ${names}` }] }, source,
          `the endpoints' group admits ${source} on tcp ${port}`, null);
      }
    }
    for (const need of all) endpointSteps(model, vpcId, need, functions.flatMap((f) => f.subnetIds), groupId, plan, limits);
  }
  for (const need of [...byVpc.values()].flatMap((m) => [...m.values()])) {
    for (const blocker of need.blockers) handled.add(blocker);
    plan.addresses(need.blockers.flatMap(outCodes));
  }
  return { handled };
}

/** Private DNS needs both VPC DNS attributes; an existing endpoint for the service is for a human to fix. */
function vpcRefusal(model: NetworkModel, vpcId: string, needs: ServiceNeed[], limits: FixLimits): string | null {
  const attributes = model.vpcAttributes(vpcId);
  const off = [attributes?.EnableDnsSupport === false ? 'enableDnsSupport' : '', attributes?.EnableDnsHostnames === false ? 'enableDnsHostnames' : ''].filter(Boolean);
  if (off.length > 0) {
    const commands = off.map((a) => `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --${a === 'enableDnsSupport' ? 'enable-dns-support' : 'enable-dns-hostnames'} '{"Value":true}'`);
    return `${vpcId} has ${off.join(' and ')} off, and an interface endpoint's private DNS needs both on (otherwise the SDK's host name still resolves to public addresses); turn ${off.length > 1 ? 'them' : 'it'} on first (${commands.join('; ')}), a change for the whole VPC that vpcdoctor leaves to you, then run --fix --via endpoint again`;
  }
  for (const need of needs) {
    const existing = model.endpoints.find((e) => e.VpcId === vpcId && e.VpcEndpointType?.toLowerCase() === 'interface' && e.ServiceName === need.serviceName && !GONE.has(e.State?.toLowerCase() ?? ''));
    if (existing) return `${existing.VpcEndpointId} already serves ${need.serviceName} in ${vpcId}: a second one would clash with its private DNS name; repair it instead (see its findings)`;
    const offered = limits.endpointServices?.[need.serviceName];
    if (offered === null) return `${need.serviceName} is not an endpoint service in ${model.region} (DescribeVpcEndpointServices does not list it): no interface endpoint can serve ${[...need.targets].join(', ')}`;
  }
  return null;
}

/** The function subnet of each AZ with the most free addresses (an endpoint interface takes one). */
function endpointSubnets(model: NetworkModel, subnetIds: string[], zones: string[] | undefined, plan: PlanBuilder, serviceName: string): Subnet[] {
  const byAz = new Map<string, Subnet[]>();
  for (const id of new Set(subnetIds)) {
    const subnet = model.subnets.get(id);
    if (!subnet?.AvailabilityZone) continue;
    byAz.set(subnet.AvailabilityZone, [...(byAz.get(subnet.AvailabilityZone) ?? []), subnet]);
  }
  const chosen: Subnet[] = [];
  for (const [az, subnets] of [...byAz].sort(([a], [b]) => a.localeCompare(b))) {
    if (zones && !zones.includes(az)) {
      plan.note(`${serviceName} is not offered in ${az} (DescribeVpcEndpointServices): ${subnets.map((s) => s.SubnetId).join(', ')} reach the endpoint in another AZ ($0.01/GB each way)`);
      continue;
    }
    const free = subnets.filter((s) => s.AvailableIpAddressCount === undefined || s.AvailableIpAddressCount > 0)
      .sort((a, b) => (b.AvailableIpAddressCount ?? 0) - (a.AvailableIpAddressCount ?? 0));
    if (free[0]) chosen.push(free[0]);
    else plan.note(`no function subnet of ${az} (${subnets.map((s) => s.SubnetId).join(', ')}) has a free address for an endpoint interface: they reach the endpoint in another AZ ($0.01/GB each way)`);
  }
  return chosen;
}

function endpointSteps(model: NetworkModel, vpcId: string, need: ServiceNeed, subnetIds: string[], groupId: string, plan: PlanBuilder, limits: FixLimits): void {
  const zones = limits.endpointServices?.[need.serviceName]?.zones;
  if (!limits.endpointServices?.[need.serviceName]) plan.note(`that ${need.serviceName} is offered in every function AZ is checked only live (DescribeVpcEndpointServices), not from a snapshot`);
  const subnets = endpointSubnets(model, subnetIds, zones, plan, need.serviceName);
  const codes = [...new Set(need.blockers.flatMap(outCodes))];
  if (subnets.length === 0) {
    plan.note(`${codes.join(', ')} for ${[...need.targets].join(', ')}: no function subnet has room for an interface of ${need.serviceName}; needs a human`);
    return;
  }
  const created = plan.add({
    action: 'CreateVpcEndpoint', iamAction: 'ec2:CreateVpcEndpoint',
    params: {
      VpcEndpointType: 'Interface', VpcId: vpcId, ServiceName: need.serviceName, SubnetIds: subnets.map((s) => s.SubnetId!),
      SecurityGroupIds: [groupId], PrivateDnsEnabled: true, TagSpecifications: tagSpec('vpc-endpoint', `vpcdoctor-${need.service}`),
    },
    why: `${codes.join(', ')}: ${[...need.targets].join(', ')} ${need.targets.size > 1 ? 'are' : 'is'} ${need.serviceName}; an interface endpoint in ${subnets.map((s) => `${s.SubnetId} (${s.AvailabilityZone})`).join(', ')} with private DNS carries it inside the VPC (no NAT gateway, no internet gateway)`,
  });
  const endpointId = ref(created, 'VpcEndpoint.VpcEndpointId');
  plan.steps[created - 1]!.undo = [
    { action: 'DeleteVpcEndpoints', params: { VpcEndpointIds: [endpointId] } },
    // The security group cannot be deleted while the endpoint's interfaces still use it.
    { action: WAIT_ENDPOINT_DELETED, params: { VpcEndpointIds: [endpointId] } },
  ];
  plan.add({
    action: WAIT_ENDPOINT_AVAILABLE, iamAction: 'ec2:DescribeVpcEndpoints', params: { VpcEndpointIds: [endpointId] },
    why: 'wait until the endpoint is available: its private DNS name answers only then',
  });
}
