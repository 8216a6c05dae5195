// Internet egress broken at the NAT layer: per Availability Zone of the broken function subnets,
// a working NAT gateway (reused, or created in a public subnet, or in a new public subnet), then
// the routes of the function subnets pointed at it. Routes change only after the wait step.
import type { Cidr } from '../model/cidr.js';
import type { NetworkModel } from '../model/network.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { natCarriesToInternet } from '../model/nat.js';
import { azOf, freeBlock, publicRoute, publicSubnetIn, routesToIgw, workingNatIn, DEFAULT_ROUTE } from './network.js';
import { planRoutes, type BrokenSubnet } from './plan-routes.js';
import { ref, tagSpec, WAIT_AVAILABLE } from './types.js';

export const EGRESS_CODES = new Set(['NAT_NO_PUBLIC_IP', 'NAT_NOT_AVAILABLE', 'NAT_PRIVATE', 'NAT_SUBNET_NO_IGW_ROUTE', 'ROUTE_BLACKHOLE', 'NO_ROUTE', 'IGW_NOT_ATTACHED', 'SUBNET_ROUTES_TO_IGW']);

/** Where each AZ's traffic will leave: an existing NAT gateway's id, or a reference to a created one. */
export type NatByAz = Map<string, string>;

export function planEgress(model: NetworkModel, blockers: Blocker[], avoid: ReadonlySet<string>, plan: PlanBuilder): void {
  const broken = brokenSubnets(model, blockers, avoid, plan);
  if (broken.length === 0) return;
  const byVpc = new Map<string, BrokenSubnet[]>();
  for (const subnet of broken) byVpc.set(subnet.vpcId, [...(byVpc.get(subnet.vpcId) ?? []), subnet]);
  const created: { vpcId: string; nats: NatByAz; waits: string[] }[] = [];
  for (const [vpcId, subnets] of byVpc) created.push({ vpcId, ...provideNats(model, vpcId, subnets, avoid, plan) });
  for (const natId of created.flatMap((c) => c.waits)) {
    const why = natId.startsWith('$') ? 'wait until the new NAT gateway is available, before any route points at it' : `check that ${natId} is still available before any route points at it`;
    plan.add({ action: WAIT_AVAILABLE, iamAction: 'ec2:DescribeNatGateways', params: { NatGatewayIds: [natId] }, why });
  }
  for (const { vpcId, nats } of created) planRoutes(model, byVpc.get(vpcId)!.filter((s) => nats.has(s.az)), nats, plan);
}

/** The function subnets whose public egress breaks at the route, NAT or internet gateway. */
function brokenSubnets(model: NetworkModel, blockers: Blocker[], avoid: ReadonlySet<string>, plan: PlanBuilder): BrokenSubnet[] {
  const found = new Map<string, BrokenSubnet>();
  for (const blocker of blockers) {
    if (blocker.goal.kind !== 'public') continue;
    const codes = blocker.codes.filter((c) => EGRESS_CODES.has(c));
    if (codes.length === 0 || found.has(blocker.subnetId)) {
      found.get(blocker.subnetId)?.codes.push(...codes);
      continue;
    }
    const table = model.routeTableOf(blocker.subnetId);
    const vpcId = model.subnets.get(blocker.subnetId)?.VpcId;
    if (!table?.RouteTableId || !vpcId) {
      plan.note(`${codes.join(', ')} in ${blocker.subnetId}: its route table is not in the snapshot; needs a human`);
      continue;
    }
    const az = azOf(model, blocker.subnetId);
    const route = publicRoute(model, table);
    if (route?.target.type === 'nat-gateway' && !route.blackhole && natCarriesToInternet(model, model.natGateways.get(route.target.id), az)) {
      plan.note(`${codes.join(', ')} for ${blocker.target} from ${blocker.subnetId}: its default route already goes to a working NAT gateway (${route.target.id}), so a more specific route is in the way; needs a human`);
      continue;
    }
    const publicSubnet = routesToIgw(model, blocker.subnetId);
    if (publicSubnet) {
      const hosted = hostedPublicResources(model, blocker.subnetId);
      if (hosted.length > 0) {
        plan.note(`SUBNET_ROUTES_TO_IGW in ${blocker.subnetId}: it also holds ${hosted.join(', ')}, which need its internet gateway route; moving the function to private subnets (UpdateFunctionConfiguration) is a decision for a human`);
        continue;
      }
    }
    found.set(blocker.subnetId, { subnetId: blocker.subnetId, vpcId, az, table, viaIgw: publicSubnet, codes: [...codes] });
  }
  return [...found.values()];
}

/** NAT gateways and public-IP interfaces that live in the subnet and need its route to the internet gateway. */
function hostedPublicResources(model: NetworkModel, subnetId: string): string[] {
  const nats = [...model.natGateways.values()].filter((n) => n.SubnetId === subnetId && n.State !== 'deleted' && n.State !== 'deleting').map((n) => `NAT gateway ${n.NatGatewayId}`);
  const enis = model.networkInterfaces.filter((n) => n.SubnetId === subnetId && n.InterfaceType !== 'lambda' && n.InterfaceType !== 'nat_gateway' && (n.Association?.PublicIp || n.PrivateIpAddresses?.some((p) => p.Association?.PublicIp)))
    .map((n) => `public interface ${n.NetworkInterfaceId}`);
  return [...nats, ...enis];
}

