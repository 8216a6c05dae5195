// Seeded mutation test: random breakage of the healthy snapshot (fixtures/make/base.mjs) must never
// crash the analysis, and every report must stay self-consistent (verdicts follow hops, codes have
// findings, the analysis is deterministic and leaves its input alone, irrelevant edits change nothing).
//
// Reproduce a failure: the message names the variant seed and its mutations;
//   VPCDOCTOR_SEED=<seed> VPCDOCTOR_VARIANTS=1 npx vitest run test/robustness.test.ts
// replays exactly that variant. VPCDOCTOR_VARIANTS=<n> runs more (or fewer) variants.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { FunctionReport, Hop, PathResult, Report, Verdict } from '../src/analyze/types.js';
import { EC2_KEY_ACTIONS, RDS_KEY_ACTIONS, type Ec2Key, type RdsKey, type Snapshot } from '../src/snapshot/types.js';
// @ts-ignore plain JavaScript fixture generator, no type declarations
import { healthySnapshot, ids } from '../fixtures/make/base.mjs';
import { Rng } from './helpers/rng.js';

const BASE_SEED = Number(process.env.VPCDOCTOR_SEED ?? 0x5eed);
const VARIANTS = Number(process.env.VPCDOCTOR_VARIANTS ?? 300);
const FUNCTION = 'mobile-auth-handler';


// ---- mutations ----

// The snapshot is edited as loose JSON, the way a broken or partial collection could leave it.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;
type Mutation = { name: string; missingData?: boolean; apply: (snap: Json, rng: Rng) => string | null };

const EC2_KEYS = Object.keys(EC2_KEY_ACTIONS) as Ec2Key[];
const RDS_KEYS = Object.keys(RDS_KEY_ACTIONS) as RdsKey[];
const arr = (value: unknown): Json[] => (Array.isArray(value) ? value : []);
const allRoutes = (snap: Json) => arr(snap.ec2.RouteTables).flatMap((t: Json) => arr(t.Routes).map((r: Json) => ({ t, r })));
const removeAt = <T>(items: T[], item: T) => items.splice(items.indexOf(item), 1);

