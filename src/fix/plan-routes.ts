// Pointing the broken function subnets at their AZ's NAT gateway. A default route that exists is
// replaced in place (it was meant for the internet); a missing one is added only to a table no
// other subnet uses; a table that other subnets share without a default route, or that routes to
// an internet gateway, is never changed: the function subnets get a table of their own instead.
import type { NatGoal } from '../analyze/nat-check.js';
import type { NetworkModel } from '../model/network.js';
import type { Route, RouteTable } from '../snapshot/types.js';
import type { PlanBuilder } from './builder.js';
import { defaultRoute, describeTarget, subnetsUsing, targetParams, DEFAULT_ROUTE } from './network.js';
import type { NatByAz } from './plan-egress.js';
import { ref, tagSpec, type UndoCall } from './types.js';

export interface BrokenSubnet {
  subnetId: string;
  vpcId: string;
  az: string;
  table: RouteTable;
  /** Its default route goes to an internet gateway (SUBNET_ROUTES_TO_IGW). */
  viaIgw: boolean;
  codes: string[];
  /** The public targets that fail from it, and whose (a NAT gateway is reused only if it carries them all). */
  goals: NatGoal[];
}

const GONE = new Set(['deleted', 'deleting', 'failed']);

/**
 * `split`: a table shared by several AZs whose NAT gateways differ gives the other AZs tables of
 * their own (--nat-per-az). `regional`: the NAT gateway serves every AZ, so no traffic crosses AZs.
 */
export function planRoutes(model: NetworkModel, subnets: BrokenSubnet[], nats: NatByAz, plan: PlanBuilder, split = false, regional = false): void {
  const own = new Map<string, BrokenSubnet[]>();
  const byTable = new Map<string, BrokenSubnet[]>();
  for (const subnet of subnets) {
    const id = subnet.table.RouteTableId!;
    if (subnet.viaIgw) own.set(`${id}|${subnet.az}`, [...(own.get(`${id}|${subnet.az}`) ?? []), subnet]);
    else byTable.set(id, [...(byTable.get(id) ?? []), subnet]);
  }
  for (const [tableId, all] of byTable) {
    const table = all[0]!.table;
    const natOfTable = nats.get(all[0]!.az)!;
    const elsewhere = split ? all.filter((u) => nats.get(u.az) !== natOfTable) : [];
    const users = all.filter((u) => !elsewhere.includes(u));
    for (const az of new Set(elsewhere.map((u) => u.az))) {
      ownTable(model, elsewhere.filter((u) => u.az === az), nats.get(az)!, `${tableId} also serves ${users.map((u) => u.subnetId).join(', ')} in ${users[0]!.az}, and each AZ gets its own NAT gateway`, plan);
    }
    const route = defaultRoute(model, table);
    const natId = nats.get(users[0]!.az)!;
    const zones = [...new Set(users.map((u) => u.az))];
    const crossAz = zones.length > 1 && !regional ? ` (the table also serves ${zones.slice(1).join(', ')}: that traffic crosses AZs)` : '';
    const names = users.map((u) => u.subnetId).join(', ');
    const main = users.some((u) => model.usesMainRouteTable(u.subnetId)) ? ' (the VPC main table, which they use implicitly)' : '';
    if (route) {
      plan.add({
        action: 'ReplaceRoute', iamAction: 'ec2:ReplaceRoute',
        params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE, NatGatewayId: natId },
        why: `${codesOf(users)}: ${tableId}${main} of ${names} sends 0.0.0.0/0 to ${describeTarget(route)}${route.State === 'blackhole' ? ' (blackhole)' : ''}; send it to ${natLabel(natId)}${crossAz}`,
        undo: [restore(model, tableId, route)],
        expects: targetParams(route),
      });
      continue;
    }
    const others = subnetsUsing(model, table).filter((s) => !users.some((u) => u.subnetId === s));
    if (others.length === 0) {
      plan.add({
        action: 'CreateRoute', iamAction: 'ec2:CreateRoute',
        params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE, NatGatewayId: natId },
        why: `${codesOf(users)}: ${tableId}${main} of ${names} has no route for 0.0.0.0/0; add one to ${natLabel(natId)}${crossAz}`,
        undo: [{ action: 'DeleteRoute', params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE } }],
      });
      continue;
    }
    for (const az of zones) {
      ownTable(model, users.filter((u) => u.az === az), nats.get(az)!, `${tableId}${main} has no route for 0.0.0.0/0 and ${others.join(', ')} use it too`, plan);
    }
  }
  for (const users of own.values()) {
    ownTable(model, users, nats.get(users[0]!.az)!, `${users[0]!.table.RouteTableId} sends 0.0.0.0/0 straight to an internet gateway, and Lambda ENIs have no public IP`, plan);
  }
}

function codesOf(users: BrokenSubnet[]): string {
  return [...new Set(users.flatMap((u) => u.codes))].join(', ');
}

function natLabel(natId: string): string {
  return natId.startsWith('$') ? `the new NAT gateway ${natId}` : natId;
}

/** The undo of a ReplaceRoute: the previous target, or no route when that target is gone. */
function restore(model: NetworkModel, tableId: string, route: Route): UndoCall {
  const nat = route.NatGatewayId ? model.natGateways.get(route.NatGatewayId) : undefined;
  const gone = route.State === 'blackhole' || (route.NatGatewayId !== undefined && (!nat || GONE.has(nat.State ?? '')));
  if (gone) return { action: 'DeleteRoute', params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE } };
  return { action: 'ReplaceRoute', params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE, ...targetParams(route) } };
}

