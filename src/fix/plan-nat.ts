// Where the broken subnets' internet traffic will leave, at the smallest cost: a working NAT
// gateway reused (same AZ first, then any AZ of the VPC), else one new NAT gateway in an existing
// public subnet (same AZ where there is one), and only when the VPC has no public subnet at all a
// new /28 public subnet for it. `--nat-per-az` gives every function AZ its own NAT gateway instead.
import { natCarriesAll } from '../analyze/nat-check.js';
import type { Cidr } from '../model/cidr.js';
import type { NetworkModel } from '../model/network.js';
import type { NatGateway } from '../snapshot/types.js';
import type { PlanBuilder } from './builder.js';
import { azOf, freeBlock, publicSubnetIn, publicTableOf, workingNatIn, DEFAULT_ROUTE } from './network.js';
import type { BrokenSubnet } from './plan-routes.js';
import { PRICES } from './cost.js';
import { ref, tagSpec } from './types.js';

/** Where each AZ's traffic will leave: an existing NAT gateway's id, or a reference to a created one. */
export type NatByAz = Map<string, string>;

export interface NatSupply {
  nats: NatByAz;
  /** The NAT gateways routes will point at: each gets a wait step before the first route. */
  waits: string[];
}

interface Context {
  model: NetworkModel;
  vpcId: string;
  igw: string;
  avoid: ReadonlySet<string>;
  plan: PlanBuilder;
  taken: Cidr[];
  /** The table new public subnets join (an existing public table, or one the plan creates). */
  publicTable?: string | null;
}

const codesIn = (subnets: BrokenSubnet[]): string[] => [...new Set(subnets.flatMap((s) => s.codes))];

export function provideNats(model: NetworkModel, vpcId: string, subnets: BrokenSubnet[], avoid: ReadonlySet<string>, plan: PlanBuilder, perAz: boolean): NatSupply {
  const supply: NatSupply = { nats: new Map(), waits: [] };
  const zones = [...new Set(subnets.map((s) => s.az))];
  const use = (az: string, natId: string) => {
    supply.nats.set(az, natId);
    if (!supply.waits.includes(natId)) supply.waits.push(natId);
    plan.addresses(codesIn(subnets.filter((s) => s.az === az)));
  };
  // Reused only if the analysis's trace from the NAT gateway on (its ACLs, table, firewalls, gateway) carries every failing target.
  const carriesFor = (zones: string[]) => (nat: NatGateway) => subnets.filter((s) => zones.includes(s.az)).every((s) => natCarriesAll(model, s.subnetId, nat.NatGatewayId!, s.goals));
  for (const az of zones) {
    const reuse = workingNatIn(model, vpcId, az, avoid, carriesFor([az]));
    if (reuse?.NatGatewayId) use(az, reuse.NatGatewayId);
  }
  let left = zones.filter((az) => !supply.nats.has(az));
  if (left.length === 0) return supply;
  if (!perAz) {
    const elsewhere = [...model.natGateways.values()].map((n) => n.SubnetId && workingNatIn(model, vpcId, azOf(model, n.SubnetId), avoid, carriesFor(left))).find((n) => n);
    if (elsewhere && elsewhere.NatGatewayId) {
      for (const az of left) use(az, elsewhere.NatGatewayId);
      crossAzNote(plan, subnets, left, elsewhere.NatGatewayId, azOf(model, elsewhere.SubnetId!));
      return supply;
    }
  }
  const igw = model.attachedIgwOf(vpcId)?.InternetGatewayId;
  if (!igw) {
    const all = subnets.filter((s) => left.includes(s.az));
    plan.note(`${codesIn(all).join(', ')} in ${all.map((s) => s.subnetId).join(', ')}: ${vpcId} has no internet gateway attached, so no NAT gateway can reach the internet; attaching one is a decision for a human`);
    return supply;
  }
  const context: Context = { model, vpcId, igw, avoid, plan, taken: [] };
  if (perAz) {
    for (const az of left) {
      const here = subnets.filter((s) => s.az === az);
      const natId = natIn(context, az, here, publicSubnetIn(model, vpcId, az, avoid)?.SubnetId);
      if (natId) use(az, natId);
    }
    return supply;
  }
  // One NAT gateway for every AZ left: in a public subnet of one of those AZs, else of any AZ.
  const home = left.map((az) => publicSubnetIn(model, vpcId, az, avoid)).find((s) => s)
    ?? [...new Set([...model.subnets.values()].filter((s) => s.VpcId === vpcId).map((s) => s.AvailabilityZone ?? ''))].sort()
      .map((az) => publicSubnetIn(model, vpcId, az, avoid)).find((s) => s);
  const natAz = home?.AvailabilityZone ?? left[0]!;
  const natId = natIn(context, natAz, subnets.filter((s) => left.includes(s.az)), home?.SubnetId);
  if (!natId) return supply;
  for (const az of left) use(az, natId);
  left = left.filter((az) => az !== natAz);
  if (left.length > 0) crossAzNote(plan, subnets, left, natId, natAz);
  if (!home) plan.note(`${vpcId} has no public subnet (none routes 0.0.0.0/0 to ${igw}), so the plan creates one /28 for the NAT gateway; --nat-per-az creates one per AZ instead`);
  return supply;
}

