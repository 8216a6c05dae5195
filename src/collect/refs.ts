// Round 3: only what round 2 points at: prefix lists (and their entries) used by routes, security
// group rules and gateway endpoints; security groups referenced from outside the VPCs; internet
// gateways that routes name but that are not attached; and for a database in a peer VPC (peering,
// or any VPC when a transit gateway is attached), that VPC's subnets, route tables, ACLs, groups
// and RDS network interfaces.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  DBInstance, Ec2Section, InternetGateway, IpPermission, ManagedPrefixList, NetworkAcl, NetworkInterface, PrefixListEntry, RdsSection,
  RouteTable, SecurityGroup, Subnet, TransitGatewayAttachment,
} from '../snapshot/types.js';
import type { Caller } from './call.js';
import { type Ec2Module, filter, uniqueBy } from './vpc.js';

export interface References {
  prefixListIds: string[];
  prefixListNames: string[];
  securityGroupIds: string[];
  internetGatewayIds: string[];
  peerVpcIds: string[];
  /** Peer VPCs reached through a transit gateway: their attachments too. */
  transitPeerVpcIds: string[];
}

export function findReferences(ec2: Ec2Section, rds: RdsSection, vpcIds: string[], denied: Set<string>): References {
  const rules = (ec2.SecurityGroups ?? []).flatMap((g) => [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])]);
  const routes = (ec2.RouteTables ?? []).flatMap((t) => t.Routes ?? []);
  const prefixListIds = new Set<string>([
    ...routes.map((r) => r.DestinationPrefixListId),
    ...rules.flatMap((rule: IpPermission) => (rule.PrefixListIds ?? []).map((p) => p.PrefixListId)),
  ].filter(isId));
  const prefixListNames = (ec2.VpcEndpoints ?? []).filter((e) => e.VpcEndpointType === 'Gateway').map((e) => e.ServiceName).filter(isId);

  const known = new Set((ec2.SecurityGroups ?? []).map((g) => g.GroupId));
  const dbsHere = (rds.DBInstances ?? []).filter((d) => vpcIds.includes(d.DBSubnetGroup?.VpcId ?? ''));
  const clusterGroups = (rds.DBClusters ?? []).filter((c) => (c.DBClusterMembers ?? []).some((m) => dbsHere.some((d) => d.DBInstanceIdentifier === m.DBInstanceIdentifier)));
  const securityGroupIds = new Set<string>([
    ...rules.flatMap((rule) => (rule.UserIdGroupPairs ?? []).map((p) => p.GroupId)),
    ...[...dbsHere, ...clusterGroups].flatMap((d) => (d.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId)),
    ...(ec2.VpcEndpoints ?? []).flatMap((e) => (e.Groups ?? []).map((g) => g.GroupId)),
  ].filter((id): id is string => isId(id) && !known.has(id)));

  const attached = new Set((ec2.InternetGateways ?? []).map((g) => g.InternetGatewayId));
  const internetGatewayIds = new Set(routes.map((r) => r.GatewayId).filter((id): id is string => isId(id) && id.startsWith('igw-') && !attached.has(id)));

  const dbVpcs = new Set((rds.DBInstances ?? []).map((d: DBInstance) => d.DBSubnetGroup?.VpcId).filter((id): id is string => isId(id) && !vpcIds.includes(id)));
  const peered = new Set((ec2.VpcPeeringConnections ?? []).flatMap((p) => [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId]));
  const peerVpcIds = [...dbVpcs].filter((id) => peered.has(id));
  const transitPeerVpcIds = (ec2.TransitGatewayAttachments ?? []).length > 0 ? [...dbVpcs].filter((id) => !peered.has(id)) : [];

  return {
    prefixListIds: [...prefixListIds],
    prefixListNames,
    securityGroupIds: denied.has('ec2:DescribeSecurityGroups') ? [] : [...securityGroupIds],
    internetGatewayIds: denied.has('ec2:DescribeInternetGateways') ? [] : [...internetGatewayIds],
    // Any other VPC that holds a database: its layout lets the analysis say where the path breaks,
    // even when nothing connects the VPCs yet.
    peerVpcIds: [...new Set([...peerVpcIds, ...transitPeerVpcIds, ...dbVpcs])],
    transitPeerVpcIds,
  };
}

export const hasReferences = (refs: References): boolean =>
  refs.prefixListIds.length + refs.prefixListNames.length + refs.securityGroupIds.length + refs.internetGatewayIds.length + refs.peerVpcIds.length > 0;