const MUTATIONS: Mutation[] = [
  {
    name: 'delete a route',
    apply: (snap, rng) => {
      const hit = rng.pick(allRoutes(snap));
      if (!hit) return null;
      removeAt(hit.t.Routes, hit.r);
      return `${hit.t.RouteTableId}: ${hit.r.DestinationCidrBlock ?? hit.r.DestinationPrefixListId}`;
    },
  },
  {
    name: 'blackhole a route',
    apply: (snap, rng) => {
      const hit = rng.pick(allRoutes(snap));
      if (!hit) return null;
      hit.r.State = 'blackhole';
      return `${hit.t.RouteTableId}: ${hit.r.DestinationCidrBlock ?? hit.r.DestinationPrefixListId}`;
    },
  },
  {
    name: 'retarget a route',
    apply: (snap, rng) => {
      const hit = rng.pick(allRoutes(snap));
      if (!hit) return null;
      for (const key of ['GatewayId', 'NatGatewayId', 'VpcPeeringConnectionId', 'TransitGatewayId', 'InstanceId', 'NetworkInterfaceId']) delete hit.r[key];
      const [key, value] = rng.pick([
        ['GatewayId', ids.igw], ['GatewayId', 'local'], ['GatewayId', 'vgw-0abc'], ['GatewayId', 'vpce-0gone'], ['NatGatewayId', ids.natA],
        ['NatGatewayId', 'nat-0deleted'], ['VpcPeeringConnectionId', 'pcx-0abc'], ['TransitGatewayId', 'tgw-0abc'],
        ['InstanceId', 'i-0abc'], ['NetworkInterfaceId', 'eni-0abc'],
      ] as const)!;
      hit.r[key] = value;
      return `${hit.t.RouteTableId}: ${hit.r.DestinationCidrBlock ?? hit.r.DestinationPrefixListId} → ${value}`;
    },
  },
  {
    name: 'add a more specific public route',
    apply: (snap, rng) => {
      const t = rng.pick(arr(snap.ec2.RouteTables));
      if (!t) return null;
      const block = rng.pick(['52.0.0.0/8', '44.224.0.0/11', '128.0.0.0/1', '3.5.0.0/16'])!;
      const route = rng.chance(0.5) ? { DestinationCidrBlock: block, VpcPeeringConnectionId: 'pcx-0abc', State: 'active' } : { DestinationCidrBlock: block, NatGatewayId: ids.natB, State: 'active' };
      (t.Routes ??= []).push(route);
      return `${t.RouteTableId}: ${block}`;
    },
  },
  {
    name: 'NAT state',
    apply: (snap, rng) => {
      const nat = rng.pick(arr(snap.ec2.NatGateways));
      if (!nat) return null;
      nat.State = rng.pick(['pending', 'failed', 'deleting', 'deleted', 'available', 'weird'])!;
      if (nat.State === 'failed') nat.FailureCode = 'Gateway.NotAttached';
      return `${nat.NatGatewayId} → ${nat.State}`;
    },
  },
  {
    name: 'NAT connectivity',
    apply: (snap, rng) => {
      const nat = rng.pick(arr(snap.ec2.NatGateways));
      if (!nat) return null;
      nat.ConnectivityType = rng.pick(['private', 'public', undefined]);
      return `${nat.NatGatewayId} → ${nat.ConnectivityType}`;
    },
  },
  {
    name: 'NAT addresses',
    apply: (snap, rng) => {
      const nat = rng.pick(arr(snap.ec2.NatGateways));
      if (!nat) return null;
      const how = rng.pick(['empty', 'no allocation', 'no public ip', 'neither', 'delete'])!;
      if (how === 'empty') nat.NatGatewayAddresses = [];
      else if (how === 'delete') delete nat.NatGatewayAddresses;
      else for (const a of arr(nat.NatGatewayAddresses)) {
        if (how !== 'no public ip') delete a.AllocationId;
        if (how !== 'no allocation') delete a.PublicIp;
      }
      return `${nat.NatGatewayId}: ${how}`;
    },
  },
  {
    name: 'NAT regional',
    apply: (snap, rng) => {
      const nat = rng.pick(arr(snap.ec2.NatGateways));
      if (!nat) return null;
      nat.AvailabilityMode = 'regional';
      delete nat.SubnetId;
      for (const a of arr(nat.NatGatewayAddresses)) a.AvailabilityZone = rng.pick(['us-west-2a', 'us-west-2b', 'us-west-2c']);
      if (rng.chance(0.5)) nat.RouteTableId = rng.pick([ids.publicRtb, ids.mainRtb, 'rtb-0missing']);
      return `${nat.NatGatewayId} regional, table ${nat.RouteTableId ?? 'none'}`;
    },
  },
  {
    name: 'detach the internet gateway',
    apply: (snap, rng) => {
      const igw = rng.pick(arr(snap.ec2.InternetGateways));
      if (!igw) return null;
      const how = rng.pick(['no attachments', 'detaching', 'other vpc', 'delete attachments'])!;
      if (how === 'no attachments') igw.Attachments = [];
      else if (how === 'delete attachments') delete igw.Attachments;
      else for (const a of arr(igw.Attachments)) how === 'detaching' ? (a.State = 'detaching') : (a.VpcId = 'vpc-0other');
      return `${igw.InternetGatewayId}: ${how}`;
    },
  },
  {
    name: 'remove a security-group egress rule',
    apply: (snap, rng) => {
      const group = rng.pick(arr(snap.ec2.SecurityGroups).filter((g: Json) => arr(g.IpPermissionsEgress).length > 0));
      if (!group) return null;
      group.IpPermissionsEgress.splice(rng.int(0, group.IpPermissionsEgress.length - 1), 1);
      return String(group.GroupId);
    },
  },
  {
    name: 'remove a security-group ingress rule',
    apply: (snap, rng) => {
      const group = rng.pick(arr(snap.ec2.SecurityGroups).filter((g: Json) => arr(g.IpPermissions).length > 0));
      if (!group) return null;
      group.IpPermissions.splice(rng.int(0, group.IpPermissions.length - 1), 1);
      return String(group.GroupId);
    },
  },
  {
    name: 'add a NACL deny',
    apply: (snap, rng) => {
      const acl = rng.pick(arr(snap.ec2.NetworkAcls));
      if (!acl) return null;
      const egress = rng.chance(0.5);
      const used = new Set(arr(acl.Entries).filter((e: Json) => (e.Egress ?? false) === egress).map((e: Json) => e.RuleNumber));
      let number = rng.int(1, 32766);
      while (used.has(number)) number = rng.int(1, 32766);
      const from = rng.int(0, 65535);
      const to = rng.int(from, Math.min(65535, from + rng.pick([0, 10, 1000, 40000, 65535])!));
      const protocol = rng.pick(['6', '-1', '17'])!;
      const entry: Json = { RuleNumber: number, Egress: egress, RuleAction: 'deny', Protocol: protocol, CidrBlock: rng.pick(['0.0.0.0/0', ids.vpcCidr, '172.31.16.0/20', '52.0.0.0/8'])! };
      if (protocol !== '-1') entry.PortRange = { From: from, To: to };
      (acl.Entries ??= []).push(entry);
      return `${acl.NetworkAclId}: ${egress ? 'egress' : 'ingress'} #${number} ${protocol} ${entry.CidrBlock} ${protocol === '-1' ? 'all' : `${from}-${to}`}`;
    },
  },
  {
    name: 'remove a subnet association',
    apply: (snap, rng) => {
      const owners = [...arr(snap.ec2.RouteTables), ...arr(snap.ec2.NetworkAcls)].filter((o: Json) => arr(o.Associations).some((a: Json) => a.SubnetId));
      const owner = rng.pick(owners);
      if (!owner) return null;
      const association: Json = rng.pick(owner.Associations.filter((a: Json) => a.SubnetId));
      removeAt(owner.Associations, association);
      return `${owner.RouteTableId ?? owner.NetworkAclId}: ${association.SubnetId}`;
    },
  },
  {
    name: 'drop an ec2 key',
    missingData: true,
    apply: (snap, rng) => {
      const key = rng.pick(EC2_KEYS)!;
      delete snap.ec2[key];
      return key;
    },
  },
  {
    name: 'deny an ec2 key',
    missingData: true,
    apply: (snap, rng) => {
      const key = rng.pick(EC2_KEYS)!;
      (snap.denied ??= []).push(EC2_KEY_ACTIONS[key]);
      return EC2_KEY_ACTIONS[key];
    },
  },
  {
    name: 'drop or deny an rds key',
    missingData: true,
    apply: (snap, rng) => {
      const key = rng.pick(RDS_KEYS)!;
      if (rng.chance(0.5)) {
        delete snap.rds[key];
        return `drop ${key}`;
      }
      (snap.denied ??= []).push(RDS_KEY_ACTIONS[key]);
      return `deny ${RDS_KEY_ACTIONS[key]}`;
    },
  },
  {
    name: 'delete a subnet the function names',
    apply: (snap, rng) => {
      const wanted = arr(snap.functions[0]?.VpcConfig?.SubnetIds);
      const subnet = rng.pick(arr(snap.ec2.Subnets).filter((s: Json) => wanted.includes(s.SubnetId)));
      if (!subnet) return null;
      removeAt(snap.ec2.Subnets, subnet);
      return String(subnet.SubnetId);
    },
  },
  {
    name: 'function state',
    apply: (snap, rng) => {
      const fn = snap.functions[0];
      const [field, value] = rng.pick([['State', 'Pending'], ['State', 'Failed'], ['State', 'Inactive'], ['LastUpdateStatus', 'Failed'], ['LastUpdateStatus', 'InProgress'], ['State', undefined]] as const)!;
      fn[field] = value;
      if (value === 'Failed') fn[`${field === 'State' ? 'State' : 'LastUpdateStatus'}ReasonCode`] = 'SubnetOutOfIPAddresses';
      return `${field} ${value}`;
    },
  },
  {
    name: 'function VPC config',
    apply: (snap, rng) => {
      const fn = snap.functions[0];
      const how = rng.pick(['delete', 'no subnets', 'no groups', 'one subnet', 'unknown subnet', 'unknown group', 'no vpc id'])!;
      if (how === 'delete') delete fn.VpcConfig;
      else if (!fn.VpcConfig) return null;
      else if (how === 'no subnets') fn.VpcConfig.SubnetIds = [];
      else if (how === 'no groups') fn.VpcConfig.SecurityGroupIds = [];
      else if (how === 'one subnet') fn.VpcConfig.SubnetIds = arr(fn.VpcConfig.SubnetIds).slice(0, 1);
      else if (how === 'unknown subnet') fn.VpcConfig.SubnetIds = [...arr(fn.VpcConfig.SubnetIds), 'subnet-0nothere'];
      else if (how === 'unknown group') fn.VpcConfig.SecurityGroupIds = [...arr(fn.VpcConfig.SecurityGroupIds), 'sg-0nothere'];
      else delete fn.VpcConfig.VpcId;
      return how;
    },
  },
  {
    name: 'subnet free addresses',
    apply: (snap, rng) => {
      const subnet = rng.pick(arr(snap.ec2.Subnets));
      if (!subnet) return null;
      subnet.AvailableIpAddressCount = rng.pick([0, 1, 15, 16, undefined]);
      return `${subnet.SubnetId}: ${subnet.AvailableIpAddressCount}`;
    },
  },
  {
    name: 'DB status',
    apply: (snap, rng) => {
      const db = rng.pick(arr(snap.rds.DBInstances));
      if (!db) return null;
      db.DBInstanceStatus = rng.pick(['stopped', 'creating', 'starting', 'storage-full', 'available', undefined]);
      return `${db.DBInstanceIdentifier}: ${db.DBInstanceStatus}`;
    },
  },
  {
    name: 'endpoint',
    apply: (snap, rng) => {
      const endpoint = rng.pick(arr(snap.ec2.VpcEndpoints));
      if (!endpoint) return null;
      const how = rng.pick(['ses service', 'ses-smtp service', 'pending', 'private dns off', 'no subnets', 'no enis', 'no groups', 'gateway'])!;
      if (how === 'ses service') endpoint.ServiceName = `com.amazonaws.${ids.region}.email`;
      else if (how === 'ses-smtp service') endpoint.ServiceName = `com.amazonaws.${ids.region}.email-smtp`;
      else if (how === 'pending') endpoint.State = 'pendingAcceptance';
      else if (how === 'private dns off') endpoint.PrivateDnsEnabled = false;
      else if (how === 'no subnets') endpoint.SubnetIds = [];
      else if (how === 'no enis') endpoint.NetworkInterfaceIds = [];
      else if (how === 'no groups') endpoint.Groups = [];
      else endpoint.VpcEndpointType = 'Gateway';
      return `${endpoint.VpcEndpointId}: ${how}`;
    },
  },
  {
    name: 'VPC DNS attributes',
    apply: (snap, rng) => {
      const attributes = snap.ec2.VpcAttributes?.[ids.vpc];
      if (!attributes) return null;
      const key = rng.pick(['EnableDnsSupport', 'EnableDnsHostnames'])!;
      attributes[key] = rng.pick([false, undefined]);
      return `${key} ${attributes[key]}`;
    },
  },
  {
    name: 'empty an array',
    apply: (snap, rng) => {
      const keys = [...EC2_KEYS.filter((k) => Array.isArray(snap.ec2[k])).map((k) => `ec2.${k}`), ...RDS_KEYS.filter((k) => Array.isArray(snap.rds[k])).map((k) => `rds.${k}`)];
      const key = rng.pick(keys);
      if (!key) return null;
      const [section, name] = key.split('.') as ['ec2' | 'rds', string];
      snap[section][name] = [];
      return key;
    },
  },
  {
    name: 'remove an optional field',
    apply: (snap, rng) => {
      const candidates: [Json, string][] = [];
      const add = (items: unknown, ...fields: string[]) => arr(items).forEach((item: Json) => fields.forEach((f) => item && f in item && candidates.push([item, f])));
      add(snap.ec2.Subnets, 'AvailabilityZone', 'CidrBlock', 'VpcId');
      add(snap.ec2.RouteTables, 'Routes', 'Associations', 'VpcId', 'RouteTableId');
      add(allRoutes(snap).map((x) => x.r), 'State', 'Origin', 'DestinationCidrBlock');
      add(snap.ec2.NatGateways, 'SubnetId', 'State', 'ConnectivityType', 'NatGatewayId');
      add(snap.ec2.SecurityGroups, 'IpPermissionsEgress', 'IpPermissions', 'GroupId');
      add(arr(snap.ec2.SecurityGroups).flatMap((g: Json) => [...arr(g.IpPermissionsEgress), ...arr(g.IpPermissions)]), 'FromPort', 'ToPort', 'IpProtocol', 'IpRanges', 'UserIdGroupPairs');
      add(snap.ec2.NetworkAcls, 'Entries', 'Associations', 'IsDefault', 'NetworkAclId');
      add(arr(snap.ec2.NetworkAcls).flatMap((a: Json) => arr(a.Entries)), 'RuleNumber', 'Egress', 'CidrBlock', 'Protocol', 'PortRange');
      add(snap.ec2.NetworkInterfaces, 'PrivateIpAddress', 'Groups', 'SubnetId', 'InterfaceType', 'NetworkInterfaceId');
      add(snap.ec2.VpcEndpoints, 'VpcEndpointId', 'State', 'ServiceName', 'PrivateDnsEnabled', 'Groups');
      add(snap.ec2.Vpcs, 'CidrBlock', 'CidrBlockAssociationSet');
      add(snap.rds.DBInstances, 'Endpoint', 'VpcSecurityGroups', 'DBSubnetGroup', 'AvailabilityZone', 'DBInstanceStatus');
      add(snap.functions, 'FunctionArn', 'Environment', 'State', 'LastUpdateStatus');
      add(snap.functions.map((f: Json) => f.VpcConfig), 'VpcId', 'SecurityGroupIds', 'SubnetIds');
      const hit = rng.pick(candidates);
      if (!hit) return null;
      const [item, field] = hit;
      const label = item.RouteTableId ?? item.NatGatewayId ?? item.GroupId ?? item.NetworkAclId ?? item.SubnetId ?? item.NetworkInterfaceId ?? item.VpcEndpointId ?? item.DBInstanceIdentifier ?? item.FunctionName ?? item.DestinationCidrBlock ?? item.RuleNumber ?? item.IpProtocol ?? '?';
      delete item[field];
      return `${label}.${field}`;
    },
  },
];

