// Transit gateways and what lies behind them, in the same rounds as the rest:
//   round 2 (with the VPCs): the Region's VPC attachments (their subnets per AZ, appliance mode),
//     every VPC attachment's route-table association, and security groups associated with the VPCs;
//   round 3 (with the references): the routes of every route table those transit gateways' VPC
//     attachments are associated with (the source's, for the way out; the egress VPC's, for the way
//     back), and the layout of the other attached VPCs (subnets, route tables, ACLs, NAT and internet
//     gateways, endpoints), so that the path can be followed into an egress VPC.
// What another account owns comes back empty or NotFound: the snapshot then lacks it and the hop is
// unknown with that reason (merge that account's snapshot, or --peer-profile).
import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  Ec2Section, InternetGateway, LambdaFunction, NatGateway, NetworkAcl, RouteTable, SecurityGroup, SecurityGroupVpcAssociation, Subnet,
  TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayVpcAttachment, Vpc, VpcEndpoint,
} from '../snapshot/types.js';
import type { Caller } from './call.js';
import { type Ec2Module, filter, uniqueBy } from './vpc.js';

type ListFn = <T>(command: Parameters<Caller['list']>[1], action: string, input: Record<string, unknown>, key: string, detail: string) => Promise<T[] | undefined>;

function lister(caller: Caller, client: EC2Client): ListFn {
  return (command, action, input, key, detail) => caller.list(client, command, `ec2:${action}`, input, key, { detail, notFoundIsEmpty: true });
}

/** Round 2: attachments and their route-table associations; returns what merges them into round 2's `ec2`. */
export async function collectTransitRound2(caller: Caller, client: EC2Client, m: Ec2Module, vpcIds: string[]): Promise<(ec2: Ec2Section) => void> {
  const list = lister(caller, client);
  const [vpcAttachments, attachments] = await Promise.all([
    list<TransitGatewayVpcAttachment>(m.DescribeTransitGatewayVpcAttachmentsCommand, 'DescribeTransitGatewayVpcAttachments', {}, 'TransitGatewayVpcAttachments', 'region'),
    // Every VPC attachment's association, not only the functions' VPCs': the egress VPC's table routes the replies.
    list<TransitGatewayAttachment>(m.DescribeTransitGatewayAttachmentsCommand, 'DescribeTransitGatewayAttachments', { Filters: [filter('resource-type', ['vpc'])] }, 'TransitGatewayAttachments', 'resource-type vpc'),
  ]);
  // Kept only for the transit gateways the functions' VPCs use (none: the keys stay out, as irrelevant).
  return (ec2) => {
    const tgwIds = transitGatewaysOf(ec2, vpcIds);
    if (tgwIds.size === 0) return;
    // United with what another account (--peer-profile) saw of the same attachments: it may see more fields.
    if (vpcAttachments !== undefined) {
      ec2.TransitGatewayVpcAttachments = unite(ec2.TransitGatewayVpcAttachments ?? [], vpcAttachments.filter((a) => tgwIds.has(a.TransitGatewayId ?? '')));
    }
    if (attachments !== undefined && ec2.TransitGatewayAttachments !== undefined) {
      ec2.TransitGatewayAttachments = unite(ec2.TransitGatewayAttachments, attachments.filter((a) => tgwIds.has(a.TransitGatewayId ?? '')));
    }
  };
}

/** One item per attachment id, the fields each view has united (the first view wins a disagreement). */
function unite<T extends { TransitGatewayAttachmentId?: string }>(items: T[], more: T[]): T[] {
  const byId = new Map<string, T>();
  const out: T[] = [];
  for (const item of [...items, ...more]) {
    const id = item.TransitGatewayAttachmentId;
    const seen = id ? byId.get(id) : undefined;
    if (seen) {
      Object.assign(seen, { ...item, ...seen });
      continue;
    }
    const copy = { ...item };
    if (id) byId.set(id, copy);
    out.push(copy);
  }
  return out;
}

