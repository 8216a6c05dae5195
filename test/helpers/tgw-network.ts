// The transit gateway part of the random networks of test/engine-sets.property.test.ts: the hub's
// egress VPC (fixtures/make/transit.mjs) behind a random transit gateway route table — overlapping
// static and propagated routes (one CIDR propagated by a VPN and a VPC attachment), /1 halves,
// blackholes, a prefix-list reference, routes to an attachment whose VPC is not in the snapshot and
// to a VPN attachment — a random egress attachment-subnet table, and now and then a return table
// whose static blackhole outranks the propagated route back. `transitFate` walks one packet.
import type { Route, Snapshot, TransitGatewayRoute } from '../../src/snapshot/types.js';
import { parseCidr } from '../../src/model/cidr.js';
import { healthySnapshot, ids } from '../../fixtures/make/base.mjs';
import { hubSnapshot, tgw } from '../../fixtures/make/transit.mjs';
import type { Rng } from './rng.js';

const blocks = new Map<string, [number, number]>();
/** Whether the block holds the address: plain arithmetic on its first and last address. */
export function inCidr(text: string, a: number): boolean {
  let range = blocks.get(text);
  if (!range) {
    const { base, prefix } = parseCidr(text)!;
    range = [base, base + 2 ** (32 - prefix) - 1];
    blocks.set(text, range);
  }
  return range[0] <= a && a <= range[1];
}

const HIDDEN_ATTACH = 'tgw-attach-0b1d0e0f0a0b0c0d0';
const VPN_ATTACH = 'tgw-attach-0f0e0d0c0b0a09080';
const TGW_PL = 'pl-0tgw00000000000001';
const DEAD_NAT = 'nat-0deaddeaddeaddead1';

type Next = { ResourceId: string; TransitGatewayAttachmentId: string; ResourceType: string };
const EGRESS: Next = { ResourceId: tgw.vpc, TransitGatewayAttachmentId: tgw.egressAttach, ResourceType: 'vpc' };
const HIDDEN: Next = { ResourceId: 'vpc-0hidden000000000001', TransitGatewayAttachmentId: HIDDEN_ATTACH, ResourceType: 'vpc' };
const VPN: Next = { ResourceId: 'vpn-0a1b2c3d4e5f6a7b8', TransitGatewayAttachmentId: VPN_ATTACH, ResourceType: 'vpn' };

export interface TransitNetwork {
  spoke: TransitGatewayRoute[];
  plEntries: string[];
  entry: Route[];
  /** The egress attachment's table sends replies for the function VPC to a blackhole. */
  replyBlackholed: boolean;
}

/** The healthy base with the egress VPC and a transit gateway added (the function VPC keeps its NAT gateways). */
export function transitBase(): Snapshot {
  const hub = hubSnapshot() as Snapshot;
  const base = healthySnapshot() as Snapshot;
  const ec2 = hub.ec2;
  ec2.NatGateways = [...base.ec2.NatGateways!, ...ec2.NatGateways!];
  ec2.NetworkInterfaces = [...base.ec2.NetworkInterfaces!.filter((n) => n.InterfaceType === 'nat_gateway'), ...ec2.NetworkInterfaces!];
  ec2.Addresses = [...base.ec2.Addresses!, ...ec2.Addresses!];
  return hub;
}

const route = (DestinationCidrBlock: string | undefined, next: Next | null, type = 'static', extra: Partial<TransitGatewayRoute> = {}): TransitGatewayRoute => ({
  // Blackholes are static: a propagated route goes when its attachment does.
  ...(DestinationCidrBlock ? { DestinationCidrBlock } : {}), Type: next ? type : 'static', State: next ? 'active' : 'blackhole', ...(next ? { TransitGatewayAttachments: [next] } : {}), ...extra,
});

