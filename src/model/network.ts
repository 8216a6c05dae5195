// The typed network model: the snapshot indexed by id, with the questions every trace step asks
// (which route table and ACL a subnet uses, what a prefix list holds, whether data was collected).
import type {
  DBCluster, DBInstance, Ec2Key, InternetGateway, ManagedPrefixList, NatGateway, NetworkAcl, NetworkInterface,
  RdsKey, RouteTable, SecurityGroup, Snapshot, Subnet, Vpc, VpcAttributes, VpcEndpoint, VpcPeeringConnection,
} from '../snapshot/types.js';
import { EC2_KEY_ACTIONS, RDS_KEY_ACTIONS } from '../snapshot/types.js';
import { covers, parseCidr, type Cidr } from './cidr.js';

/** Why some data is missing: the call was denied, or never made. */
export interface Missing {
  reason: 'denied' | 'not-collected';
  action: string;
}

function indexBy<T>(items: T[] | undefined, key: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) {
    const id = key(item);
    if (id && !map.has(id)) map.set(id, item);
  }
  return map;
}

export class NetworkModel {
  readonly region: string;
  readonly vpcs: Map<string, Vpc>;
  readonly subnets: Map<string, Subnet>;
  readonly routeTables: Map<string, RouteTable>;
  readonly natGateways: Map<string, NatGateway>;
  readonly internetGateways: Map<string, InternetGateway>;
  readonly securityGroups: Map<string, SecurityGroup>;
  readonly networkAcls: Map<string, NetworkAcl>;
  readonly networkInterfaces: NetworkInterface[];
  readonly endpoints: VpcEndpoint[];
  readonly prefixLists: Map<string, ManagedPrefixList>;
  readonly peerings: Map<string, VpcPeeringConnection>;
  readonly dbInstances: Map<string, DBInstance>;
  readonly dbClusters: Map<string, DBCluster>;
  private readonly denied: Set<string>;
  private readonly explicitTables = new Map<string, RouteTable>();
  private readonly mainTables = new Map<string, RouteTable>();
  private readonly aclBySubnet = new Map<string, NetworkAcl>();
  private readonly memos = new Map<string, unknown>();

  constructor(readonly snapshot: Snapshot) {
    const { ec2, rds } = snapshot;
    this.region = snapshot.region;
    this.vpcs = indexBy(ec2.Vpcs, (v) => v.VpcId);
    this.subnets = indexBy(ec2.Subnets, (s) => s.SubnetId);
    this.routeTables = indexBy(ec2.RouteTables, (t) => t.RouteTableId);
    this.natGateways = indexBy(ec2.NatGateways, (n) => n.NatGatewayId);
    this.internetGateways = indexBy(ec2.InternetGateways, (g) => g.InternetGatewayId);
    this.securityGroups = indexBy(ec2.SecurityGroups, (g) => g.GroupId);
    this.networkAcls = indexBy(ec2.NetworkAcls, (a) => a.NetworkAclId);
    this.networkInterfaces = ec2.NetworkInterfaces ?? [];
    this.endpoints = ec2.VpcEndpoints ?? [];
    this.prefixLists = indexBy(ec2.ManagedPrefixLists, (p) => p.PrefixListId);
    this.peerings = indexBy(ec2.VpcPeeringConnections, (p) => p.VpcPeeringConnectionId);
    this.dbInstances = indexBy(rds.DBInstances, (d) => d.DBInstanceIdentifier);
    this.dbClusters = indexBy(rds.DBClusters, (c) => c.DBClusterIdentifier);
    this.denied = new Set(snapshot.denied ?? []);
    for (const table of this.routeTables.values()) {
      for (const association of table.Associations ?? []) {
        if (association.AssociationState?.State === 'disassociated') continue;
        if (association.SubnetId && !this.explicitTables.has(association.SubnetId)) this.explicitTables.set(association.SubnetId, table);
        if (association.Main && table.VpcId && !this.mainTables.has(table.VpcId)) this.mainTables.set(table.VpcId, table);
      }
    }
    for (const acl of this.networkAcls.values()) {
      for (const association of acl.Associations ?? []) if (association.SubnetId && !this.aclBySubnet.has(association.SubnetId)) this.aclBySubnet.set(association.SubnetId, acl);
    }
  }

  /** A value derived from the (immutable) snapshot, computed once per key. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Null when the key was collected; else why not, with the IAM action that fills it. */
  missingEc2(key: Ec2Key): Missing | null {
    const action = EC2_KEY_ACTIONS[key];
    if (this.denied.has(action)) return { reason: 'denied', action };
    return this.snapshot.ec2[key] === undefined ? { reason: 'not-collected', action } : null;
  }