/** A new table for these subnets of one AZ: 0.0.0.0/0 to the NAT, the old table's other routes copied. */
function ownTable(model: NetworkModel, users: BrokenSubnet[], natId: string, reason: string, plan: PlanBuilder): void {
  const old = users[0]!.table;
  const oldId = old.RouteTableId!;
  const az = users[0]!.az;
  const names = users.map((u) => u.subnetId).join(', ');
  const created = plan.add({
    action: 'CreateRouteTable', iamAction: 'ec2:CreateRouteTable', params: { VpcId: users[0]!.vpcId, TagSpecifications: tagSpec('route-table', `vpcdoctor-private-${az}`) },
    why: `${codesOf(users)}: ${reason}; ${names} get a table of their own (${oldId} is not changed)`,
  });
  const tableId = ref(created, 'RouteTable.RouteTableId');
  plan.steps[created - 1]!.undo = [{ action: 'DeleteRouteTable', params: { RouteTableId: tableId } }];
  plan.add({
    action: 'CreateRoute', iamAction: 'ec2:CreateRoute', params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE, NatGatewayId: natId },
    why: `0.0.0.0/0 → ${natLabel(natId)} in the new table`, undo: [{ action: 'DeleteRoute', params: { RouteTableId: tableId, DestinationCidrBlock: DEFAULT_ROUTE } }],
  });
  copyRoutes(old, tableId, plan);
  for (const user of users) {
    const association = old.Associations?.find((a) => a.SubnetId === user.subnetId && a.AssociationState?.State !== 'disassociated');
    if (association?.RouteTableAssociationId) {
      const step = plan.steps.length + 1;
      plan.add({
        action: 'ReplaceRouteTableAssociation', iamAction: 'ec2:ReplaceRouteTableAssociation',
        params: { AssociationId: association.RouteTableAssociationId, RouteTableId: tableId },
        why: `move ${user.subnetId} from ${oldId} to the new table`,
        undo: [{ action: 'ReplaceRouteTableAssociation', params: { AssociationId: ref(step, 'NewAssociationId'), RouteTableId: oldId } }],
      });
    } else {
      const step = plan.steps.length + 1;
      plan.add({
        action: 'AssociateRouteTable', iamAction: 'ec2:AssociateRouteTable', params: { RouteTableId: tableId, SubnetId: user.subnetId },
        why: `associate ${user.subnetId} (on the main table ${oldId} implicitly) with the new table`,
        undo: [{ action: 'DisassociateRouteTable', params: { AssociationId: ref(step, 'AssociationId') } }],
      });
    }
  }
}

/** The old table's other routes, so that peering, transit, endpoint and VPN paths keep working. */
function copyRoutes(old: RouteTable, tableId: string, plan: PlanBuilder): void {
  const endpoints = new Set<string>();
  for (const route of old.Routes ?? []) {
    if (route.GatewayId === 'local' || route.DestinationCidrBlock === DEFAULT_ROUTE || route.State === 'blackhole') continue;
    if (route.Origin === 'EnableVgwRoutePropagation') continue;
    if (route.GatewayId?.startsWith('vpce-')) {
      endpoints.add(route.GatewayId);
      continue;
    }
    const destination = route.DestinationCidrBlock ? { DestinationCidrBlock: route.DestinationCidrBlock }
      : route.DestinationIpv6CidrBlock ? { DestinationIpv6CidrBlock: route.DestinationIpv6CidrBlock }
      : route.DestinationPrefixListId ? { DestinationPrefixListId: route.DestinationPrefixListId } : null;
    if (!destination) continue;
    plan.add({
      action: 'CreateRoute', iamAction: 'ec2:CreateRoute', params: { RouteTableId: tableId, ...destination, ...targetParams(route) },
      why: `copy ${Object.values(destination)[0]} → ${describeTarget(route)} from ${old.RouteTableId}`,
      undo: [{ action: 'DeleteRoute', params: { RouteTableId: tableId, ...destination } }],
    });
  }
  for (const endpointId of endpoints) {
    plan.add({
      action: 'ModifyVpcEndpoint', iamAction: 'ec2:ModifyVpcEndpoint', params: { VpcEndpointId: endpointId, AddRouteTableIds: [tableId] },
      why: `the gateway endpoint ${endpointId} serves ${old.RouteTableId}: serve the new table too`,
      undo: [{ action: 'ModifyVpcEndpoint', params: { VpcEndpointId: endpointId, RemoveRouteTableIds: [tableId] } }],
    });
  }
  for (const vgw of (old.PropagatingVgws ?? []) as { GatewayId?: string }[]) {
    if (!vgw.GatewayId) continue;
    plan.add({
      action: 'EnableVgwRoutePropagation', iamAction: 'ec2:EnableVgwRoutePropagation', params: { GatewayId: vgw.GatewayId, RouteTableId: tableId },
      why: `${old.RouteTableId} takes routes propagated from ${vgw.GatewayId}: so does the new table`,
      undo: [{ action: 'DisableVgwRoutePropagation', params: { GatewayId: vgw.GatewayId, RouteTableId: tableId } }],
    });
  }
}