/** Edits that can only take reachability away: after one, no path may get a better verdict. */
const RESTRICTIONS: Mutation[] = [
  MUTATIONS.find((m) => m.name === 'remove a security-group egress rule')!,
  MUTATIONS.find((m) => m.name === 'add a NACL deny')!,
  MUTATIONS.find((m) => m.name === 'blackhole a route')!,
  MUTATIONS.find((m) => m.name === 'detach the internet gateway')!,
  {
    name: 'break a NAT gateway',
    apply: (snap, rng) => {
      const nat = rng.pick(arr(snap?.ec2?.NatGateways));
      if (!nat) return null;
      const how = rng.pick(['failed', 'deleted', 'private', 'no addresses'])!;
      if (how === 'private') nat.ConnectivityType = 'private';
      else if (how === 'no addresses') nat.NatGatewayAddresses = [];
      else nat.State = how;
      return `${nat.NatGatewayId}: ${how}`;
    },
  },
  {
    name: 'stop the database',
    apply: (snap) => {
      const db = arr(snap?.rds?.DBInstances)[0];
      if (!db) return null;
      db.DBInstanceStatus = 'stopped';
      return String(db.DBInstanceIdentifier);
    },
  },
];

const PATH_RANK: Record<string, number> = { unreachable: 0, unknown: 1, reachable: 2 };

