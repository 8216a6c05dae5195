// Whether a NAT gateway can carry traffic to the internet, and the route questions that decide it.
// Pure questions of the model: no findings, no hops (the trace in analyze/trace/nat.ts says why;
// the --fix planner only needs yes or no).
import type { NatGateway, RouteTable, Subnet } from '../snapshot/types.js';
import type { IntervalSet } from './interval-set.js';
import { PUBLIC_IPV4 } from './ipv4-set.js';
import type { NetworkModel } from './network.js';
import { splitByRoutes, type RoutePiece } from './route-split.js';

/** Whether the NAT gateway holds a public address (an Elastic IP). */
export function natHasPublicIp(nat: NatGateway): boolean {
  return (nat.NatGatewayAddresses ?? []).some((a) => a.AllocationId || a.PublicIp);
}

/** The Availability Zones a regional NAT gateway serves: those of its addresses that did not fail. */
export function natServedZones(nat: NatGateway): Set<string> {
  return new Set((nat.NatGatewayAddresses ?? []).filter((a) => a.Status !== 'failed').map((a) => a.AvailabilityZone).filter((z): z is string => !!z));
}

/** How a table sends a set of destinations (by default every public IPv4 address), judged as the analysis's route hop judges it. */
export interface InternetRoutes {
  /** The table's split of the destinations by longest-prefix match, blackholes and unrouted pieces included. */
  pieces: RoutePiece[];
  /** The internet gateways the pieces are sent to (blackholed or not). */
  igwIds: string[];
  /** Whether every destination address is sent by a live route to an internet gateway attached to `vpcId`. */
  reaches: boolean;
}

/** The table's routes for the destinations, and whether all of them lead out through `vpcId`'s internet gateway. */
export function internetRoutes(model: NetworkModel, table: RouteTable | undefined, vpcId: string | undefined, destinations: IntervalSet = PUBLIC_IPV4): InternetRoutes {
  const pieces = table ? splitByRoutes(table, destinations, model) : [];
  const igwIds = [...new Set(pieces.flatMap((p) => (p.match?.target.type === 'internet-gateway' ? [p.match.target.id] : [])))];
  const live = (p: RoutePiece) => !!p.match && !p.match.blackhole && p.match.target.type === 'internet-gateway' && !!vpcId && model.igwAttachedTo(p.match.target.id, vpcId);
  return { pieces, igwIds, reaches: pieces.length > 0 && pieces.every(live) };
}

/** Whether the subnet's table sends every public address to an internet gateway attached to its VPC (live routes only). */
export function subnetReachesInternet(model: NetworkModel, subnetId: string): boolean {
  return internetRoutes(model, model.routeTableOf(subnetId), model.subnets.get(subnetId)?.VpcId).reaches;
}

/**
 * Whether the NAT gateway can carry traffic to the internet: available, public, with an Elastic IP;
 * zonal: its subnet's table sends every public address to an attached internet gateway (no
 * blackhole, no narrower route elsewhere); regional: it serves `az` (when given) and its own table (if it has one in the
 * snapshot) does the same, else its VPC has an internet gateway attached.
 */
export function natCarriesToInternet(model: NetworkModel, nat: NatGateway | undefined, az?: string): boolean {
  if (!nat?.NatGatewayId || nat.State !== 'available' || nat.ConnectivityType === 'private' || !natHasPublicIp(nat)) return false;
  if (nat.AvailabilityMode === 'regional') {
    if (az !== undefined && !natServedZones(nat).has(az)) return false;
    const vpcId = nat.VpcId;
    const table = nat.RouteTableId ? model.routeTables.get(nat.RouteTableId) : undefined;
    if (table) return internetRoutes(model, table, vpcId).reaches;
    return !!vpcId && !!model.attachedIgwOf(vpcId);
  }
  return !!nat.SubnetId && subnetReachesInternet(model, nat.SubnetId);
}

const azOf = (model: NetworkModel, subnetId: string): string | undefined => model.subnets.get(subnetId)?.AvailabilityZone;

/**
 * A zonal NAT gateway of the AZ (any AZ when undefined), outside the avoided subnets, that carries
 * traffic to the internet: by `carries`, which the planner gives as the analysis's whole NAT trace
 * (ACLs, firewalls, BPA), else by the route questions above.
 */
export function workingNatIn(model: NetworkModel, vpcId: string, az: string | undefined, avoidSubnets: ReadonlySet<string>, carries: (nat: NatGateway) => boolean = (n) => natCarriesToInternet(model, n)): NatGateway | undefined {
  return [...model.natGateways.values()].find((n) => n.VpcId === vpcId && n.SubnetId && n.AvailabilityMode !== 'regional' && !avoidSubnets.has(n.SubnetId) &&
    (az === undefined || azOf(model, n.SubnetId) === az) && carries(n));
}

/** A public subnet of the AZ (any AZ when undefined) with room for a NAT gateway, outside the avoided subnets; the roomiest first. */
export function publicSubnetIn(model: NetworkModel, vpcId: string, az: string | undefined, avoidSubnets: ReadonlySet<string>): Subnet | undefined {
  const candidates = [...model.subnets.values()].filter((s) =>
    s.SubnetId && s.VpcId === vpcId && (az === undefined || s.AvailabilityZone === az) && !avoidSubnets.has(s.SubnetId) &&
    (s.State === undefined || s.State === 'available') && (s.AvailableIpAddressCount === undefined || s.AvailableIpAddressCount > 0) &&
    subnetReachesInternet(model, s.SubnetId));
  return candidates.sort((a, b) => (b.AvailableIpAddressCount ?? 0) - (a.AvailableIpAddressCount ?? 0))[0];
}
