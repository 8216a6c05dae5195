// An RDS instance or Aurora cluster reduced to what a path needs: where it lives (subnet, address),
// its groups, its port and whether it is available. RDS does not report a database's private IP,
// so its network interface is found by description, groups and subnet; failing that, the subnets
// of its subnet group in its Availability Zone stand in.
import type { DBInstance, NetworkInterface, RdsKey } from '../snapshot/types.js';
import { parseCidr, type Cidr } from '../model/cidr.js';
import type { NetworkModel } from '../model/network.js';

export interface Database {
  id: string;
  kind: 'instance' | 'cluster';
  host?: string;
  port: number;
  status: string;
  groupIds: string[];
  vpcId?: string;
  availabilityZone?: string;
  /** The subnet it most likely sits in, and its address (the ENI's /32, else the subnet block). */
  subnetId?: string;
  addresses: Cidr[];
  eniId?: string;
  /** Set when RDS data was denied or not collected: the database cannot be located at all. */
  missing?: RdsKey;
}

/** The RDS key whose absence could hide a database, if any (instances first). */
export function missingRdsKey(model: NetworkModel): RdsKey | undefined {
  return (['DBInstances', 'DBClusters'] as const).find((key) => model.missingRds(key) !== null);
}

/** A database that cannot be looked up because RDS data is missing: its path is unknown. */
export function unresolvedDatabase(id: string, missing: RdsKey, port = 0): Database {
  return { id, kind: 'instance', port, status: 'unknown', groupIds: [], addresses: [], missing };
}

const DEFAULT_PORTS: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306, mariadb: 3306 };

export function resolveDatabase(model: NetworkModel, id: string): Database | null {
  const instance = model.dbInstances.get(id);
  if (instance) return fromInstance(model, instance, instance.DBInstanceStatus ?? 'unknown', 'instance', id);
  const cluster = model.dbClusters.get(id);
  if (!cluster) return null;
  const writerId = cluster.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier ?? cluster.DBClusterMembers?.[0]?.DBInstanceIdentifier;
  const writer = writerId ? model.dbInstances.get(writerId) : undefined;
  const groupIds = (cluster.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => !!g);
  const base = writer ? fromInstance(model, writer, cluster.Status ?? 'unknown', 'cluster', id) : null;
  return {
    ...(base ?? { addresses: [] }),
    id, kind: 'cluster', host: cluster.Endpoint, port: cluster.Port ?? base?.port ?? DEFAULT_PORTS[cluster.Engine ?? ''] ?? 5432,
    status: cluster.Status ?? 'unknown', groupIds: groupIds.length > 0 ? groupIds : base?.groupIds ?? [],
  };
}

export function databaseByHost(model: NetworkModel, host: string): Database | null {
  const wanted = host.toLowerCase();
  for (const instance of model.dbInstances.values()) {
    if (instance.Endpoint?.Address?.toLowerCase() === wanted && instance.DBInstanceIdentifier) return resolveDatabase(model, instance.DBInstanceIdentifier);
  }
  for (const cluster of model.dbClusters.values()) {
    const hosts = [cluster.Endpoint, cluster.ReaderEndpoint, ...(cluster.CustomEndpoints ?? [])].map((h) => h?.toLowerCase());
    if (hosts.includes(wanted) && cluster.DBClusterIdentifier) return resolveDatabase(model, cluster.DBClusterIdentifier);
  }
  return null;
}

function fromInstance(model: NetworkModel, instance: DBInstance, status: string, kind: Database['kind'], id: string): Database {
  const groupIds = (instance.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => !!g);
  const subnetIds = (instance.DBSubnetGroup?.Subnets ?? []).map((s) => s.SubnetIdentifier).filter((s): s is string => !!s);
  const az = instance.AvailabilityZone;
  const eni = findDatabaseEni(model, groupIds, subnetIds, az);
  const inZone = subnetIds.filter((s) => !az || model.subnets.get(s)?.AvailabilityZone === az || subnetAz(instance, s) === az).sort();
  const subnetId = eni?.SubnetId ?? inZone[0] ?? subnetIds[0];
  const eniAddress = parseCidr(eni?.PrivateIpAddress);
  const addresses = eniAddress ? [eniAddress] : (inZone.length > 0 ? inZone : subnetIds).map((s) => model.subnetCidr(s)).filter((c): c is Cidr => c !== null);
  return {
    id, kind, host: instance.Endpoint?.Address, port: instance.Endpoint?.Port ?? DEFAULT_PORTS[instance.Engine ?? ''] ?? 5432,
    status, groupIds, vpcId: instance.DBSubnetGroup?.VpcId ?? (subnetId ? model.subnets.get(subnetId)?.VpcId : undefined),
    availabilityZone: az, subnetId, addresses, eniId: eni?.NetworkInterfaceId,
  };
}

function subnetAz(instance: DBInstance, subnetId: string): string | undefined {
  return instance.DBSubnetGroup?.Subnets?.find((s) => s.SubnetIdentifier === subnetId)?.SubnetAvailabilityZone?.Name;
}

function findDatabaseEni(model: NetworkModel, groupIds: string[], subnetIds: string[], az: string | undefined): NetworkInterface | undefined {
  const sameGroups = (eni: NetworkInterface) => {
    const ids = (eni.Groups ?? []).map((g) => g.GroupId).sort();
    return ids.length === groupIds.length && [...groupIds].sort().every((g, i) => g === ids[i]);
  };
  const candidates = model.networkInterfaces.filter((eni) =>
    eni.Description === 'RDSNetworkInterface' && eni.SubnetId !== undefined && subnetIds.includes(eni.SubnetId) && sameGroups(eni));
  // Several databases can share groups and subnets: only an unambiguous match is trusted.
  const inZone = candidates.filter((eni) => !az || eni.AvailabilityZone === az);
  return inZone.length === 1 ? inZone[0] : undefined;
}