interface Variant {
  seed: number;
  snapshot: Snapshot;
  applied: string[];
  /** Every mutation only took data away (a missing key or a denied call). */
  onlyMissingData: boolean;
}

function makeVariant(seed: number): Variant {
  const rng = new Rng(seed);
  const snapshot = healthySnapshot() as Json;
  const applied: string[] = [];
  let onlyMissingData = true;
  const count = rng.int(1, 4);
  for (let tries = 0; applied.length < count && tries < 20; tries++) {
    const mutation = rng.pick(MUTATIONS)!;
    const what = mutation.apply(snapshot, rng);
    if (what === null) continue;
    applied.push(`${mutation.name} (${what})`);
    if (!mutation.missingData) onlyMissingData = false;
  }
  return { seed, snapshot, applied, onlyMissingData };
}

// ---- invariants ----

const VERDICT_ORDER: Verdict[] = ['unreachable', 'partial', 'unknown', 'reachable'];
const DESTINATION_KINDS = new Set<Hop['kind']>(['internet', 'database', 'network-interface', 'vpc-endpoint']);

function impliedByHops(hops: Hop[]): PathResult['verdict'] {
  if (hops.some((h) => h.ok === false)) return 'unreachable';
  if (hops.some((h) => h.ok === null)) return 'unknown';
  return 'reachable';
}