/** Fetches the references concurrently and merges them into `ec2` (in place). */
export async function collectReferences(caller: Caller, client: EC2Client, m: Ec2Module, ec2: Ec2Section, refs: References): Promise<void> {
  const list = <T>(command: Parameters<Caller['list']>[1], action: string, input: Record<string, unknown>, key: string, detail: string, notFoundIsEmpty = false) =>
    caller.list<T>(client, command, `ec2:${action}`, input, key, { detail, notFoundIsEmpty });
  const skip = Promise.resolve(undefined);
  const peers = refs.peerVpcIds;
  const byPeer = { Filters: [filter('vpc-id', peers)] };
  const peerDetail = `peer ${peers.join(',')}`;

  const [lists, namedLists, entries, groups, peerGroups, gateways, subnets, tables, acls, enis, attachments] = await Promise.all([
    refs.prefixListIds.length ? list<ManagedPrefixList>(m.DescribeManagedPrefixListsCommand, 'DescribeManagedPrefixLists', { Filters: [filter('prefix-list-id', refs.prefixListIds)] }, 'PrefixLists', refs.prefixListIds.join(',')) : skip,
    refs.prefixListNames.length ? list<ManagedPrefixList>(m.DescribeManagedPrefixListsCommand, 'DescribeManagedPrefixLists', { Filters: [filter('prefix-list-name', refs.prefixListNames)] }, 'PrefixLists', refs.prefixListNames.join(',')) : skip,
    Promise.all(refs.prefixListIds.map(async (id) => [id, await list<PrefixListEntry>(m.GetManagedPrefixListEntriesCommand, 'GetManagedPrefixListEntries', { PrefixListId: id }, 'Entries', id, true)] as const)),
    refs.securityGroupIds.length ? list<SecurityGroup>(m.DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', { Filters: [filter('group-id', refs.securityGroupIds)] }, 'SecurityGroups', refs.securityGroupIds.join(',')) : skip,
    peers.length ? list<SecurityGroup>(m.DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', byPeer, 'SecurityGroups', peerDetail) : skip,
    refs.internetGatewayIds.length ? list<InternetGateway>(m.DescribeInternetGatewaysCommand, 'DescribeInternetGateways', { Filters: [filter('internet-gateway-id', refs.internetGatewayIds)] }, 'InternetGateways', refs.internetGatewayIds.join(',')) : skip,
    peers.length ? list<Subnet>(m.DescribeSubnetsCommand, 'DescribeSubnets', byPeer, 'Subnets', peerDetail) : skip,
    peers.length ? list<RouteTable>(m.DescribeRouteTablesCommand, 'DescribeRouteTables', byPeer, 'RouteTables', peerDetail) : skip,
    peers.length ? list<NetworkAcl>(m.DescribeNetworkAclsCommand, 'DescribeNetworkAcls', byPeer, 'NetworkAcls', peerDetail) : skip,
    peers.length ? list<NetworkInterface>(m.DescribeNetworkInterfacesCommand, 'DescribeNetworkInterfaces', { Filters: [filter('vpc-id', peers), filter('description', ['RDSNetworkInterface'])], IncludeManagedResources: true }, 'NetworkInterfaces', peerDetail) : skip,
    refs.transitPeerVpcIds.length ? list<TransitGatewayAttachment>(m.DescribeTransitGatewayAttachmentsCommand, 'DescribeTransitGatewayAttachments', { Filters: [filter('resource-id', refs.transitPeerVpcIds)] }, 'TransitGatewayAttachments', refs.transitPeerVpcIds.join(',')) : skip,
  ]);

  if (caller.denied.has('ec2:DescribeManagedPrefixLists')) delete ec2.ManagedPrefixLists;
  else ec2.ManagedPrefixLists = uniqueBy([...(ec2.ManagedPrefixLists ?? []), ...(lists ?? []), ...(namedLists ?? [])], (p) => p.PrefixListId);
  if (caller.denied.has('ec2:GetManagedPrefixListEntries')) delete ec2.PrefixListEntries;
  else {
    const map: Record<string, PrefixListEntry[]> = { ...(ec2.PrefixListEntries ?? {}) };
    for (const [id, found] of entries) if (found !== undefined) map[id] = found;
    ec2.PrefixListEntries = map;
  }
  merge(ec2, 'SecurityGroups', [...(groups ?? []), ...(peerGroups ?? [])], (g) => g.GroupId);
  merge(ec2, 'InternetGateways', gateways ?? [], (g) => g.InternetGatewayId);
  merge(ec2, 'Subnets', subnets ?? [], (s) => s.SubnetId);
  merge(ec2, 'RouteTables', tables ?? [], (t) => t.RouteTableId);
  merge(ec2, 'NetworkAcls', acls ?? [], (a) => a.NetworkAclId);
  merge(ec2, 'NetworkInterfaces', enis ?? [], (n) => n.NetworkInterfaceId);
  merge(ec2, 'TransitGatewayAttachments', attachments ?? [], (a) => a.TransitGatewayAttachmentId);
}

type ListKey = { [K in keyof Ec2Section]-?: NonNullable<Ec2Section[K]> extends unknown[] ? K : never }[keyof Ec2Section];

function merge<K extends ListKey>(ec2: Ec2Section, key: K, more: NonNullable<Ec2Section[K]>, id: (item: NonNullable<Ec2Section[K]>[number]) => string | undefined): void {
  if (more.length === 0 || ec2[key] === undefined) return; // a key denied in round 2 stays absent
  ec2[key] = uniqueBy([...(ec2[key] as NonNullable<Ec2Section[K]>), ...more] as NonNullable<Ec2Section[K]>[number][], id) as Ec2Section[K];
}

const isId = (id: string | undefined): id is string => typeof id === 'string' && id !== '';