export function addTransit(snapshot: Snapshot, rng: Rng, healthy: boolean, randomCidr: (rng: Rng) => string): TransitNetwork {
  const ec2 = snapshot.ec2;
  const nexts: (Next | null)[] = healthy ? [EGRESS] : [EGRESS, EGRESS, null, HIDDEN, VPN];
  const spoke: TransitGatewayRoute[] = [];
  if (healthy || rng.chance(0.8)) spoke.push(route('0.0.0.0/0', EGRESS));
  if (rng.chance(0.3)) for (const half of ['0.0.0.0/1', '128.0.0.0/1']) spoke.push(route(half, rng.pickOne(nexts)));
  for (let i = rng.int(0, 4); i > 0; i--) {
    const cidr = randomCidr(rng);
    const type = rng.chance(0.5) ? 'static' : 'propagated';
    spoke.push(route(cidr, rng.pickOne(nexts), type));
    // The same CIDR again as the other type (static wins), or propagated by a VPN and a VPC at once (the VPC wins).
    if (rng.chance(0.3)) spoke.push(route(cidr, rng.pickOne(nexts), type === 'static' ? 'propagated' : 'static'));
    else if (rng.chance(0.2)) spoke.push({ DestinationCidrBlock: cidr, Type: 'propagated', State: 'active', TransitGatewayAttachments: rng.chance(0.5) ? [VPN, EGRESS] : [EGRESS, VPN] });
  }
  const plEntries = rng.chance(0.3) ? Array.from({ length: rng.int(1, 3) }, () => randomCidr(rng)) : [];
  if (plEntries.length > 0) {
    ec2.ManagedPrefixLists = [...(ec2.ManagedPrefixLists ?? []), { PrefixListId: TGW_PL, PrefixListName: 'tgw-routes', AddressFamily: 'IPv4', State: 'create-complete' }];
    ec2.PrefixListEntries = { ...(ec2.PrefixListEntries ?? {}), [TGW_PL]: plEntries.map((Cidr) => ({ Cidr })) };
    spoke.push(route(undefined, rng.pickOne(nexts), 'static', { PrefixListId: TGW_PL }));
  }
  const replyBlackholed = !healthy && rng.chance(0.1);
  const back = ec2.TransitGatewayRoutes![tgw.egressRtb]!;
  if (replyBlackholed) back.push(route(ids.vpcCidr, null));
  if (rng.chance(0.2)) back.push({ DestinationCidrBlock: ids.vpcCidr, Type: 'propagated', State: 'active', TransitGatewayAttachments: [{ ...VPN }] });
  ec2.TransitGatewayRoutes![tgw.spokeRtb] = spoke;
  ec2.TransitGatewayAttachments!.push({ TransitGatewayAttachmentId: HIDDEN_ATTACH, TransitGatewayId: tgw.id, ResourceType: 'vpc', ResourceId: HIDDEN.ResourceId, State: 'available' });
  // The egress attachment subnet's table in us-west-2a: its default route to the NAT gateway, and random others.
  const table = ec2.RouteTables!.find((t) => t.RouteTableId === tgw.tgwRtb)!;
  const entry = table.Routes!.filter((r) => healthy || r.DestinationCidrBlock !== '0.0.0.0/0' || rng.chance(0.85));
  const targets: Partial<Route>[] = healthy ? [{ NatGatewayId: tgw.natA, State: 'active' }] : [{ NatGatewayId: tgw.natA, State: 'active' }, { NatGatewayId: DEAD_NAT, State: 'blackhole' }];
  for (let i = rng.int(0, 3); i > 0; i--) {
    const cidr = randomCidr(rng);
    if (entry.some((r) => r.DestinationCidrBlock === cidr)) continue;
    entry.push({ DestinationCidrBlock: cidr, Origin: 'CreateRoute', ...rng.pickOne(targets) });
  }
  table.Routes = entry;
  return { spoke, plEntries, entry, replyBlackholed };
}

const TYPE_ORDER = ['vpc', 'direct-connect-gateway', 'connect', 'vpn'];
const typeRank = (next: Next | undefined) => TYPE_ORDER.indexOf(next?.ResourceType ?? 'vpc');

/** The attachment the gateway sends one packet to (null: blackhole), or undefined when no route matches. */
function tgwNext(t: TransitNetwork, address: number): Next | null | undefined {
  let best: { next: Next | null; prefix: number; rank: number } | undefined;
  for (const r of t.spoke) {
    for (const block of r.PrefixListId ? t.plEntries : [r.DestinationCidrBlock!]) {
      if (!inCidr(block, address)) continue;
      const options = (r.TransitGatewayAttachments ?? []) as Next[];
      const next = options.reduce<Next | undefined>((a, b) => (a && typeRank(a) <= typeRank(b) ? a : b), undefined);
      const rank = r.PrefixListId ? 1 : r.Type === 'propagated' ? 2 + typeRank(next) : 0;
      const prefix = parseCidr(block)!.prefix;
      if (!best || prefix > best.prefix || (prefix === best.prefix && rank < best.rank)) best = { next: r.State === 'blackhole' ? null : next!, prefix, rank };
    }
  }
  return best?.next;
}

/** One packet to `address` after the function's table sent it to the transit gateway. */
export function transitFate(t: TransitNetwork, address: number): 'delivered' | 'blocked' | 'unknown' {
  const next = tgwNext(t, address);
  if (next === undefined || next === null) return 'blocked';
  if (next !== EGRESS) return 'unknown';
  let best: Route | null = null;
  for (const r of t.entry) {
    if (!inCidr(r.DestinationCidrBlock!, address)) continue;
    if (!best || parseCidr(r.DestinationCidrBlock!)!.prefix > parseCidr(best.DestinationCidrBlock!)!.prefix) best = r;
  }
  if (!best || best.State !== 'active' || best.NatGatewayId !== tgw.natA) return 'blocked';
  return t.replyBlackholed ? 'blocked' : 'delivered';
}

/** Every block the transit part names, for boundary samples. */
export function transitBlocks(t: TransitNetwork): string[] {
  return [...t.spoke.map((r) => r.DestinationCidrBlock).filter((c): c is string => !!c), ...t.plEntries, ...t.entry.map((r) => r.DestinationCidrBlock!)];
}