/**
 * A path's verdict from its slices: no blocked or unknown slice, the hops decide; slices that
 * add up to the whole target, unreachable (unknown if any slice is unknown); less, partial.
 * Shares are rounded to 6 significant digits, so a sliver within 1e-6 of the whole may read either way.
 */
function impliedPathVerdicts(path: PathResult): PathResult['verdict'][] {
  const blocked = path.blocked ?? [];
  const unknown = path.unknown ?? [];
  if (blocked.length + unknown.length === 0) return [impliedByHops(path.hops)];
  const lost = [...blocked, ...unknown].reduce((sum, slice) => sum + slice.fraction, 0);
  const whole = unknown.length > 0 ? 'unknown' : 'unreachable';
  if (lost > 1 + 1e-6) return [];
  if (Math.abs(lost - 1) <= 1e-6) return [whole, 'partial'];
  return lost < 1 ? ['partial'] : [whole];
}

function impliedTargetVerdict(paths: PathResult[]): Verdict {
  const has = (v: PathResult['verdict']) => paths.some((p) => p.verdict === v);
  if (has('partial')) return 'partial';
  if (has('unreachable')) return has('reachable') ? 'partial' : 'unreachable';
  if (has('unknown') || paths.length === 0) return 'unknown';
  return 'reachable';
}

