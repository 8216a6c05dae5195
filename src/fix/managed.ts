// Resources an infrastructure-as-code tool owns: a change made by hand is reverted (or fought) at
// the next deploy, so the plan warns and names the change to make in the code instead.
import type { NetworkModel } from '../model/network.js';
import type { FixStep } from './types.js';

type Tagged = { Tags?: { Key?: string; Value?: string }[] };

/** The owning tool and stack/workspace named by the tags, or null. */
export function managedBy(resource: Tagged | undefined): string | null {
  const tags = resource?.Tags ?? [];
  const stack = tags.find((t) => t.Key === 'aws:cloudformation:stack-name')?.Value;
  if (stack) return `CloudFormation stack ${stack}`;
  const terraform = tags.find((t) => /terraform/i.test(t.Key ?? '') || (/^(managed[-_ ]?by|provisioner|tool)$/i.test(t.Key ?? '') && /terraform|opentofu/i.test(t.Value ?? '')));
  if (terraform) return `Terraform (tag ${terraform.Key}=${terraform.Value ?? ''})`;
  return null;
}

const WHAT_TO_CHANGE: Record<string, string> = {
  ReplaceRoute: 'the route (AWS::EC2::Route / aws_route) so that it targets the NAT gateway',
  CreateRoute: 'a route (AWS::EC2::Route / aws_route) to the NAT gateway',
  ReplaceRouteTableAssociation: 'the subnet\'s route table association (AWS::EC2::SubnetRouteTableAssociation / aws_route_table_association)',
  AuthorizeSecurityGroupEgress: 'the security group\'s egress rules (SecurityGroupEgress / aws_vpc_security_group_egress_rule)',
  AuthorizeSecurityGroupIngress: 'the security group\'s ingress rules (SecurityGroupIngress / aws_vpc_security_group_ingress_rule)',
  ModifyVpcEndpoint: 'the endpoint\'s RouteTableIds (AWS::EC2::VPCEndpoint / aws_vpc_endpoint_route_table_association)',
};

function resourceOf(model: NetworkModel, step: FixStep): { id: string; resource: Tagged | undefined } | null {
  const p = step.params;
  if (typeof p.RouteTableId === 'string' && !p.RouteTableId.startsWith('$')) return { id: p.RouteTableId, resource: model.routeTables.get(p.RouteTableId) };
  if (typeof p.GroupId === 'string') return { id: p.GroupId, resource: model.securityGroups.get(p.GroupId) };
  if (typeof p.VpcEndpointId === 'string') return { id: p.VpcEndpointId, resource: model.endpoints.find((e) => e.VpcEndpointId === p.VpcEndpointId) };
  return null;
}

/** One warning per changed pre-existing resource that a stack or Terraform owns. */
export function managedWarnings(model: NetworkModel, steps: FixStep[]): string[] {
  const warnings = new Map<string, string>();
  for (const step of steps) {
    const change = WHAT_TO_CHANGE[step.action];
    const target = change ? resourceOf(model, step) : null;
    const owner = target ? managedBy(target.resource) : null;
    if (!target || !owner || warnings.has(target.id)) continue;
    warnings.set(target.id, `${target.id} is managed by ${owner}: the next deploy will revert or fight this change; make it in the code instead: ${change}`);
  }
  return [...warnings.values()];
}
