// Questions the planner asks of the network model: which subnets are really public, which NAT
// gateways really work, which route tables a change would touch, where a new subnet fits.
import { formatAddress, overlaps, parseCidr, type Cidr } from '../model/cidr.js';
import { internetRoutes, publicSubnetIn, workingNatIn } from '../model/nat.js';
import type { NetworkModel } from '../model/network.js';
import { routeTarget, type RouteMatch } from '../model/routes.js';
import type { Route, RouteTable } from '../snapshot/types.js';

export const DEFAULT_ROUTE = '0.0.0.0/0';

/**
 * The table's 0.0.0.0/0 route: the route a ReplaceRoute of 0.0.0.0/0 changes (narrower routes
 * may still carry part of the traffic; the proof judges the whole set). Undefined when there is none.
 */
export function defaultRoute(_model: NetworkModel, table: RouteTable | undefined): Route | undefined {
  return table?.Routes?.find((r) => r.DestinationCidrBlock === DEFAULT_ROUTE);
}

/** The table's 0.0.0.0/0 route as a match (its target, whether it is a blackhole), or null. */
export function publicRoute(model: NetworkModel, table: RouteTable | undefined): RouteMatch | null {
  const route = defaultRoute(model, table);
  return route ? { route, target: routeTarget(route), prefix: 0, blackhole: route.State === 'blackhole' } : null;
}

/** The subnets whose traffic a route table carries: explicit associations, plus the implicit ones for the main table. */
export function subnetsUsing(model: NetworkModel, table: RouteTable): string[] {
  const explicit = (table.Associations ?? []).filter((a) => a.SubnetId && a.AssociationState?.State !== 'disassociated').map((a) => a.SubnetId!);
  const isMain = table.Associations?.some((a) => a.Main) ?? false;
  const implicit = isMain ? [...model.subnets.values()].filter((s) => s.VpcId === table.VpcId && s.SubnetId && model.usesMainRouteTable(s.SubnetId)).map((s) => s.SubnetId!) : [];
  return [...new Set([...explicit, ...implicit])];
}

/**
 * Whether the subnet's table sends any public address to an internet gateway: attached or not,
 * blackholed or not (a detached gateway leaves a blackhole, and the analysis still raises
 * SUBNET_ROUTES_TO_IGW for it). Such a table is meant to be public, so the planner never rewrites it in place.
 */
export function routesToIgw(model: NetworkModel, subnetId: string): boolean {
  const subnet = model.subnets.get(subnetId);
  return internetRoutes(model, model.routeTableOf(subnetId), subnet?.VpcId).igwIds.length > 0;
}

export function azOf(model: NetworkModel, subnetId: string): string {
  return model.subnets.get(subnetId)?.AvailabilityZone ?? '';
}

/** A working NAT gateway to reuse, and a public subnet for a new one: the same questions the analysis's remediation asks. */
export { publicSubnetIn, workingNatIn };

/** The first /28 of the VPC's ranges that overlaps no subnet (nor a block already taken by the plan). */
export function freeBlock(model: NetworkModel, vpcId: string, taken: Cidr[], prefix = 28): Cidr | null {
  const used = [...model.subnets.values()].filter((s) => s.VpcId === vpcId).map((s) => parseCidr(s.CidrBlock)).filter((c): c is Cidr => c !== null);
  used.push(...taken);
  const size = 2 ** (32 - prefix);
  for (const range of model.vpcCidrs(vpcId)) {
    if (range.prefix > prefix) continue;
    const end = range.base + 2 ** (32 - range.prefix);
    for (let base = range.base; base < end; base += size) {
      const candidate = parseCidr(`${formatAddress(base >>> 0)}/${prefix}`)!;
      const clash = used.find((u) => overlaps(u, candidate));
      if (!clash) return candidate;
      // Jump past the clashing block when it is larger than a candidate.
      const clashEnd = clash.base + 2 ** (32 - clash.prefix);
      if (clash.prefix < prefix && clashEnd > base + size) base = clashEnd - size;
    }
  }
  return null;
}

/** The route's target as CreateRoute/ReplaceRoute parameters. */
export function targetParams(route: Route): Record<string, string> {
  const fields = ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId', 'InstanceId', 'NetworkInterfaceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn'] as const;
  const params: Record<string, string> = {};
  for (const field of fields) if (route[field]) params[field] = route[field]!;
  return params;
}

export function describeTarget(route: Route): string {
  return Object.values(targetParams(route))[0] ?? 'nothing';
}

/** A route table of the VPC that sends all public traffic to its attached internet gateway (the main one first: new subnets join it with no association). */
export function publicTableOf(model: NetworkModel, vpcId: string, igw: string): { id: string; main: boolean } | undefined {
  const tables = [...model.routeTables.values()].filter((t) => t.VpcId === vpcId && t.RouteTableId).map((t) => ({ t, main: t.Associations?.some((a) => a.Main) ?? false }));
  const found = tables.filter(({ t }) => {
    const routes = internetRoutes(model, t, vpcId);
    return routes.reaches && routes.igwIds.length === 1 && routes.igwIds[0] === igw;
  }).sort((a, b) => Number(b.main) - Number(a.main))[0];
  return found ? { id: found.t.RouteTableId!, main: found.main } : undefined;
}
