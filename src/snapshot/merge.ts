// One snapshot from several accounts' snapshots of one Region (`vpcdoctor merge`, or several
// --snapshot flags): lists are joined, per-resource maps united. The same id in two files is one
// resource seen from two accounts (a transit gateway attachment shows in the VPC owner's and the
// gateway owner's account, the latter with its route-table association; AWS-managed prefix lists
// show everywhere): its fields are united. Two files that give one field of one resource different
// values (snapshots taken at different times, or of something else) are an input error naming both. A call denied in one account but answered in another
// is no longer "denied": the key holds the data that was readable, and what is missing from it is
// reported as not visible at the hop that needs it.
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../errors.js';
import { NETWORK_FIREWALL_KEY_ACTIONS } from './services.js';
import { EC2_KEY_ACTIONS, RDS_KEY_ACTIONS, type Ec2Section, type RdsSection, type Snapshot } from './types.js';

export interface NamedSnapshot {
  file: string;
  snapshot: Snapshot;
}

/** The id field of each list key's items. */
const EC2_IDS: Record<string, string> = {
  Vpcs: 'VpcId', Subnets: 'SubnetId', RouteTables: 'RouteTableId', NatGateways: 'NatGatewayId', InternetGateways: 'InternetGatewayId',
  EgressOnlyInternetGateways: 'EgressOnlyInternetGatewayId', Addresses: 'AllocationId', SecurityGroups: 'GroupId', NetworkAcls: 'NetworkAclId',
  NetworkInterfaces: 'NetworkInterfaceId', VpcEndpoints: 'VpcEndpointId', ManagedPrefixLists: 'PrefixListId',
  VpcPeeringConnections: 'VpcPeeringConnectionId', TransitGatewayAttachments: 'TransitGatewayAttachmentId',
  TransitGatewayVpcAttachments: 'TransitGatewayAttachmentId', DhcpOptions: 'DhcpOptionsId', VpcBlockPublicAccessExclusions: 'ExclusionId',
};
const RDS_IDS: Record<string, string> = {
  DBInstances: 'DBInstanceIdentifier', DBClusters: 'DBClusterIdentifier', DBProxies: 'DBProxyName', DBProxyEndpoints: 'DBProxyEndpointName',
};
const ROUTE53_RESOLVER_IDS: Record<string, string> = {
  FirewallRuleGroupAssociations: 'Id', FirewallDomainLists: 'Id', ResolverRuleAssociations: 'Id', ResolverRules: 'Id',
};
/** The sections a snapshot has only when it was collected with them (older snapshots lack them). */
const OPTIONAL_SECTIONS = { networkFirewall: {}, route53Resolver: ROUTE53_RESOLVER_IDS, route53: {} } as const;

type Item = Record<string, unknown>;

export function mergeSnapshots(inputs: NamedSnapshot[]): Snapshot {
  if (inputs.length === 0) throw new InputError('merge needs at least one snapshot');
  const [first] = inputs;
  for (const { file, snapshot } of inputs) {
    if (snapshot.region !== first!.snapshot.region) {
      throw new InputError(`${first!.file} is a snapshot of ${first!.snapshot.region} and ${file} of ${snapshot.region}: merge snapshots of one Region`);
    }
  }
  const merged: Snapshot = {
    vpcdoctorSnapshot: 1,
    region: first!.snapshot.region,
    functions: joinList(inputs, (s) => s.functions as Item[], 'FunctionArn', 'function') as Snapshot['functions'],
    ec2: mergeSection(inputs, (s) => s.ec2 as Record<string, unknown>, EC2_IDS) as Ec2Section,
    rds: mergeSection(inputs, (s) => s.rds as Record<string, unknown>, RDS_IDS) as RdsSection,
  };
  for (const [name, ids] of Object.entries(OPTIONAL_SECTIONS) as [keyof typeof OPTIONAL_SECTIONS, Record<string, string>][]) {
    const present = inputs.filter((i) => i.snapshot[name] !== undefined);
    if (present.length > 0) (merged as unknown as Record<string, unknown>)[name] = mergeSection(present, (s) => s[name] as Record<string, unknown>, ids);
  }
  const captured = inputs.map((i) => i.snapshot.capturedAt).filter((t): t is string => typeof t === 'string').sort();
  // The oldest capture time: the union is no fresher than its oldest part.
  if (captured.length > 0) merged.capturedAt = captured[0]!;
  const denied = stillDenied(inputs, merged);
  if (denied.length > 0) merged.denied = denied;
  return merged;
}

