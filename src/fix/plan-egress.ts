// Internet egress broken at the NAT layer: a working NAT gateway for the broken function subnets
// (plan-nat.ts picks the smallest), then their routes pointed at it. Routes change only after the
// wait step.
import type { NetworkModel } from '../model/network.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { natCarriesToInternet } from '../model/nat.js';
import { azOf, publicRoute, routesToIgw } from './network.js';
import { provideNats, type NatByAz } from './plan-nat.js';
import { provideRegionalNat } from './plan-regional-nat.js';
import { planRoutes, type BrokenSubnet } from './plan-routes.js';
import { WAIT_AVAILABLE } from './types.js';

export const EGRESS_CODES = new Set(['NAT_NO_PUBLIC_IP', 'NAT_NOT_AVAILABLE', 'NAT_PRIVATE', 'NAT_SUBNET_NO_IGW_ROUTE', 'ROUTE_BLACKHOLE', 'NO_ROUTE', 'IGW_NOT_ATTACHED', 'SUBNET_ROUTES_TO_IGW']);

export type { NatByAz };

/** `perAz`: a zonal NAT gateway per function AZ; `regional`: one regional NAT gateway for them all. */
export function planEgress(model: NetworkModel, blockers: Blocker[], avoid: ReadonlySet<string>, plan: PlanBuilder, how: { perAz?: boolean; regional?: boolean } = {}): void {
  const perAz = how.perAz === true && !how.regional;
  const broken = brokenSubnets(model, blockers, avoid, plan);
  if (broken.length === 0) return;
  const byVpc = new Map<string, BrokenSubnet[]>();
  for (const subnet of broken) byVpc.set(subnet.vpcId, [...(byVpc.get(subnet.vpcId) ?? []), subnet]);
  const created: { vpcId: string; nats: NatByAz; waits: string[] }[] = [];
  for (const [vpcId, subnets] of byVpc) {
    created.push({ vpcId, ...(how.regional ? provideRegionalNat(model, vpcId, subnets, plan) : provideNats(model, vpcId, subnets, avoid, plan, perAz)) });
  }
  for (const natId of created.flatMap((c) => c.waits)) {
    const why = natId.startsWith('$') ? 'wait until the new NAT gateway is available, before any route points at it' : `check that ${natId} is still available before any route points at it`;
    plan.add({ action: WAIT_AVAILABLE, iamAction: 'ec2:DescribeNatGateways', params: { NatGatewayIds: [natId] }, why });
  }
  for (const { vpcId, nats } of created) planRoutes(model, byVpc.get(vpcId)!.filter((s) => nats.has(s.az)), nats, plan, perAz, how.regional === true);
}

/** The function subnets whose public egress breaks at the route, NAT or internet gateway. */
function brokenSubnets(model: NetworkModel, blockers: Blocker[], avoid: ReadonlySet<string>, plan: PlanBuilder): BrokenSubnet[] {
  const found = new Map<string, BrokenSubnet>();
  for (const blocker of blockers) {
    if (blocker.goal.kind !== 'public') continue;
    const codes = blocker.codes.filter((c) => EGRESS_CODES.has(c));
    const goal = { fn: blocker.fn, goal: blocker.goal };
    if (codes.length === 0 || found.has(blocker.subnetId)) {
      found.get(blocker.subnetId)?.codes.push(...codes);
      if (codes.length > 0) found.get(blocker.subnetId)?.goals.push(goal);
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
    found.set(blocker.subnetId, { subnetId: blocker.subnetId, vpcId, az, table, viaIgw: publicSubnet, codes: [...codes], goals: [goal] });
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