/** Round 2: security groups of other VPCs associated with the functions' VPCs (stored when there are any). */
export async function collectGroupAssociations(caller: Caller, client: EC2Client, m: Ec2Module, vpcIds: string[]): Promise<(ec2: Ec2Section) => void> {
  const associations = await lister(caller, client)<SecurityGroupVpcAssociation>(m.DescribeSecurityGroupVpcAssociationsCommand, 'DescribeSecurityGroupVpcAssociations',
    { Filters: [filter('vpc-id', vpcIds)] }, 'SecurityGroupVpcAssociations', vpcIds.join(','));
  return (ec2) => {
    if (associations !== undefined && associations.length > 0) ec2.SecurityGroupVpcAssociations = associations;
  };
}

/** The transit gateways the functions' VPCs route to or are attached to. */
export function transitGatewaysOf(ec2: Ec2Section, vpcIds: string[]): Set<string> {
  const own = new Set(vpcIds);
  const tables = (ec2.RouteTables ?? []).filter((t) => own.has(t.VpcId ?? ''));
  return new Set<string>([
    ...tables.flatMap((t) => (t.Routes ?? []).map((r) => r.TransitGatewayId)),
    ...(ec2.TransitGatewayAttachments ?? []).filter((a) => own.has(a.ResourceId ?? '')).map((a) => a.TransitGatewayId),
  ].filter(isId));
}

export interface TransitReferences {
  routeTableIds: string[];
  hubVpcIds: string[];
  /** The functions' security groups that live in another VPC (through a VPC association). */
  groupIds: string[];
}

/** What round 3 must read for the transit gateways the functions' route tables name. */
export function findTransitReferences(ec2: Ec2Section, vpcIds: string[], functions: LambdaFunction[]): TransitReferences {
  const own = new Set(vpcIds);
  const tgwIds = transitGatewaysOf(ec2, vpcIds);
  const onTgw = (ec2.TransitGatewayAttachments ?? []).filter((a) => tgwIds.has(a.TransitGatewayId ?? ''));
  const routeTableIds = new Set(onTgw.map((a) => a.Association?.TransitGatewayRouteTableId).filter(isId));
  const known = new Set((ec2.Vpcs ?? []).map((v) => v.VpcId));
  const hubVpcIds = new Set([
    ...(ec2.TransitGatewayVpcAttachments ?? []).filter((a) => tgwIds.has(a.TransitGatewayId ?? '')).map((a) => a.VpcId),
    ...onTgw.filter((a) => a.ResourceType === 'vpc').map((a) => a.ResourceId),
  ].filter((id): id is string => isId(id) && !own.has(id) && !known.has(id)));
  const knownGroups = new Set((ec2.SecurityGroups ?? []).map((g) => g.GroupId));
  const groupIds = new Set(functions.flatMap((f) => f.VpcConfig?.SecurityGroupIds ?? []).filter((id) => !knownGroups.has(id)));
  return { routeTableIds: [...routeTableIds].sort(), hubVpcIds: [...hubVpcIds].sort(), groupIds: [...groupIds].sort() };
}

export const hasTransitReferences = (refs: TransitReferences): boolean => refs.routeTableIds.length + refs.hubVpcIds.length + refs.groupIds.length > 0;

/** Only the routes that can carry traffic or drop it: a route being deleted or pending does neither yet. */
const ROUTE_STATES = ['active', 'blackhole'];

