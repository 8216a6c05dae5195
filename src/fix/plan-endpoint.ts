// NO_ROUTE to an AWS service that a gateway endpoint of the VPC serves (S3, DynamoDB): the
// function subnets' tables join the endpoint. Free, and no NAT gateway needed.
import type { NetworkModel } from '../model/network.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';

/** Plans the endpoint repairs; returns the blockers it took care of. */
export function planGatewayEndpoints(model: NetworkModel, blockers: Blocker[], plan: PlanBuilder): Set<Blocker> {
  const handled = new Set<Blocker>();
  const tablesByEndpoint = new Map<string, Set<string>>();
  for (const blocker of blockers) {
    const { goal } = blocker;
    if (goal.kind !== 'public' || !goal.service || blocker.codes.join() !== 'NO_ROUTE') continue;
    const endpoint = model.endpoints.find((e) => e.VpcId === blocker.fn.vpcId && e.VpcEndpointType?.toLowerCase() === 'gateway' &&
      e.ServiceName === `com.amazonaws.${model.region}.${goal.service}` && e.State?.toLowerCase() === 'available');
    const tableId = model.routeTableOf(blocker.subnetId)?.RouteTableId;
    if (!endpoint?.VpcEndpointId || !tableId) continue;
    tablesByEndpoint.set(endpoint.VpcEndpointId, (tablesByEndpoint.get(endpoint.VpcEndpointId) ?? new Set()).add(tableId));
    handled.add(blocker);
  }
  for (const [endpointId, tables] of tablesByEndpoint) {
    const ids = [...tables];
    plan.add({
      action: 'ModifyVpcEndpoint', iamAction: 'ec2:ModifyVpcEndpoint', params: { VpcEndpointId: endpointId, AddRouteTableIds: ids },
      why: `NO_ROUTE: the gateway endpoint ${endpointId} serves the service but not ${ids.join(', ')}; add them to it (no NAT gateway needed)`,
      undo: [{ action: 'ModifyVpcEndpoint', params: { VpcEndpointId: endpointId, RemoveRouteTableIds: ids } }],
    });
    plan.addresses(['NO_ROUTE']);
  }
  return handled;
}
