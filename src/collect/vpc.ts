// Round 2: everything in the functions' VPCs, one concurrent burst. Every EC2 call is filtered by
// the VPC ids (all VPCs in one call where the filter takes several values), RDS lists the region.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type {
  Address, DBCluster, DBInstance, EgressOnlyInternetGateway, Ec2Section, InternetGateway, NatGateway, NetworkAcl, NetworkInterface, RdsSection,
  RouteTable, SecurityGroup, Subnet, TransitGatewayAttachment, Vpc, VpcAttributes, VpcEndpoint, VpcPeeringConnection,
} from '../snapshot/types.js';
import type { Caller } from './call.js';

export type Ec2Module = typeof import('@aws-sdk/client-ec2');
export type RdsModule = typeof import('@aws-sdk/client-rds');

export const filter = (name: string, values: string[]) => ({ Name: name, Values: values });

export async function collectVpcs(caller: Caller, ec2: EC2Client, rds: RDSClient, m: Ec2Module, r: RdsModule, vpcIds: string[]): Promise<{ ec2: Ec2Section; rds: RdsSection }> {
  const detail = vpcIds.join(',');
  const byVpc = { Filters: [filter('vpc-id', vpcIds)] };
  const list = <T>(command: Parameters<Caller['list']>[1], action: string, input: Record<string, unknown>, key: string) =>
    caller.list<T>(ec2, command, `ec2:${action}`, input, key, { detail });

  const [
    Vpcs, Subnets, RouteTables, NatGateways, InternetGateways, eigws, Addresses, SecurityGroups, NetworkAcls,
    NetworkInterfaces, VpcEndpoints, requested, accepted, TransitGatewayAttachments, VpcAttributes, DBInstances, DBClusters,
  ] = await Promise.all([
    list<Vpc>(m.DescribeVpcsCommand, 'DescribeVpcs', byVpc, 'Vpcs'),
    list<Subnet>(m.DescribeSubnetsCommand, 'DescribeSubnets', byVpc, 'Subnets'),
    list<RouteTable>(m.DescribeRouteTablesCommand, 'DescribeRouteTables', byVpc, 'RouteTables'),
    list<NatGateway>(m.DescribeNatGatewaysCommand, 'DescribeNatGateways', { Filter: [filter('vpc-id', vpcIds)] }, 'NatGateways'),
    list<InternetGateway>(m.DescribeInternetGatewaysCommand, 'DescribeInternetGateways', { Filters: [filter('attachment.vpc-id', vpcIds)] }, 'InternetGateways'),
    // No VPC filter exists for these two: the region's few are kept if they touch the VPCs (below).
    list<EgressOnlyInternetGateway>(m.DescribeEgressOnlyInternetGatewaysCommand, 'DescribeEgressOnlyInternetGateways', {}, 'EgressOnlyInternetGateways'),
    list<Address>(m.DescribeAddressesCommand, 'DescribeAddresses', {}, 'Addresses'),
    list<SecurityGroup>(m.DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', byVpc, 'SecurityGroups'),
    list<NetworkAcl>(m.DescribeNetworkAclsCommand, 'DescribeNetworkAcls', byVpc, 'NetworkAcls'),
    // Lambda's shared Hyperplane ENIs may count as managed resources, hidden unless asked for.
    list<NetworkInterface>(m.DescribeNetworkInterfacesCommand, 'DescribeNetworkInterfaces', { ...byVpc, IncludeManagedResources: true }, 'NetworkInterfaces'),
    list<VpcEndpoint>(m.DescribeVpcEndpointsCommand, 'DescribeVpcEndpoints', byVpc, 'VpcEndpoints'),
    list<VpcPeeringConnection>(m.DescribeVpcPeeringConnectionsCommand, 'DescribeVpcPeeringConnections', { Filters: [filter('requester-vpc-info.vpc-id', vpcIds)] }, 'VpcPeeringConnections'),
    list<VpcPeeringConnection>(m.DescribeVpcPeeringConnectionsCommand, 'DescribeVpcPeeringConnections', { Filters: [filter('accepter-vpc-info.vpc-id', vpcIds)] }, 'VpcPeeringConnections'),
    list<TransitGatewayAttachment>(m.DescribeTransitGatewayAttachmentsCommand, 'DescribeTransitGatewayAttachments', { Filters: [filter('resource-id', vpcIds)] }, 'TransitGatewayAttachments'),
    vpcAttributes(caller, ec2, m, vpcIds),
    caller.list<DBInstance>(rds, r.DescribeDBInstancesCommand, 'rds:DescribeDBInstances', {}, 'DBInstances', { tokenIn: 'Marker' }),
    caller.list<DBCluster>(rds, r.DescribeDBClustersCommand, 'rds:DescribeDBClusters', {}, 'DBClusters', { tokenIn: 'Marker' }),
  ]);

  const section: Ec2Section = {};
  const set = <K extends keyof Ec2Section>(key: K, value: Ec2Section[K] | undefined) => { if (value !== undefined) section[key] = value; };
  set('Vpcs', Vpcs);
  set('VpcAttributes', VpcAttributes);
  set('Subnets', Subnets);
  set('RouteTables', RouteTables);
  set('NatGateways', NatGateways);
  set('InternetGateways', InternetGateways);
  set('EgressOnlyInternetGateways', eigws && relevantEgressOnlyGateways(eigws, vpcIds, RouteTables ?? []));
  set('Addresses', Addresses);
  set('SecurityGroups', SecurityGroups);
  set('NetworkAcls', NetworkAcls);
  set('NetworkInterfaces', NetworkInterfaces);
  set('VpcEndpoints', VpcEndpoints);
  set('VpcPeeringConnections', requested && accepted && uniqueBy([...requested, ...accepted], (p) => p.VpcPeeringConnectionId));
  set('TransitGatewayAttachments', TransitGatewayAttachments);
  const rdsSection: RdsSection = {};
  if (DBInstances !== undefined) rdsSection.DBInstances = DBInstances;
  if (DBClusters !== undefined) rdsSection.DBClusters = DBClusters;
  return { ec2: section, rds: rdsSection };
}

/** enableDnsSupport and enableDnsHostnames of each VPC, folded into `VpcAttributes`; undefined if denied. */
async function vpcAttributes(caller: Caller, ec2: EC2Client, m: Ec2Module, vpcIds: string[]): Promise<Record<string, VpcAttributes> | undefined> {
  const attributes = [['enableDnsSupport', 'EnableDnsSupport'], ['enableDnsHostnames', 'EnableDnsHostnames']] as const;
  const answers = await Promise.all(vpcIds.flatMap((VpcId) => attributes.map(async ([Attribute, field]) => {
    const output = await caller.one(ec2, m.DescribeVpcAttributeCommand, 'ec2:DescribeVpcAttribute', { VpcId, Attribute }, { detail: `${VpcId} ${Attribute}` });
    return { VpcId, field, value: (output?.[field] as { Value?: boolean } | undefined)?.Value, denied: output === undefined };
  })));
  if (answers.some((a) => a.denied)) return undefined;
  const result: Record<string, VpcAttributes> = {};
  for (const { VpcId, field, value } of answers) {
    const entry = (result[VpcId] ??= {});
    if (value !== undefined) entry[field] = value;
  }
  return result;
}

function relevantEgressOnlyGateways(all: EgressOnlyInternetGateway[], vpcIds: string[], tables: RouteTable[]): EgressOnlyInternetGateway[] {
  const routed = new Set(tables.flatMap((t) => (t.Routes ?? []).map((route) => route.EgressOnlyInternetGatewayId)));
  return all.filter((g) => routed.has(g.EgressOnlyInternetGatewayId) || (g.Attachments ?? []).some((a) => a.VpcId !== undefined && vpcIds.includes(a.VpcId)));
}

export function uniqueBy<T>(items: T[], key: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
