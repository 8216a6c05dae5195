// Property test: the set engine against a brute-force evaluator that walks single packets.
// Seeded random networks (route tables with overlapping routes, a prefix-list route, split
// defaults and blackholes; security groups whose rules split CIDRs; network ACLs with interleaved
// allow/deny numbers) are analysed for `internet`; every sampled address (the boundaries of every
// block the network names plus random ones) must be delivered by the engine exactly when the packet
// walk delivers it. PROPERTY_NETWORKS raises the count for a bench run.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { PathResult } from '../src/analyze/types.js';
import { parseCidr } from '../src/model/cidr.js';
import { cidrSet, NON_PUBLIC_BLOCKS, PUBLIC_IPV4 } from '../src/model/ipv4-set.js';
import type { NetworkAclEntry, Route, Snapshot } from '../src/snapshot/types.js';
import { ids } from '../fixtures/make/base.mjs';
import { tgw } from '../fixtures/make/transit.mjs';
import { Rng } from './helpers/rng.js';
import { addTransit, inCidr, transitBase, transitBlocks, transitFate, type TransitNetwork } from './helpers/tgw-network.js';

const NETWORKS = Number(process.env.PROPERTY_NETWORKS ?? 2000);
const SEED = Number(process.env.PROPERTY_SEED ?? 7_2026);


const u32 = (text: string) => parseCidr(text)!.base;
const fmt = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
/** A random block: mostly around a few hot spots so that routes and rules overlap. */
function randomCidr(rng: Rng): string {
  const prefix = rng.pickOne([0, 1, 1, 2, 4, 6, 8, 8, 9, 12, 16, 20, 24, 28, 32]);
  const spot = rng.pickOne([u32('52.0.0.0'), u32('128.0.0.0'), u32('3.5.0.0'), rng.int(0, 0xffffffff)]);
  const jitter = rng.chance(0.5) ? rng.int(0, 0xffffff) : 0;
  const base = prefix === 0 ? 0 : ((spot + jitter) >>> 0) & (0xffffffff << (32 - prefix)) >>> 0;
  return `${fmt(base >>> 0)}/${prefix}`;
}

interface Network {
  snapshot: Snapshot;
  routes: Route[];
  prefixEntries: string[];
  egress: { protocol: string; from: number; to: number; cidrs: string[] }[];
  acl: NetworkAclEntry[];
  transit: TransitNetwork;
}

const DEAD_PCX = 'pcx-0deadbeefdeadbeef';
const PEER_PCX = 'pcx-0feedfacefeedface';
const PL = 'pl-0abcabcabcabcabc1';