function crossAzNote(plan: PlanBuilder, subnets: BrokenSubnet[], zones: string[], natId: string, natAz: string): void {
  const names = subnets.filter((s) => zones.includes(s.az)).map((s) => s.subnetId).join(', ');
  const label = natId.startsWith('$') ? 'the new NAT gateway' : natId;
  plan.note(`NAT_CROSS_AZ: ${names} (${zones.join(', ')}) will use ${label} in ${natAz}: an outage of ${natAz} cuts their egress, and traffic between AZs costs $${PRICES.crossAzGb}/GB each way; --nat-per-az gives each AZ its own NAT gateway`);
}

/** EIP + NAT gateway in `subnetId`, or first a new public subnet in `az` when there is none. */
function natIn(context: Context, az: string, here: BrokenSubnet[], subnetId: string | undefined): string | undefined {
  const { plan, igw } = context;
  const codes = codesIn(here);
  const names = here.map((s) => s.subnetId).join(', ');
  let where = `public subnet ${subnetId} (routes 0.0.0.0/0 to ${igw})`;
  if (!subnetId) {
    const created = publicSubnet(context, az, codes, names);
    if (!created) return undefined;
    ({ subnetId, where } = created);
  }
  const eip = allocateElasticIp(plan, `vpcdoctor-nat-${az}`, `an Elastic IP for the new NAT gateway in ${az} (a public NAT gateway needs one at creation)`);
  const nat = plan.add({
    action: 'CreateNatGateway', iamAction: 'ec2:CreateNatGateway',
    params: { SubnetId: subnetId, AllocationId: ref(eip, 'AllocationId'), ConnectivityType: 'public', TagSpecifications: tagSpec('natgateway', `vpcdoctor-${az}`) },
    why: `${codes.join(', ')}: ${names} ${here.length > 1 ? 'need' : 'needs'} a working NAT gateway; create one in ${where}`,
  });
  const natId = ref(nat, 'NatGateway.NatGatewayId');
  plan.steps[nat - 1]!.undo = [
    { action: 'DeleteNatGateway', params: { NatGatewayId: natId } },
    { action: 'WaitNatGatewayDeleted', params: { NatGatewayIds: [natId] } },
  ];
  return natId;
}

/** A new /28 public subnet in `az`: it joins an existing public table, or a table the plan creates once. */
function publicSubnet(context: Context, az: string, codes: string[], names: string): { subnetId: string; where: string } | undefined {
  const { model, vpcId, igw, plan } = context;
  const block = freeBlock(model, vpcId, context.taken);
  if (!block) {
    plan.note(`${codes.join(', ')} in ${names}: ${az} has no public subnet and ${vpcId} has no free /28 for one; needs a human`);
    return undefined;
  }
  context.taken.push(block);
  const existing = publicTableOf(model, vpcId, igw);
  if (context.publicTable === undefined && existing && !existing.main) context.publicTable = existing.id;
  if (context.publicTable === undefined && !existing) {
    const table = plan.add({
      action: 'CreateRouteTable', iamAction: 'ec2:CreateRouteTable', params: { VpcId: vpcId, TagSpecifications: tagSpec('route-table', 'vpcdoctor-public') },
      why: `a route table for the new public subnet: no route table of ${vpcId} sends 0.0.0.0/0 to its internet gateway ${igw}`,
    });
    context.publicTable = ref(table, 'RouteTable.RouteTableId');
    plan.steps[table - 1]!.undo = [{ action: 'DeleteRouteTable', params: { RouteTableId: context.publicTable } }];
    plan.add({
      action: 'CreateRoute', iamAction: 'ec2:CreateRoute', params: { RouteTableId: context.publicTable, DestinationCidrBlock: DEFAULT_ROUTE, GatewayId: igw },
      why: `0.0.0.0/0 → ${igw}: what makes a subnet public`, undo: [{ action: 'DeleteRoute', params: { RouteTableId: context.publicTable, DestinationCidrBlock: DEFAULT_ROUTE } }],
    });
  }
  const created = plan.add({
    action: 'CreateSubnet', iamAction: 'ec2:CreateSubnet',
    params: { VpcId: vpcId, AvailabilityZone: az, CidrBlock: block.text, TagSpecifications: tagSpec('subnet', `vpcdoctor-nat-${az}`) },
    why: `${az} has no public subnet that no Lambda function uses: a small one (${block.text}, free in ${vpcId}) for its NAT gateway`,
  });
  const subnetId = ref(created, 'Subnet.SubnetId');
  plan.steps[created - 1]!.undo = [{ action: 'DeleteSubnet', params: { SubnetId: subnetId } }];
  if (existing?.main && context.publicTable === undefined) {
    return { subnetId, where: `the new subnet ${block.text}, public on the main route table ${existing.id} (a subnet with no association joins it)` };
  }
  const association = plan.add({
    action: 'AssociateRouteTable', iamAction: 'ec2:AssociateRouteTable', params: { RouteTableId: context.publicTable, SubnetId: subnetId },
    why: `make the new subnet ${block.text} public`,
  });
  plan.steps[association - 1]!.undo = [{ action: 'DisassociateRouteTable', params: { AssociationId: ref(association, 'AssociationId') } }];
  return { subnetId, where: `the new public subnet ${block.text}` };
}

/** An AllocateAddress step (tagged `name`) with the release that undoes it; returns its step number. */
export function allocateElasticIp(plan: PlanBuilder, name: string, why: string): number {
  const eip = plan.add({ action: 'AllocateAddress', iamAction: 'ec2:AllocateAddress', params: { Domain: 'vpc', TagSpecifications: tagSpec('elastic-ip', name) }, why });
  plan.steps[eip - 1]!.undo = [{ action: 'ReleaseAddress', params: { AllocationId: ref(eip, 'AllocationId') } }];
  return eip;
}