/** Every broken invariant of one function report, in words. */
function violations(fn: FunctionReport): string[] {
  const problems: string[] = [];
  const findingCodes = new Set(fn.findings.map((f) => f.code));
  for (const target of fn.targets) {
    for (const path of target.paths) {
      const where = `${target.target} from ${path.subnetId}`;
      if (path.hops.length === 0) problems.push(`${where}: no hops`);
      const implied = impliedPathVerdicts(path);
      if (!implied.includes(path.verdict)) problems.push(`${where}: path verdict ${path.verdict}, ${path.blocked || path.unknown ? 'slices' : 'hops'} imply ${implied.join(' or ') || 'more than the whole target lost'}`);
      // Never reachable past a hop that blocks or cannot be analysed.
      if (path.verdict === 'reachable' && impliedByHops(path.hops) !== 'reachable') problems.push(`${where}: reachable, yet a hop blocks or is unknown`);
      for (const slice of [...(path.blocked ?? []), ...(path.unknown ?? [])]) {
        if (!(slice.fraction > 0 && slice.fraction <= 1) || slice.addresses.length === 0 || !path.hops[slice.hop]) problems.push(`${where}: malformed slice ${JSON.stringify(slice)}`);
      }
      path.hops.forEach((hop, index) => {
        if (![true, false, null].includes(hop.ok)) problems.push(`${where}: hop ${hop.kind} ${hop.id} has ok ${String(hop.ok)}`);
        // The destination hop (the last one) repeats "not reached" when an earlier hop blocked; it
        // has nothing of its own to report then. Any other blocking hop must say why.
        const inherited = index === path.hops.length - 1 && DESTINATION_KINDS.has(hop.kind) && path.hops.slice(0, index).some((h) => h.ok === false);
        if (hop.ok === false && !(hop.codes && hop.codes.length > 0) && !inherited) problems.push(`${where}: blocking hop ${hop.kind} ${hop.id} carries no code`);
        if (typeof hop.id !== 'string' || hop.id === '') problems.push(`${where}: hop ${hop.kind} has no id`);
        for (const code of hop.codes ?? []) {
          if (!findingCodes.has(code)) problems.push(`${where}: hop ${hop.kind} ${hop.id} carries ${code}, which no finding has`);
        }
      });
    }
    const implied = impliedTargetVerdict(target.paths);
    if (target.verdict !== implied) problems.push(`${target.target}: target verdict ${target.verdict}, paths imply ${implied}`);
    const verdicts = target.paths.map((p) => p.verdict);
    if (target.verdict === 'partial' && !verdicts.includes('partial') && !(verdicts.includes('reachable') && verdicts.includes('unreachable'))) {
      problems.push(`${target.target}: partial without both a reachable and an unreachable path`);
    }
  }
  const worst = VERDICT_ORDER.find((v) => fn.targets.some((t) => t.verdict === v)) ?? 'reachable';
  if (fn.verdict !== worst) problems.push(`function verdict ${fn.verdict}, targets imply ${worst}`);
  const specs = new Set(fn.targets.map((t) => t.target));
  const subnets = new Set(fn.function.subnetIds);
  for (const target of fn.targets) {
    for (const path of target.paths) {
      if (!subnets.has(path.subnetId) && fn.function.vpcId !== null) problems.push(`${target.target}: path from ${path.subnetId}, not one of the function's subnets`);
    }
  }
  for (const finding of fn.findings) {
    for (const t of finding.targets) if (!specs.has(t)) problems.push(`${finding.code}: names target ${t}, which the report does not have`);
    for (const sub of finding.subnetIds) if (!subnets.has(sub)) problems.push(`${finding.code}: names subnet ${sub}, not one of the function's`);
    const ids = finding.resourceIds;
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) problems.push(`${finding.code}: resourceIds ${JSON.stringify(ids)}`);
    else if (!finding.message.includes(ids[0]!)) problems.push(`${finding.code}: message does not name ${ids[0]}: ${finding.message}`);
    if (!['error', 'warning', 'info'].includes(finding.severity)) problems.push(`${finding.code}: severity ${finding.severity}`);
  }
  return problems;
}