function makeNetwork(rng: Rng): Network {
  const snapshot = transitBase();
  const ec2 = snapshot.ec2;
  // A quarter of the networks lean healthy (live routes to the NAT gateway, allows only), so that
  // reachable verdicts are compared as often as broken ones.
  const healthy = rng.chance(0.25);
  // Routes of the function's table in subnet A.
  const routes: Route[] = [{ DestinationCidrBlock: ids.vpcCidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
  const used = new Set<string>([ids.vpcCidr]);
  const targets: Partial<Route>[] = [
    { NatGatewayId: ids.natA, State: 'active' }, { NatGatewayId: ids.natA, State: 'active' },
    { VpcPeeringConnectionId: DEAD_PCX, State: 'blackhole' }, { VpcPeeringConnectionId: PEER_PCX, State: 'active' },
    { GatewayId: ids.igw, State: 'active' }, { NatGatewayId: ids.natB, State: 'blackhole' }, { TransitGatewayId: tgw.id, State: 'active' },
  ];
  // A third of the networks send their default route to the transit gateway (centralised egress).
  const viaTransit = rng.chance(0.35);
  const defaultTarget = viaTransit ? { TransitGatewayId: tgw.id } : { NatGatewayId: ids.natA };
  if (healthy) targets.splice(0, targets.length, { ...defaultTarget, State: 'active' });
  if (healthy || rng.chance(0.8)) (used.add('0.0.0.0/0'), routes.push({ DestinationCidrBlock: '0.0.0.0/0', ...defaultTarget, Origin: 'CreateRoute', State: 'active' }));
  if (rng.chance(0.2)) for (const half of ['0.0.0.0/1', '128.0.0.0/1']) (used.add(half), routes.push({ DestinationCidrBlock: half, Origin: 'CreateRoute', ...rng.pickOne(targets) }));
  for (let i = rng.int(0, 5); i > 0; i--) {
    const cidr = randomCidr(rng);
    if (used.has(cidr) || parseCidr(cidr)!.prefix === 0) continue;
    used.add(cidr);
    routes.push({ DestinationCidrBlock: cidr, Origin: 'CreateRoute', ...rng.pickOne(targets) });
  }
  const prefixEntries = rng.chance(0.4) ? Array.from({ length: rng.int(1, 3) }, () => randomCidr(rng)).filter((c) => parseCidr(c)!.prefix > 0) : [];
  if (prefixEntries.length > 0) {
    ec2.ManagedPrefixLists = [...(ec2.ManagedPrefixLists ?? []), { PrefixListId: PL, PrefixListName: 'corp-egress', AddressFamily: 'IPv4', State: 'create-complete' }];
    ec2.PrefixListEntries = { ...(ec2.PrefixListEntries ?? {}), [PL]: prefixEntries.map((Cidr) => ({ Cidr })) };
    routes.push({ DestinationPrefixListId: PL, Origin: 'CreateRoute', ...rng.pickOne(targets) });
  }
  const table = ec2.RouteTables!.find((t) => t.RouteTableId === ids.lambdaRtbA)!;
  table.Routes = routes;
  ec2.VpcPeeringConnections = [...(ec2.VpcPeeringConnections ?? []), {
    VpcPeeringConnectionId: PEER_PCX, Status: { Code: 'active' },
    RequesterVpcInfo: { VpcId: ids.vpc, Region: ids.region, CidrBlock: ids.vpcCidr }, AccepterVpcInfo: { VpcId: 'vpc-0peer000000000001', Region: ids.region, CidrBlock: '10.9.0.0/16' },
  }];
  // The function's security group: a few egress rules, CIDRs split.
  const egress = Array.from({ length: rng.int(1, 4) }, () => {
    const protocol = rng.pickOne(['-1', 'tcp', 'tcp', 'udp']);
    const from = rng.pickOne([0, 443, 443, 1, 400]);
    const to = rng.pickOne([443, 443, 65535, 442, 1000]);
    return { protocol, from, to, cidrs: Array.from({ length: rng.int(1, 3) }, () => randomCidr(rng)) };
  });
  if (healthy) egress.push({ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/1', '128.0.0.0/1'] });
  const group = ec2.SecurityGroups!.find((g) => g.GroupId === ids.lambdaSg)!;
  group.IpPermissionsEgress = egress.map((r) => ({
    IpProtocol: r.protocol, ...(r.protocol === '-1' ? {} : { FromPort: r.from, ToPort: r.to }),
    IpRanges: r.cidrs.map((CidrIp) => ({ CidrIp })), Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
  }));
  // Subnet A's own ACL: interleaved numbers, allow and deny, both directions.
  const acl: NetworkAclEntry[] = [];
  for (const egressRule of [true, false]) {
    const numbers = new Set<number>();
    for (let i = rng.int(1, 6); i > 0; i--) {
      const number = rng.int(1, 40) * 10;
      if (numbers.has(number)) continue;
      numbers.add(number);
      const protocol = rng.pickOne(['-1', '6', '6', '17']);
      const from = rng.pickOne([0, 443, 1024, 5000, 32768, rng.int(0, 65535)]);
      const to = Math.max(from, rng.pickOne([443, 65535, 60999, rng.int(0, 65535)]));
      acl.push({ RuleNumber: number, Egress: egressRule, RuleAction: healthy || rng.chance(0.55) ? 'allow' : 'deny', Protocol: protocol, CidrBlock: randomCidr(rng), ...(protocol === '-1' ? {} : { PortRange: { From: from, To: to } }) });
    }
    if (healthy || rng.chance(0.8)) acl.push({ RuleNumber: 1000, Egress: egressRule, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
    acl.push({ RuleNumber: 32767, Egress: egressRule, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
  }
  for (const existing of ec2.NetworkAcls!) existing.Associations = (existing.Associations ?? []).filter((a) => a.SubnetId !== ids.lambdaA);
  ec2.NetworkAcls!.push({ NetworkAclId: 'acl-0prop0000000000a1', VpcId: ids.vpc, IsDefault: false, Entries: acl, Associations: [{ NetworkAclAssociationId: 'aclassoc-0prop01', NetworkAclId: 'acl-0prop0000000000a1', SubnetId: ids.lambdaA }], Tags: [], OwnerId: ids.account });
  const transit = addTransit(snapshot, rng, healthy, randomCidr);
  return { snapshot, routes, prefixEntries, egress, acl, transit };
}

// ---- the brute-force packet walk ----

const EPHEMERAL = [1024, 65535] as const;

function aclAllows(entries: NetworkAclEntry[], egress: boolean, address: number, port: number): boolean {
  const ordered = entries.filter((e) => e.Egress === egress).sort((a, b) => a.RuleNumber! - b.RuleNumber!);
  for (const e of ordered) {
    if (e.Protocol !== '-1' && e.Protocol !== '6') continue;
    if (!inCidr(e.CidrBlock!, address)) continue;
    if (e.Protocol !== '-1' && !(e.PortRange!.From! <= port && port <= e.PortRange!.To!)) continue;
    return e.RuleAction === 'allow';
  }
  return false;
}

/** Reply ports denied to `address`, counted packet by packet over each run of ports the rules treat alike. */
function deniedReplyPorts(entries: NetworkAclEntry[], address: number): number {
  const cuts = new Set<number>([EPHEMERAL[0], EPHEMERAL[1] + 1]);
  for (const e of entries) if (e.PortRange) (cuts.add(e.PortRange.From!), cuts.add(e.PortRange.To! + 1));
  const points = [...cuts].filter((p) => p >= EPHEMERAL[0] && p <= EPHEMERAL[1] + 1).sort((a, b) => a - b);
  let denied = 0;
  for (let i = 0; i + 1 < points.length; i++) if (!aclAllows(entries, false, address, points[i]!)) denied += points[i + 1]! - points[i]!;
  return denied;
}

function routeFor(network: Network, address: number): Route | null {
  let best: { route: Route; prefix: number; rank: number } | null = null;
  for (const route of network.routes) {
    const blocks = route.DestinationCidrBlock ? [route.DestinationCidrBlock] : network.prefixEntries;
    const rank = route.DestinationPrefixListId ? 1 : 0;
    for (const block of blocks) {
      if (!inCidr(block, address)) continue;
      const prefix = parseCidr(block)!.prefix;
      if (!best || prefix > best.prefix || (prefix === best.prefix && rank < best.rank)) best = { route, prefix, rank };
    }
  }
  return best?.route ?? null;
}

/** Packets that reached the transit gateway, by fate: the TGW hop must be exercised every way. */
const transitFates = { delivered: 0, blocked: 0, unknown: 0 };

/** What becomes of one packet to `address`:443 from subnet A: it gets to the internet and its reply back, is dropped, or goes where the model cannot see. */
function bruteFate(network: Network, address: number): 'delivered' | 'blocked' | 'unknown' {
  const sgAllows = network.egress.some((r) => (r.protocol === '-1' || (r.protocol === 'tcp' && r.from <= 443 && 443 <= r.to)) && r.cidrs.some((c) => inCidr(c, address)));
  if (!sgAllows) return 'blocked';
  if (!aclAllows(network.acl, true, address, 443)) return 'blocked';
  if (deniedReplyPorts(network.acl, address) * 2 >= EPHEMERAL[1] - EPHEMERAL[0] + 1) return 'blocked';
  const route = routeFor(network, address);
  if (route?.State === 'active' && route.TransitGatewayId === tgw.id) {
    const fate = transitFate(network.transit, address);
    transitFates[fate] += 1;
    return fate;
  }
  // Otherwise only a live route to the healthy NAT gateway in the same AZ carries traffic to the internet.
  return route !== null && route.State === 'active' && route.NatGatewayId === ids.natA ? 'delivered' : 'blocked';
}

function samples(network: Network, rng: Rng): number[] {
  const blocks = [...network.routes.map((r) => r.DestinationCidrBlock).filter((c): c is string => !!c), ...network.prefixEntries,
    ...network.egress.flatMap((r) => r.cidrs), ...network.acl.map((e) => e.CidrBlock!), ...transitBlocks(network.transit), ...NON_PUBLIC_BLOCKS];
  const out = new Set<number>();
  for (const text of blocks) {
    const set = cidrSet(parseCidr(text)!);
    const [lo, hi] = set.intervals[0]!;
    for (const a of [lo - 1, lo, hi, hi + 1]) if (a >= 0 && a <= 0xffffffff) out.add(a);
  }
  for (let i = 0; i < 20; i++) out.add(rng.int(0, 0xffffffff));
  return [...out].filter((a) => PUBLIC_IPV4.has(a));
}

function engineDelivers(path: PathResult, address: number): boolean {
  const lost = [...(path.blocked ?? []), ...(path.unknown ?? [])].flatMap((s) => s.addresses);
  return !lost.some((block) => inCidr(block, address));
}

describe(`set engine = packet walk over ${NETWORKS} random networks (seed ${SEED})`, () => {
  it('delivers exactly the sampled addresses the brute-force walk delivers, with the matching verdict', { timeout: 600_000 }, () => {
    const rng = new Rng(SEED);
    const disagreements: string[] = [];
    let checked = 0;
    const verdicts = new Map<string, number>();
    for (let n = 0; n < NETWORKS && disagreements.length < 5; n++) {
      const network = makeNetwork(rng);
      const report = analyze(network.snapshot, { functions: [ids.functionName], targets: ['internet'] });
      const path = report.functions[0]!.targets[0]!.paths.find((p) => p.subnetId === ids.lambdaA)!;
      const points = samples(network, rng);
      let delivered = 0;
      let unknown = 0;
      for (const address of points) {
        checked += 1;
        const fate = bruteFate(network, address);
        const brute = fate === 'delivered';
        if (brute) delivered += 1;
        if (fate === 'unknown') unknown += 1;
        if (brute !== engineDelivers(path, address)) {
          disagreements.push(`network ${n}: ${fmt(address)} brute ${brute}, engine ${!brute} (verdict ${path.verdict}, blocked ${JSON.stringify(path.blocked)})\n${JSON.stringify({ routes: network.routes, pl: network.prefixEntries, egress: network.egress, acl: network.acl, transit: network.transit })}`);
          break;
        }
      }
      // Every slice starts at a sampled boundary, so the samples decide the verdict too.
      verdicts.set(path.verdict, (verdicts.get(path.verdict) ?? 0) + 1);
      const expected = delivered === points.length ? 'reachable' : delivered > 0 ? 'partial' : unknown > 0 ? 'unknown' : 'unreachable';
      if (disagreements.length === 0 && path.verdict !== expected) disagreements.push(`network ${n}: verdict ${path.verdict}, packets say ${expected}`);
    }
    expect(disagreements, disagreements.join('\n\n')).toEqual([]);
    expect(checked).toBeGreaterThan(NETWORKS * 10);
    // The generator must exercise every verdict, or the comparison proves little.
    for (const verdict of ['reachable', 'partial', 'unreachable']) expect(verdicts.get(verdict) ?? 0, `${verdict} networks`).toBeGreaterThan(NETWORKS / 50);
    for (const [fate, count] of Object.entries(transitFates)) expect(count, `packets through the transit gateway ${fate}`).toBeGreaterThan(NETWORKS / 5);
    console.log(`property: ${NETWORKS} networks, ${checked} packets (through the transit gateway: ${JSON.stringify(transitFates)}), verdicts ${JSON.stringify(Object.fromEntries(verdicts))}, 0 disagreements`);
  });
});