/** Round 3: transit gateway routes and the attached VPCs' layout; merged into `ec2` in place. */
export async function collectTransitReferences(caller: Caller, client: EC2Client, m: Ec2Module, ec2: Ec2Section, refs: TransitReferences): Promise<void> {
  const list = lister(caller, client);
  const skip = Promise.resolve(undefined);
  const hubs = refs.hubVpcIds;
  const byHub = { Filters: [filter('vpc-id', hubs)] };
  const detail = `attached ${hubs.join(',')}`;
  const some = hubs.length > 0;
  const [routes, groups, vpcs, subnets, tables, nats, igws, acls, endpoints] = await Promise.all([
    Promise.all(refs.routeTableIds.map(async (id) => [id, await list<TransitGatewayRoute>(m.SearchTransitGatewayRoutesCommand, 'SearchTransitGatewayRoutes',
      { TransitGatewayRouteTableId: id, Filters: [filter('state', ROUTE_STATES)] }, 'Routes', id)] as const)),
    refs.groupIds.length ? list<SecurityGroup>(m.DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', { Filters: [filter('group-id', refs.groupIds)] }, 'SecurityGroups', refs.groupIds.join(',')) : skip,
    some ? list<Vpc>(m.DescribeVpcsCommand, 'DescribeVpcs', byHub, 'Vpcs', detail) : skip,
    some ? list<Subnet>(m.DescribeSubnetsCommand, 'DescribeSubnets', byHub, 'Subnets', detail) : skip,
    some ? list<RouteTable>(m.DescribeRouteTablesCommand, 'DescribeRouteTables', byHub, 'RouteTables', detail) : skip,
    some ? list<NatGateway>(m.DescribeNatGatewaysCommand, 'DescribeNatGateways', { Filter: [filter('vpc-id', hubs)] }, 'NatGateways', detail) : skip,
    some ? list<InternetGateway>(m.DescribeInternetGatewaysCommand, 'DescribeInternetGateways', { Filters: [filter('attachment.vpc-id', hubs)] }, 'InternetGateways', detail) : skip,
    some ? list<NetworkAcl>(m.DescribeNetworkAclsCommand, 'DescribeNetworkAcls', byHub, 'NetworkAcls', detail) : skip,
    some ? list<VpcEndpoint>(m.DescribeVpcEndpointsCommand, 'DescribeVpcEndpoints', byHub, 'VpcEndpoints', detail) : skip,
  ]);
  if (refs.routeTableIds.length > 0 && !caller.denied.has('ec2:SearchTransitGatewayRoutes')) {
    const map: Record<string, TransitGatewayRoute[]> = { ...(ec2.TransitGatewayRoutes ?? {}) };
    for (const [id, found] of routes) if (found !== undefined) map[id] = found;
    ec2.TransitGatewayRoutes = map;
  }
  add(ec2, 'SecurityGroups', groups, (g) => g.GroupId);
  add(ec2, 'Vpcs', vpcs, (v) => v.VpcId);
  add(ec2, 'Subnets', subnets, (s) => s.SubnetId);
  add(ec2, 'RouteTables', tables, (t) => t.RouteTableId);
  add(ec2, 'NatGateways', nats, (n) => n.NatGatewayId);
  add(ec2, 'InternetGateways', igws, (g) => g.InternetGatewayId);
  add(ec2, 'NetworkAcls', acls, (a) => a.NetworkAclId);
  add(ec2, 'VpcEndpoints', endpoints, (e) => e.VpcEndpointId);
}

type ListKey = 'SecurityGroups' | 'Vpcs' | 'Subnets' | 'RouteTables' | 'NatGateways' | 'InternetGateways' | 'NetworkAcls' | 'VpcEndpoints';

function add<K extends ListKey>(ec2: Ec2Section, key: K, more: NonNullable<Ec2Section[K]> | undefined, id: (item: NonNullable<Ec2Section[K]>[number]) => string | undefined): void {
  if (!more || more.length === 0 || ec2[key] === undefined) return; // a key denied in round 2 stays absent
  ec2[key] = uniqueBy([...(ec2[key] as NonNullable<Ec2Section[K]>), ...more] as NonNullable<Ec2Section[K]>[number][], id) as Ec2Section[K];
}

const isId = (id: string | undefined): id is string => typeof id === 'string' && id !== '';