/** The verdict of every target and path, keyed by spec and subnet. */
function verdictMap(report: Report): Record<string, string> {
  const map: Record<string, string> = {};
  for (const fn of report.functions) {
    for (const target of fn.targets) {
      map[target.target] = target.verdict;
      for (const path of target.paths) map[`${target.target} @ ${path.subnetId}`] = path.verdict;
    }
  }
  return map;
}

/**
 * An edit that cannot change any verdict: a deny rule numbered after an allow-all rule of the same
 * direction (the allow-all always matches first). Null when the snapshot has no such rule.
 */
function addShadowedAclRule(snap: Json, rng: Rng): string | null {
  const isAllowAll = (e: Json) => e.RuleAction === 'allow' && e.Protocol === '-1' && e.CidrBlock === '0.0.0.0/0' && typeof e.RuleNumber === 'number' && typeof e.Egress === 'boolean';
  const candidates = arr(snap?.ec2?.NetworkAcls).flatMap((acl: Json) => arr(acl.Entries).filter(isAllowAll).map((e: Json) => ({ acl, e })));
  const hit = rng.pick(candidates);
  if (!hit) return null;
  const same = arr(hit.acl.Entries).filter((e: Json) => e.Egress === hit.e.Egress);
  // The lowest allow-all of that direction shadows everything numbered after it.
  const shadow = Math.min(...same.filter(isAllowAll).map((e: Json) => e.RuleNumber as number));
  if (shadow >= 32766) return null;
  const used = new Set(same.map((e: Json) => e.RuleNumber));
  let number = rng.int(shadow + 1, 32766);
  for (let i = 0; used.has(number) && i < 50; i++) number = rng.int(shadow + 1, 32766);
  if (used.has(number)) return null;
  hit.acl.Entries.push({ RuleNumber: number, Egress: hit.e.Egress, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
  return `${hit.acl.NetworkAclId}: ${hit.e.Egress ? 'egress' : 'ingress'} deny-all #${number} after allow-all #${shadow}`;
}

/** An unrelated edit: a group nobody uses gets a rule, a far-away private route appears in the main table. */
function addUnrelatedResources(snap: Json): string | null {
  if (!Array.isArray(snap?.ec2?.SecurityGroups)) return null;
  snap.ec2.SecurityGroups.push({ GroupId: 'sg-0unrelated0000001', VpcId: ids.vpc, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [] });
  const main = arr(snap.ec2.RouteTables).find((t: Json) => t.RouteTableId === ids.mainRtb && Array.isArray(t.Routes));
  if (!main) return 'unused security group';
  main.Routes.push({ DestinationCidrBlock: '192.168.250.0/24', VpcPeeringConnectionId: 'pcx-0unrelated', State: 'active' });
  return 'unused security group, private route 192.168.250.0/24 in the main table';
}

function run(snapshot: Snapshot): Report {
  return analyze(snapshot, { functions: [FUNCTION] });
}

// ---- the test ----

describe('robustness under random snapshot mutations', () => {
  it(`keeps every report consistent over ${VARIANTS} seeded variants (base seed ${BASE_SEED})`, () => {
    const failures: string[] = [];
    const verdictsSeen = new Set<string>();
    for (let i = 0; i < VARIANTS && failures.length < 5; i++) {
      const seed = (BASE_SEED + i) >>> 0;
      const variant = makeVariant(seed);
      const fail = (what: string) => failures.push(`seed ${seed} [${variant.applied.join('; ')}]: ${what}`);
      const input = JSON.stringify(variant.snapshot);
      let report: Report;
      try {
        report = run(variant.snapshot);
      } catch (error) {
        fail(`analyze threw ${(error as Error).stack ?? String(error)}`);
        continue;
      }
      if (JSON.stringify(variant.snapshot) !== input) fail('analyze modified its input snapshot');
      // JSON round trip: nothing that JSON cannot carry (undefined values, NaN, class instances).
      try {
        expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
      } catch (error) {
        fail(`the report does not survive a JSON round trip: ${(error as Error).message.slice(0, 400)}`);
      }
      // Deterministic: the same input, parsed afresh, gives a deep-equal report.
      try {
        expect(run(JSON.parse(input) as Snapshot)).toStrictEqual(report);
      } catch (error) {
        fail(`a second run differs: ${(error as Error).message.slice(0, 400)}`);
      }
      for (const fn of report.functions) {
        verdictsSeen.add(fn.verdict);
        for (const problem of violations(fn)) fail(problem);
      }
      // Missing data makes hops unknown, never blocking (docs/ANALYSIS.md, "Missing data").
      if (variant.onlyMissingData) {
        for (const [key, verdict] of Object.entries(verdictMap(report))) {
          if (verdict === 'unreachable' || verdict === 'partial') fail(`only data was missing, yet ${key} is ${verdict}`);
        }
      }
      // Irrelevant edits change nothing.
      const rng = new Rng(seed ^ 0x9e3779b9);
      const shadowed = JSON.parse(input) as Json;
      const shadowWhat = addShadowedAclRule(shadowed, rng);
      if (shadowWhat) {
        try {
          expect(run(shadowed)).toStrictEqual(report);
        } catch (error) {
          fail(`a shadowed ACL rule (${shadowWhat}) changed the report: ${(error as Error).message.slice(0, 400)}`);
        }
      }
      // Monotone: one more restriction never makes a path more reachable.
      const restricted = JSON.parse(input) as Json;
      const restriction = rng.pick(RESTRICTIONS)!;
      const restrictionWhat = restriction.apply(restricted, rng);
      if (restrictionWhat !== null) {
        const before = verdictMap(report);
        const after = verdictMap(run(restricted));
        for (const [key, verdict] of Object.entries(after)) {
          const was = before[key];
          if (!key.includes(' @ ') || was === undefined) continue;
          if (PATH_RANK[verdict]! > PATH_RANK[was]!) fail(`${restriction.name} (${restrictionWhat}) turned ${key} from ${was} into ${verdict}`);
        }
      }
      const unrelated = JSON.parse(input) as Json;
      const unrelatedWhat = addUnrelatedResources(unrelated);
      if (unrelatedWhat) {
        const before = verdictMap(report);
        const after = verdictMap(run(unrelated));
        try {
          expect(after).toEqual(before);
        } catch (error) {
          fail(`an unrelated edit (${unrelatedWhat}) changed verdicts: ${(error as Error).message.slice(0, 400)}`);
        }
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The mutations must actually exercise the verdicts (guards against a mutator that does nothing).
    if (VARIANTS >= 100) expect([...verdictsSeen].sort()).toEqual(expect.arrayContaining(['reachable', 'unreachable']));
  });

  it('the healthy snapshot itself is reachable everywhere and passes every invariant', () => {
    const report = run(healthySnapshot() as Snapshot);
    const fn = report.functions[0]!;
    expect(violations(fn)).toEqual([]);
    expect(fn.verdict).toBe('reachable');
    expect(fn.targets.map((t) => t.target)).toEqual(['internet', 'ses', `rds:${ids.db}`]);
  });

  it('the invariant checker catches a tampered report', () => {
    const fn = run(healthySnapshot() as Snapshot).functions[0]!;
    const hops = fn.targets[0]!.paths[0]!.hops;
    hops[1] = { ...hops[1]!, ok: false };
    hops[2] = { ...hops[2]!, codes: ['NAT_PRIVATE'] };
    fn.targets[1]!.verdict = 'partial';
    fn.findings.push({ code: 'NO_ROUTE', severity: 'error', resourceIds: ['rtb-x'], targets: ['nowhere'], subnetIds: [], message: 'no route', remediation: '' });
    const found = violations(fn).join('\n');
    expect(found).toContain('path verdict reachable, hops imply unreachable');
    expect(found).toContain('carries no code');
    expect(found).toContain('carries NAT_PRIVATE, which no finding has');
    expect(found).toContain('ses: target verdict partial, paths imply reachable');
    expect(found).toContain('partial without both');
    expect(found).toContain('message does not name rtb-x');
    expect(found).toContain('names target nowhere');
  });

  it('the PRNG is deterministic and spreads over its range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const draws = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.filter((d) => d < 0.5).length).toBeGreaterThan(400);
    expect(makeVariant(7).applied).toEqual(makeVariant(7).applied);
  });
});