function mergeSection(inputs: NamedSnapshot[], section: (s: Snapshot) => Record<string, unknown> | undefined, ids: Record<string, string>): Record<string, unknown> {
  const keys = [...new Set(inputs.flatMap((i) => Object.keys(section(i.snapshot) ?? {})))];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const present = inputs.filter((i) => section(i.snapshot)?.[key] !== undefined);
    const values = present.map((i) => section(i.snapshot)![key]);
    if (values.every(Array.isArray)) {
      out[key] = joinList(present, (s) => section(s)![key] as Item[], ids[key], key);
    } else if (values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      out[key] = joinMap(present, (s) => section(s)![key] as Record<string, unknown>, key);
    } else {
      throw new InputError(`${present.map((i) => i.file).join(' and ')} disagree on the type of ${key}`);
    }
  }
  return out;
}

function joinList(inputs: NamedSnapshot[], list: (s: Snapshot) => Item[], idField: string | undefined, what: string): Item[] {
  const seen = new Map<string, { file: string; item: Item }>();
  const out: Item[] = [];
  for (const { file, snapshot } of inputs) {
    for (const item of list(snapshot) ?? []) {
      const id = idField ? item[idField] ?? (what === 'function' ? item.FunctionName : undefined) : undefined;
      if (typeof id !== 'string' || id === '') {
        out.push(item);
        continue;
      }
      const earlier = seen.get(id);
      if (!earlier) {
        const copy = { ...item };
        seen.set(id, { file, item: copy });
        out.push(copy);
        continue;
      }
      for (const [field, value] of Object.entries(item)) {
        if (!(field in earlier.item)) earlier.item[field] = value;
        else if (!isDeepStrictEqual(earlier.item[field], value)) {
          throw new InputError(`${what} ${id} is in both ${earlier.file} and ${file} with different ${field}: merge snapshots of different accounts taken at the same time`);
        }
      }
    }
  }
  return out;
}

function joinMap(inputs: NamedSnapshot[], map: (s: Snapshot) => Record<string, unknown>, what: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const { file, snapshot } of inputs) {
    for (const [id, value] of Object.entries(map(snapshot) ?? {})) {
      if (id in out && !isDeepStrictEqual(out[id], value)) {
        throw new InputError(`${what}[${id}] is in both ${from[id]} and ${file}, with different content: merge snapshots of different accounts taken at the same time`);
      }
      if (!(id in out)) from[id] = file;
      out[id] = value;
    }
  }
  return out;
}

/**
 * Denied actions whose key no input holds (a key one account could read is data, not a denial).
 * Route 53 Resolver and Route 53 stay denied when any account was denied: their lists are read as
 * "nothing else there" (no forwarding rule, no private zone), so another account's answer must not
 * stand in for the denied one's.
 */
function stillDenied(inputs: NamedSnapshot[], merged: Snapshot): string[] {
  const answered = new Set<string>([
    ...Object.entries(EC2_KEY_ACTIONS).filter(([key]) => (merged.ec2 as Record<string, unknown>)[key] !== undefined).map(([, action]) => action),
    ...Object.entries(RDS_KEY_ACTIONS).filter(([key]) => (merged.rds as Record<string, unknown>)[key] !== undefined).map(([, action]) => action),
    ...Object.entries(NETWORK_FIREWALL_KEY_ACTIONS).filter(([key]) => (merged.networkFirewall as Record<string, unknown> | undefined)?.[key] !== undefined).map(([, action]) => action),
  ]);
  const all = new Set(inputs.flatMap((i) => i.snapshot.denied ?? []));
  return [...all].filter((action) => !answered.has(action)).sort();
}
