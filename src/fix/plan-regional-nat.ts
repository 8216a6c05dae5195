// `--via regional-nat`: one regional NAT gateway (AvailabilityMode regional, Nov 2025) for every
// function AZ of the VPC. It has no subnet: AWS gives it a route table of its own that routes to the
// internet gateway. vpcdoctor creates it in manual mode (AvailabilityZoneAddresses, one new Elastic
// IP per AZ), so that which AZs it serves is known at once and can be proved; auto mode would add
// AZs by itself but takes minutes per AZ, during which that AZ's traffic is not served.
import { natCarriesToInternet } from '../model/nat.js';
import type { NetworkModel } from '../model/network.js';
import type { PlanBuilder } from './builder.js';
import { allocateElasticIp, type NatSupply } from './plan-nat.js';
import type { BrokenSubnet } from './plan-routes.js';
import { ref, tagSpec } from './types.js';

const codesIn = (subnets: BrokenSubnet[]): string[] => [...new Set(subnets.flatMap((s) => s.codes))];

/** The constraints to know before choosing a regional NAT gateway (shared/reference/aws-egress-2023-2026.md §2). */
export const REGIONAL_NAT_CONSTRAINTS = [
  'it is created in manual mode: it serves only the AZs listed in AvailabilityZoneAddresses, so a function subnet added in another AZ later is not served (REGIONAL_NGW_ROUTE_AZ_RESTRICTION) until that AZ gets an address (AssociateNatGatewayAddress)',
  'it needs no public subnet, but its own route table (AWS creates it, routing to the internet gateway) must keep reaching an attached internet gateway',
  'VPC Block Public Access exclusions must cover the whole VPC: a regional NAT gateway has no subnet to exclude',
];

export function provideRegionalNat(model: NetworkModel, vpcId: string, subnets: BrokenSubnet[], plan: PlanBuilder): NatSupply {
  const supply: NatSupply = { nats: new Map(), waits: [] };
  const zones = [...new Set(subnets.map((s) => s.az))].sort();
  const use = (natId: string) => {
    for (const az of zones) supply.nats.set(az, natId);
    supply.waits.push(natId);
    plan.addresses(codesIn(subnets));
  };
  const reuse = [...model.natGateways.values()].find((n) => n.VpcId === vpcId && n.AvailabilityMode === 'regional' && zones.every((az) => natCarriesToInternet(model, n, az)));
  if (reuse?.NatGatewayId) {
    use(reuse.NatGatewayId);
    return supply;
  }
  const igw = model.attachedIgwOf(vpcId)?.InternetGatewayId;
  if (!igw) {
    plan.note(`${codesIn(subnets).join(', ')} in ${subnets.map((s) => s.subnetId).join(', ')}: ${vpcId} has no internet gateway attached, so no NAT gateway can reach the internet; attaching one is a decision for a human`);
    return supply;
  }
  const allocations = zones.map((az) => {
    const eip = allocateElasticIp(plan, `vpcdoctor-regional-nat-${az}`, `an Elastic IP for the regional NAT gateway's traffic from ${az}`);
    return { AvailabilityZone: az, AllocationIds: [ref(eip, 'AllocationId')] };
  });
  const nat = plan.add({
    action: 'CreateNatGateway', iamAction: 'ec2:CreateNatGateway',
    params: { AvailabilityMode: 'regional', VpcId: vpcId, ConnectivityType: 'public', AvailabilityZoneAddresses: allocations, TagSpecifications: tagSpec('natgateway', 'vpcdoctor-regional') },
    why: `${codesIn(subnets).join(', ')}: ${subnets.map((s) => s.subnetId).join(', ')} need a working NAT gateway; one regional NAT gateway serves ${zones.join(', ')} with no NAT subnet (its traffic leaves by ${igw})`,
  });
  const natId = ref(nat, 'NatGateway.NatGatewayId');
  plan.steps[nat - 1]!.undo = [
    { action: 'DeleteNatGateway', params: { NatGatewayId: natId } },
    { action: 'WaitNatGatewayDeleted', params: { NatGatewayIds: [natId] } },
  ];
  use(natId);
  for (const constraint of REGIONAL_NAT_CONSTRAINTS) plan.note(`regional NAT gateway: ${constraint}`);
  return supply;
}