  missingRds(key: RdsKey): Missing | null {
    const action = RDS_KEY_ACTIONS[key];
    if (this.denied.has(action)) return { reason: 'denied', action };
    return this.snapshot.rds[key] === undefined ? { reason: 'not-collected', action } : null;
  }

  /** The subnet's explicit route table, else its VPC's main table (Batfish's findRouteTable). */
  routeTableOf(subnetId: string): RouteTable | undefined {
    const explicit = this.explicitTables.get(subnetId);
    if (explicit) return explicit;
    const vpcId = this.subnets.get(subnetId)?.VpcId;
    return vpcId ? this.mainTables.get(vpcId) : undefined;
  }

  /** Whether the subnet's table is the main one by default (no explicit association). */
  usesMainRouteTable(subnetId: string): boolean {
    return !this.explicitTables.has(subnetId);
  }

  /** The subnet's network ACL: its association, else its VPC's default ACL. */
  networkAclOf(subnetId: string): NetworkAcl | undefined {
    const associated = this.aclBySubnet.get(subnetId);
    if (associated) return associated;
    const vpcId = this.subnets.get(subnetId)?.VpcId;
    return [...this.networkAcls.values()].find((a) => a.VpcId === vpcId && a.IsDefault);
  }

  subnetCidr(subnetId: string): Cidr | null {
    return parseCidr(this.subnets.get(subnetId)?.CidrBlock);
  }

  vpcCidrs(vpcId: string): Cidr[] {
    const vpc = this.vpcs.get(vpcId);
    const texts = vpc?.CidrBlockAssociationSet?.filter((a) => a.CidrBlockState?.State !== 'disassociated').map((a) => a.CidrBlock) ?? [];
    if (vpc?.CidrBlock) texts.push(vpc.CidrBlock);
    return dedupeCidrs(texts.map(parseCidr).filter((c): c is Cidr => c !== null));
  }

  vpcAttributes(vpcId: string): VpcAttributes | undefined {
    return this.snapshot.ec2.VpcAttributes?.[vpcId];
  }

  /** Prefix list entries as blocks; null when the entries were not collected. */
  prefixListCidrs(prefixListId: string): Cidr[] | null {
    const entries = this.snapshot.ec2.PrefixListEntries?.[prefixListId];
    if (!entries) return null;
    return entries.map((e) => parseCidr(e.Cidr)).filter((c): c is Cidr => c !== null);
  }

  /** The internet gateway's attachment to the VPC, if it is attached. */
  igwAttachedTo(igwId: string, vpcId: string): boolean {
    const igw = this.internetGateways.get(igwId);
    return igw?.Attachments?.some((a) => a.VpcId === vpcId && (a.State === 'available' || a.State === 'attached')) ?? false;
  }

  attachedIgwOf(vpcId: string): InternetGateway | undefined {
    return [...this.internetGateways.values()].find((g) => g.InternetGatewayId && this.igwAttachedTo(g.InternetGatewayId, vpcId));
  }

  /** Whether a route target is still described in the snapshot (a deleted NAT may still be listed). */
  targetExists(id: string): boolean {
    return this.natGateways.has(id) || this.internetGateways.has(id) || this.peerings.has(id) || this.endpoints.some((e) => e.VpcEndpointId === id);
  }

  /** The interface of the VPC that holds the address (VPCs may overlap, so the VPC must be named). */
  interfaceHolding(address: string, vpcId: string): NetworkInterface | undefined {
    const inVpc = (n: NetworkInterface) => n.VpcId === undefined || n.VpcId === vpcId || this.subnets.get(n.SubnetId ?? '')?.VpcId === vpcId;
    return this.networkInterfaces.find((n) => inVpc(n) && (n.PrivateIpAddress === address || n.PrivateIpAddresses?.some((p) => p.PrivateIpAddress === address)));
  }

  subnetContaining(vpcId: string, cidr: Cidr): Subnet | undefined {
    return [...this.subnets.values()].find((s) => {
      const block = parseCidr(s.CidrBlock);
      return s.VpcId === vpcId && block !== null && covers(block, cidr);
    });
  }
}

function dedupeCidrs(cidrs: Cidr[]): Cidr[] {
  const seen = new Set<string>();
  return cidrs.filter((c) => (seen.has(c.text) ? false : (seen.add(c.text), true)));
}
