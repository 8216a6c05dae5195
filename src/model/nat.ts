// Whether a NAT gateway can carry traffic to the internet, and the route questions that decide it.
// Pure questions of the model: no findings, no hops (the trace in analyze/trace/nat.ts says why;
// the --fix planner only needs yes or no).
import type { NatGateway, RouteTable } from '../snapshot/types.js';
import { ANY_PUBLIC } from './addresses.js';
import type { NetworkModel } from './network.js';
import { lookupRoute, type RouteMatch, type RouteQuery } from './routes.js';

const PUBLIC: RouteQuery = { addresses: ANY_PUBLIC };

/** Whether the NAT gateway holds a public address (an Elastic IP). */
export function natHasPublicIp(nat: NatGateway): boolean {
  return (nat.NatGatewayAddresses ?? []).some((a) => a.AllocationId || a.PublicIp);
}

/** The Availability Zones a regional NAT gateway serves: those of its addresses that did not fail. */
export function natServedZones(nat: NatGateway): Set<string> {
  return new Set((nat.NatGatewayAddresses ?? []).filter((a) => a.Status !== 'failed').map((a) => a.AvailabilityZone).filter((z): z is string => !!z));
}

export interface InternetRoute {
  /** The route AWS picks for the destination (longest prefix first), blackholes included. */
  match: RouteMatch | null;
  /** The internet gateway that route names (blackholed or not), else null. */
  igwId: string | null;
  /** Whether the route is live and its internet gateway is attached to the VPC. */
  reaches: boolean;
}

/** The route the table gives the destination (by default any public address), and whether it leads out through `vpcId`'s internet gateway. */
export function internetRoute(model: NetworkModel, table: RouteTable | undefined, vpcId: string | undefined, query: RouteQuery = PUBLIC): InternetRoute {
  const match = table ? lookupRoute(table, query, model).match : null;
  const igwId = match?.target.type === 'internet-gateway' ? match.target.id : null;
  return { match, igwId, reaches: !!igwId && !match!.blackhole && !!vpcId && model.igwAttachedTo(igwId, vpcId) };
}

/** Whether the subnet's table sends the public default to an internet gateway attached to its VPC (a live route). */
export function subnetReachesInternet(model: NetworkModel, subnetId: string): boolean {
  return internetRoute(model, model.routeTableOf(subnetId), model.subnets.get(subnetId)?.VpcId).reaches;
}

/**
 * Whether the NAT gateway can carry traffic to the internet: available, public, with an Elastic IP;
 * zonal: its subnet's table routes the public default to an attached internet gateway (not a
 * blackhole); regional: it serves `az` (when given) and its own table (if it has one in the
 * snapshot) does the same, else its VPC has an internet gateway attached.
 */
export function natCarriesToInternet(model: NetworkModel, nat: NatGateway | undefined, az?: string): boolean {
  if (!nat?.NatGatewayId || nat.State !== 'available' || nat.ConnectivityType === 'private' || !natHasPublicIp(nat)) return false;
  if (nat.AvailabilityMode === 'regional') {
    if (az !== undefined && !natServedZones(nat).has(az)) return false;
    const vpcId = nat.VpcId;
    const table = nat.RouteTableId ? model.routeTables.get(nat.RouteTableId) : undefined;
    if (table) return internetRoute(model, table, vpcId).reaches;
    return !!vpcId && !!model.attachedIgwOf(vpcId);
  }
  return !!nat.SubnetId && subnetReachesInternet(model, nat.SubnetId);
}
