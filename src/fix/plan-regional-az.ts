// NAT_REGIONAL_AZ_NOT_SERVED: the function subnet's route already goes to a regional NAT gateway
// that works but has no address in the subnet's AZ. The smallest repair gives it one: a new Elastic
// IP associated for that AZ (AssociateNatGatewayAddress with AvailabilityZone), then a wait until
// the address is associated. Only in manual mode (AutoProvisionZones disabled): in automatic mode
// AWS adds an AZ by itself once it sees an interface there, which takes minutes; that is said, not planned.
import { natCarriesToInternet } from '../model/nat.js';
import type { NetworkModel } from '../model/network.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { azOf } from './network.js';
import { allocateElasticIp } from './plan-nat.js';
import { ref, WAIT_ADDRESS_RELEASED, WAIT_AVAILABLE } from './types.js';

export const REGIONAL_AZ_CODE = 'NAT_REGIONAL_AZ_NOT_SERVED';

export function planRegionalZones(model: NetworkModel, blockers: Blocker[], plan: PlanBuilder): void {
  const zonesByNat = new Map<string, Map<string, string[]>>();
  for (const blocker of blockers) {
    if (!blocker.codes.includes(REGIONAL_AZ_CODE)) continue;
    const natId = blocker.hops.find((h) => h.kind === 'nat-gateway' && h.codes?.includes(REGIONAL_AZ_CODE))?.id;
    if (!natId) continue;
    const zones = zonesByNat.get(natId) ?? new Map<string, string[]>();
    zonesByNat.set(natId, zones);
    const az = azOf(model, blocker.subnetId);
    zones.set(az, [...new Set([...(zones.get(az) ?? []), blocker.subnetId])]);
  }
  for (const [natId, zones] of zonesByNat) {
    const nat = model.natGateways.get(natId);
    const subnets = [...zones.values()].flat().join(', ');
    if ((nat as { AutoProvisionZones?: string } | undefined)?.AutoProvisionZones === 'enabled') {
      plan.note(`${REGIONAL_AZ_CODE} (${natId}, ${subnets}): the regional NAT gateway is in automatic mode, so AWS adds ${[...zones.keys()].join(', ')} by itself once it sees the function's interfaces there (about 15-20 minutes); check again later`);
      continue;
    }
    if (!nat || !natCarriesToInternet(model, nat)) continue; // something else is wrong with it: the other findings say what
    for (const [az, ids] of zones) {
      const eip = allocateElasticIp(plan, `vpcdoctor-regional-nat-${az}`, `an Elastic IP for ${natId}'s traffic from ${az}`);
      const association = plan.add({
        action: 'AssociateNatGatewayAddress', iamAction: 'ec2:AssociateNatGatewayAddress',
        params: { NatGatewayId: natId, AllocationIds: [ref(eip, 'AllocationId')], AvailabilityZone: az },
        why: `${REGIONAL_AZ_CODE}: ${natId} is regional in manual mode and has no address in ${az}, so ${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} not served; give it one there (no route changes)`,
      });
      plan.steps[association - 1]!.undo = [
        { action: 'DisassociateNatGatewayAddress', params: { NatGatewayId: natId, AssociationIds: [ref(association, 'NatGatewayAddresses.0.AssociationId')] } },
        // The address can be released only once it has left the NAT gateway.
        { action: WAIT_ADDRESS_RELEASED, params: { NatGatewayIds: [natId], AllocationIds: [ref(eip, 'AllocationId')] } },
      ];
    }
    plan.add({ action: WAIT_AVAILABLE, iamAction: 'ec2:DescribeNatGateways', params: { NatGatewayIds: [natId] }, why: `wait until ${natId}'s new addresses are associated` });
    plan.addresses([REGIONAL_AZ_CODE]);
  }
}