function provideNats(model: NetworkModel, vpcId: string, subnets: BrokenSubnet[], avoid: ReadonlySet<string>, plan: PlanBuilder): { nats: NatByAz; waits: string[] } {
  const nats: NatByAz = new Map();
  const waits: string[] = [];
  const taken: Cidr[] = [];
  let publicTable: string | null = null;
  const igw = model.attachedIgwOf(vpcId)?.InternetGatewayId;
  for (const az of [...new Set(subnets.map((s) => s.az))]) {
    const here = subnets.filter((s) => s.az === az);
    const codes = [...new Set(here.flatMap((s) => s.codes))];
    const names = here.map((s) => s.subnetId).join(', ');
    const reuse = workingNatIn(model, vpcId, az, avoid);
    if (reuse?.NatGatewayId) {
      nats.set(az, reuse.NatGatewayId);
      waits.push(reuse.NatGatewayId);
      plan.addresses(codes);
      continue;
    }
    if (!igw) {
      const all = subnets.filter((s) => !nats.has(s.az));
      plan.note(`${[...new Set(all.flatMap((s) => s.codes))].join(', ')} in ${all.map((s) => s.subnetId).join(', ')}: ${vpcId} has no internet gateway attached, so no NAT gateway can reach the internet; attaching one is a decision for a human`);
      break;
    }
    let subnetId: string | undefined = publicSubnetIn(model, vpcId, az, avoid)?.SubnetId;
    let where = `public subnet ${subnetId} (routes 0.0.0.0/0 to ${igw})`;
    if (!subnetId) {
      const block = freeBlock(model, vpcId, taken);
      if (!block) {
        plan.note(`${codes.join(', ')} in ${names}: ${az} has no public subnet and ${vpcId} has no free /28 for one; needs a human`);
        continue;
      }
      taken.push(block);
      if (!publicTable) {
        const table = plan.add({
          action: 'CreateRouteTable', iamAction: 'ec2:CreateRouteTable', params: { VpcId: vpcId, TagSpecifications: tagSpec('route-table', 'vpcdoctor-public') },
          why: `a route table for new public subnets: no subnet of ${vpcId} routes to its internet gateway ${igw}`,
        });
        publicTable = ref(table, 'RouteTable.RouteTableId');
        plan.steps[table - 1]!.undo = [{ action: 'DeleteRouteTable', params: { RouteTableId: publicTable } }];
        plan.add({
          action: 'CreateRoute', iamAction: 'ec2:CreateRoute', params: { RouteTableId: publicTable, DestinationCidrBlock: DEFAULT_ROUTE, GatewayId: igw },
          why: `0.0.0.0/0 → ${igw}: what makes a subnet public`, undo: [{ action: 'DeleteRoute', params: { RouteTableId: publicTable, DestinationCidrBlock: DEFAULT_ROUTE } }],
        });
      }
      const created = plan.add({
        action: 'CreateSubnet', iamAction: 'ec2:CreateSubnet',
        params: { VpcId: vpcId, AvailabilityZone: az, CidrBlock: block.text, TagSpecifications: tagSpec('subnet', `vpcdoctor-nat-${az}`) },
        why: `${az} has no public subnet that no Lambda function uses: a small one (${block.text}, free in ${vpcId}) for its NAT gateway`,
      });
      subnetId = ref(created, 'Subnet.SubnetId');
      plan.steps[created - 1]!.undo = [{ action: 'DeleteSubnet', params: { SubnetId: subnetId } }];
      const association = plan.add({
        action: 'AssociateRouteTable', iamAction: 'ec2:AssociateRouteTable', params: { RouteTableId: publicTable, SubnetId: subnetId },
        why: `make the new subnet ${block.text} public`,
      });
      plan.steps[association - 1]!.undo = [{ action: 'DisassociateRouteTable', params: { AssociationId: ref(association, 'AssociationId') } }];
      where = `the new public subnet ${block.text}`;
    }
    const eip = plan.add({
      action: 'AllocateAddress', iamAction: 'ec2:AllocateAddress', params: { Domain: 'vpc', TagSpecifications: tagSpec('elastic-ip', `vpcdoctor-nat-${az}`) },
      why: `an Elastic IP for the new NAT gateway in ${az} (a public NAT gateway needs one at creation)`,
    });
    plan.steps[eip - 1]!.undo = [{ action: 'ReleaseAddress', params: { AllocationId: ref(eip, 'AllocationId') } }];
    const nat = plan.add({
      action: 'CreateNatGateway', iamAction: 'ec2:CreateNatGateway',
      params: { SubnetId: subnetId, AllocationId: ref(eip, 'AllocationId'), ConnectivityType: 'public', TagSpecifications: tagSpec('natgateway', `vpcdoctor-${az}`) },
      why: `${codes.join(', ')}: ${names} in ${az} ${here.length > 1 ? 'need' : 'needs'} a working NAT gateway; create one in ${where}`,
    });
    const natId = ref(nat, 'NatGateway.NatGatewayId');
    plan.steps[nat - 1]!.undo = [
      { action: 'DeleteNatGateway', params: { NatGatewayId: natId } },
      { action: 'WaitNatGatewayDeleted', params: { NatGatewayIds: [natId] } },
    ];
    nats.set(az, natId);
    waits.push(natId);
    plan.addresses(codes);
  }
  return { nats, waits };
}
