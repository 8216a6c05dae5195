// The ids a finding's concrete remediation needs, from the model around the path: the function
// subnet's table and association, a NAT gateway that works (same AZ first), a public subnet for a
// new one, the attached internet gateway, and for a NAT gateway's finding its subnet and table.
import { publicSubnetIn, workingNatIn } from '../../model/nat.js';
import type { Refs } from '../rules/remedy.js';
import type { PathTrace } from './path.js';

export function remedyRefs(trace: PathTrace, resource: string, given: Partial<Refs>): Refs {
  const { model, fn, name } = trace.scope;
  const { subnetId: subnet } = trace.source;
  const vpc = trace.vpcId;
  const az = trace.az;
  const functionSubnets = fn.VpcConfig?.SubnetIds ?? [];
  const table = model.routeTableOf(subnet);
  const tableId = table?.RouteTableId;
  const association = table?.Associations?.find((a) => a.SubnetId === subnet && a.AssociationState?.State !== 'disassociated')?.RouteTableAssociationId;
  const tableSharedAcrossAz = functionSubnets.some((s) => s !== subnet && model.routeTableOf(s)?.RouteTableId === tableId && model.subnets.get(s)?.AvailabilityZone !== az);
  // A new NAT gateway never goes into a subnet a Lambda function uses (its table must stay private).
  const avoid = new Set([...functionSubnets, ...model.networkInterfaces.filter((n) => n.InterfaceType === 'lambda' && n.SubnetId).map((n) => n.SubnetId!)]);
  const key = `remedy ${vpc} ${az} ${[...avoid].sort().join(',')}`;
  const nat = model.memo(`${key} nat`, () => workingNatIn(model, vpc, az, avoid) ?? workingNatIn(model, vpc, undefined, avoid));
  const natAz = nat ? (nat.AvailabilityMode === 'regional' ? az : model.subnets.get(nat.SubnetId ?? '')?.AvailabilityZone) : undefined;
  const publicSubnet = model.memo(`${key} subnet`, () => publicSubnetIn(model, vpc, az, avoid) ?? publicSubnetIn(model, vpc, undefined, avoid));
  const refs: Refs = {
    functionName: name, region: model.region, vpc, vpcCidr: model.vpcCidrs(vpc)[0]?.text, functionVpcCidr: model.vpcCidrs(trace.scope.vpcId)[0]?.text, az, subnet, functionSubnets, subnetTable: tableId, association, tableSharedAcrossAz,
    publicGoal: trace.target.goal.kind === 'public',
    nat: nat?.NatGatewayId, natAz, publicSubnet: publicSubnet?.SubnetId, publicSubnetAz: publicSubnet?.AvailabilityZone,
    igw: model.attachedIgwOf(vpc)?.InternetGatewayId, ...given,
  };
  const endpoint = resource.startsWith('vpce-') ? model.endpoints.find((e) => e.VpcEndpointId === resource) : undefined;
  if (endpoint) {
    Object.assign(refs, { endpointService: endpoint.ServiceName, endpointSubnets: endpoint.SubnetIds, endpointGroups: endpoint.Groups?.map((g) => g.GroupId).filter((g): g is string => !!g) });
  }
  if (refs.peerVpc) {
    const joins = (a?: string, b?: string) => (a === vpc && b === refs.peerVpc) || (a === refs.peerVpc && b === vpc);
    const peering = [...model.peerings.values()].find((p) => joins(p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId) && ['active', 'pending-acceptance', 'provisioning'].includes(p.Status?.Code ?? ''));
    const peerSide = peering?.RequesterVpcInfo?.VpcId === refs.peerVpc ? peering?.RequesterVpcInfo : peering?.AccepterVpcInfo;
    if (peering) Object.assign(refs, { peering: peering.VpcPeeringConnectionId, peeringState: peering.Status?.Code, peerCidr: peerSide?.CidrBlock });
  }
  const broken = resource.startsWith('nat-') ? model.natGateways.get(resource) : undefined;
  if (broken) {
    const natTable = broken.SubnetId ? model.routeTableOf(broken.SubnetId) : broken.RouteTableId ? model.routeTables.get(broken.RouteTableId) : undefined;
    Object.assign(refs, {
      natSubnet: broken.SubnetId, natTable: natTable?.RouteTableId,
      natTableHasDefault: natTable?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0') ?? false,
    });
  }
  if (resource.startsWith('igw-')) {
    refs.tablesRoutingTo = [...model.routeTables.values()]
      .filter((t) => t.VpcId === vpc && t.RouteTableId && t.Routes?.some((route) => route.GatewayId === resource && route.DestinationCidrBlock === '0.0.0.0/0'))
      .map((t) => t.RouteTableId!);
  }
  if (resource.startsWith('tgw-rtb-') && refs.tgw && refs.publicGoal) refs.tgwEgress = egressAttachment(trace, refs.tgw);
  return refs;
}

/** An available attachment of the transit gateway to a VPC (not the function's) with a NAT gateway that reaches the internet. */
function egressAttachment(trace: PathTrace, tgw: string): string | undefined {
  const { model, vpcId } = trace.scope;
  return (model.snapshot.ec2.TransitGatewayAttachments ?? []).find((a) => a.TransitGatewayId === tgw && a.ResourceType === 'vpc' && a.State === 'available' &&
    a.ResourceId && a.ResourceId !== vpcId && workingNatIn(model, a.ResourceId, undefined, new Set()))?.TransitGatewayAttachmentId;
}
