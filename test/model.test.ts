// Unit tests of the network model (src/model/): CIDR arithmetic, route lookup, route-table and ACL
// association, network ACL evaluation and security-group evaluation. Each test builds the smallest
// snapshot that exercises one rule. ACLs and security groups are evaluated by the set engine
// (nacl-set.ts, sg-set.ts), asked the yes-or-no question of one peer here.
import { describe, expect, it } from 'vitest';
import { ANY_PUBLIC, addressesOf, blockMatches, describeAddresses, type AddressSet } from '../src/model/addresses.js';
import { ANY_IPV4, covers, formatAddress, isPublic, overlaps, parseCidr, type Cidr } from '../src/model/cidr.js';
import { unionAll, IntervalSet } from '../src/model/interval-set.js';
import { cidrsSet, PUBLIC_IPV4 } from '../src/model/ipv4-set.js';
import { formatPorts, type Direction, type PortRange } from '../src/model/nacl.js';
import { decideAcl } from '../src/model/nacl-set.js';
import { NetworkModel } from '../src/model/network.js';
import { describeDestination, lookupRoute, routeTarget, type RouteQuery } from '../src/model/routes.js';
import type { Peer } from '../src/model/security-groups.js';
import { groupsAdmit } from '../src/model/sg-set.js';
import type {
  Ec2Section, IpPermission, NetworkAcl, NetworkAclEntry, Route, RouteTable, SecurityGroup, Snapshot,
} from '../src/snapshot/types.js';

// ---- helpers ----

/** parseCidr that fails the test instead of returning null. */
function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} does not parse`);
  return parsed;
}

const at = (...texts: string[]) => addressesOf(texts.map(cidr));

function modelOf(ec2: Ec2Section = {}): NetworkModel {
  const snapshot: Snapshot = {
    vpcdoctorSnapshot: 1, capturedAt: '2026-11-27T20:00:00Z', region: 'us-west-2', functions: [],
    ec2: { PrefixListEntries: {}, ...ec2 }, rds: {},
  } as Snapshot;
  return new NetworkModel(snapshot);
}

const table = (routes: Route[], extra: Partial<RouteTable> = {}): RouteTable => ({ RouteTableId: 'rtb-test', VpcId: 'vpc-a', Routes: routes, Associations: [], ...extra });
const local = (block = '10.0.0.0/16'): Route => ({ DestinationCidrBlock: block, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' });
const toNat = (block: string, id = 'nat-1'): Route => ({ DestinationCidrBlock: block, NatGatewayId: id, Origin: 'CreateRoute', State: 'active' });
const toPcx = (block: string, id = 'pcx-1'): Route => ({ DestinationCidrBlock: block, VpcPeeringConnectionId: id, Origin: 'CreateRoute', State: 'active' });

const lookup = (routes: Route[], query: RouteQuery, model = modelOf()) => lookupRoute(table(routes), query, model);
const targetOf = (routes: Route[], query: RouteQuery, model = modelOf()) => lookup(routes, query, model).match?.target.id ?? null;

const acl = (entries: NetworkAclEntry[]): NetworkAcl => ({ NetworkAclId: 'acl-test', VpcId: 'vpc-a', Entries: entries });
const rule = (n: number, action: 'allow' | 'deny', egress: boolean, extra: Partial<NetworkAclEntry> = {}): NetworkAclEntry =>
  ({ RuleNumber: n, RuleAction: action, Egress: egress, Protocol: '-1', CidrBlock: '0.0.0.0/0', ...extra });
const tcp = (from: number, to: number): Partial<NetworkAclEntry> => ({ Protocol: '6', PortRange: { From: from, To: to } });
/** The default deny of every ACL, both directions. */
const starDeny = (): NetworkAclEntry[] => [rule(32767, 'deny', true), rule(32767, 'deny', false)];

const sg = (id: string, egress: IpPermission[], ingress: IpPermission[] = []): SecurityGroup => ({ GroupId: id, VpcId: 'vpc-a', IpPermissionsEgress: egress, IpPermissions: ingress });
const perm = (protocol: string, extra: Partial<IpPermission> = {}): IpPermission =>
  ({ IpProtocol: protocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...extra });
const peer = (addresses: Peer['addresses'], groupIds: string[] = [], prefixListIds?: string[]): Peer => ({ addresses, groupIds, ...(prefixListIds ? { prefixListIds } : {}) });

/** A peer's addresses as a set: "any public address" is all of public IPv4. */
const setOf = (addresses: AddressSet): IntervalSet => (addresses.kind === 'any-public' ? PUBLIC_IPV4 : cidrsSet(addresses.cidrs));

/** The ACL's verdict for every address of the peer on every port of the range: allowed only if no part is denied. */
function evaluateAcl(networkAcl: NetworkAcl, direction: Direction, addresses: AddressSet, ports: PortRange) {
  const decision = decideAcl(networkAcl, direction, { addresses: setOf(addresses), ports: IntervalSet.range(ports[0], ports[1]) });
  const denied = decision.denied.length === 0 ? [] : unionAll(decision.denied.map((d) => d.ports)).intervals.map(([a, b]) => [a, b] as PortRange);
  return { allowed: decision.denied.length === 0, denyingRules: [...new Set(decision.denied.map((d) => d.rule))], deniedPorts: denied };
}

/** Whether the groups admit the whole peer on the port, and the first rule that admits some of it. */
function evaluateGroups(groups: SecurityGroup[], direction: 'egress' | 'ingress', p: Peer, port: number, model: NetworkModel): { allowed: boolean; rule?: string } {
  const addresses = setOf(p.addresses);
  const pass = groupsAdmit(groups, direction, { ...p, addresses }, port, model);
  return !addresses.isEmpty && addresses.subtract(pass.allowed).isEmpty ? { allowed: true, rule: pass.rules[0] } : { allowed: false };
}

// ---- cidr ----

describe('parseCidr', () => {
  it.each([
    [undefined], [''], ['garbage'], ['10.0.0.0/33'], ['10.0.0.0/-1'], ['10.0.0.0/'], ['256.0.0.0/8'], ['10.0.0/8'],
    ['::/0'], ['2001:db8::/32'], [' 10.0.0.0/8'], ['10.0.0.0/8 '], ['0x0a.0.0.0/8'], ['010.0.0.0/8'],
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });

  it('reads a bare address as a /32', () => {
    expect(parseCidr('172.31.20.117')).toEqual({ base: 0xac1f1475, prefix: 32, text: '172.31.20.117/32' });
  });

  it('reads /0 and /32', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0, text: '0.0.0.0/0' });
    expect(parseCidr('44.231.10.21/32')).toMatchObject({ prefix: 32, text: '44.231.10.21/32' });
    expect(parseCidr('0.0.0.0/0')).toEqual(ANY_IPV4);
  });

  it('normalises a base that is not aligned to the prefix', () => {
    expect(parseCidr('10.1.2.3/16')?.text).toBe('10.1.0.0/16');
    expect(parseCidr('192.168.77.200/26')?.text).toBe('192.168.77.192/26');
    expect(parseCidr('8.8.8.8/0')).toEqual(ANY_IPV4);
  });

  it('keeps bases at and above 128.0.0.0 unsigned', () => {
    const high = cidr('255.255.255.255/1');
    expect(high.text).toBe('128.0.0.0/1');
    expect(high.base).toBe(0x80000000);
    expect(cidr('255.255.255.255').base).toBe(0xffffffff);
    expect(formatAddress(0xffffffff)).toBe('255.255.255.255');
    expect(formatAddress(0)).toBe('0.0.0.0');
  });
});

describe('covers and overlaps', () => {
  it('/0 covers everything, a block covers itself and what lies inside it', () => {
    expect(covers(ANY_IPV4, cidr('203.0.113.9'))).toBe(true);
    expect(covers(ANY_IPV4, ANY_IPV4)).toBe(true);
    expect(covers(cidr('10.0.0.0/16'), cidr('10.0.0.0/16'))).toBe(true);
    expect(covers(cidr('10.0.0.0/16'), cidr('10.0.255.0/24'))).toBe(true);
    expect(covers(cidr('10.0.0.0/16'), cidr('10.0.255.255'))).toBe(true);
  });

  it('a block does not cover a larger block, a neighbour, or something outside', () => {
    expect(covers(cidr('10.0.0.0/24'), cidr('10.0.0.0/16'))).toBe(false);
    expect(covers(cidr('10.0.0.0/24'), cidr('10.0.1.0/24'))).toBe(false);
    expect(covers(cidr('10.0.0.0/16'), cidr('10.1.0.0'))).toBe(false);
    expect(covers(cidr('128.0.0.0/1'), cidr('127.255.255.255'))).toBe(false);
    expect(covers(cidr('128.0.0.0/1'), cidr('255.255.255.255'))).toBe(true);
  });

  it('overlaps is symmetric: nested blocks overlap, disjoint ones do not', () => {
    const pairs: [string, string, boolean][] = [
      ['10.0.0.0/16', '10.0.5.0/24', true], ['10.0.0.0/16', '10.0.0.0/16', true], ['0.0.0.0/0', '1.2.3.4', true],
      ['10.0.0.0/24', '10.0.1.0/24', false], ['172.31.16.0/20', '172.31.32.0/20', false], ['0.0.0.0/1', '128.0.0.0/1', false],
    ];
    for (const [a, b, expected] of pairs) {
      expect(overlaps(cidr(a), cidr(b)), `${a} ~ ${b}`).toBe(expected);
      expect(overlaps(cidr(b), cidr(a)), `${b} ~ ${a}`).toBe(expected);
    }
  });
});

describe('isPublic', () => {
  it.each(['10.0.0.0/8', '10.200.3.4', '172.16.0.0/12', '172.31.255.255', '192.168.0.0/16', '192.168.1.1'])('RFC 1918 %s is not public', (text) => {
    expect(isPublic(cidr(text))).toBe(false);
  });

  it.each(['100.64.0.0/10', '100.64.0.1', '100.127.255.255'])('carrier-grade NAT %s is not public', (text) => {
    expect(isPublic(cidr(text))).toBe(false);
  });

  it.each(['127.0.0.1', '169.254.169.254', '224.0.0.5', '0.0.0.0/0'])('special-purpose %s is not public', (text) => {
    expect(isPublic(cidr(text))).toBe(false);
  });

  it.each(['44.231.10.21', '8.8.8.8', '52.94.0.0/16', '100.128.0.0', '100.63.255.255', '172.32.0.0', '11.0.0.0/8', '128.0.0.0/1'])('%s is public', (text) => {
    expect(isPublic(cidr(text))).toBe(true);
  });
});

describe('address sets', () => {
  it('any public address is matched only by a block covering all of IPv4', () => {
    expect(blockMatches(ANY_IPV4, ANY_PUBLIC)).toBe(true);
    expect(blockMatches(cidr('0.0.0.0/1'), ANY_PUBLIC)).toBe(false);
    expect(blockMatches(cidr('52.0.0.0/8'), ANY_PUBLIC)).toBe(false);
  });

  it('known blocks must all be covered; an empty set matches nothing', () => {
    expect(blockMatches(cidr('10.0.0.0/16'), at('10.0.1.5', '10.0.2.0/24'))).toBe(true);
    expect(blockMatches(cidr('10.0.0.0/16'), at('10.0.1.5', '10.1.0.1'))).toBe(false);
    expect(blockMatches(ANY_IPV4, addressesOf([]))).toBe(false);
  });

  it('describes sets in words, /32s as bare addresses', () => {
    expect(describeAddresses(ANY_PUBLIC)).toBe('any public address');
    expect(describeAddresses(at('10.0.1.5', '10.0.2.0/24'))).toBe('10.0.1.5, 10.0.2.0/24');
  });
});

// ---- routes ----

describe('routeTarget folds the API target fields', () => {
  it.each<[Route, string, string]>([
    [{ GatewayId: 'local' }, 'local', 'local'],
    [{ GatewayId: 'igw-1' }, 'internet-gateway', 'igw-1'],
    [{ GatewayId: 'vpce-1' }, 'vpc-endpoint', 'vpce-1'],
    [{ GatewayId: 'vgw-1' }, 'virtual-private-gateway', 'vgw-1'],
    [{ NatGatewayId: 'nat-1' }, 'nat-gateway', 'nat-1'],
    [{ VpcPeeringConnectionId: 'pcx-1' }, 'peering', 'pcx-1'],
    [{ TransitGatewayId: 'tgw-1' }, 'transit-gateway', 'tgw-1'],
    [{ EgressOnlyInternetGatewayId: 'eigw-1' }, 'egress-only-igw', 'eigw-1'],
    // DescribeRouteTables reports both the instance and its interface for an instance route.
    [{ InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' }, 'instance', 'i-1'],
    [{ NetworkInterfaceId: 'eni-1' }, 'network-interface', 'eni-1'],
    [{ CarrierGatewayId: 'cagw-1' }, 'other', 'cagw-1'],
    [{ LocalGatewayId: 'lgw-1' }, 'other', 'lgw-1'],
    [{}, 'other', 'unknown'],
  ])('%j → %s', (route, type, id) => {
    expect(routeTarget({ DestinationCidrBlock: '0.0.0.0/0', ...route })).toEqual({ type, id });
  });

  it('describes the destination', () => {
    expect(describeDestination({ DestinationCidrBlock: '0.0.0.0/0' })).toBe('0.0.0.0/0');
    expect(describeDestination({ DestinationPrefixListId: 'pl-1' })).toBe('pl-1');
    expect(describeDestination({ DestinationIpv6CidrBlock: '::/0' })).toBe('::/0');
    expect(describeDestination({})).toBe('?');
  });
});

describe('lookupRoute', () => {
  const routes = [local(), toNat('0.0.0.0/0'), toPcx('10.0.5.0/24'), toPcx('52.94.0.0/16', 'pcx-2')];

  it('picks the longest prefix whatever the order of the routes', () => {
    for (const ordered of [routes, [...routes].reverse()]) {
      expect(targetOf(ordered, { addresses: at('10.0.5.7') })).toBe('pcx-1');
      expect(targetOf(ordered, { addresses: at('10.0.6.1') })).toBe('local');
      expect(targetOf(ordered, { addresses: at('8.8.8.8') })).toBe('nat-1');
      expect(targetOf(ordered, { addresses: at('52.94.3.3') })).toBe('pcx-2');
    }
    expect(lookup(routes, { addresses: at('10.0.5.7') }).match?.prefix).toBe(24);
  });

  it('a set of addresses matches only a route covering all of them', () => {
    // The /24 to pcx-1 does not cover 10.0.6.0, so only the local route holds both.
    expect(targetOf(routes, { addresses: at('10.0.5.7', '10.0.6.1') })).toBe('local');
  });

  it('no matching route: no match', () => {
    expect(lookup([local()], { addresses: at('8.8.8.8') }).match).toBeNull();
    expect(lookup([], { addresses: ANY_PUBLIC }).match).toBeNull();
  });

  it('any public address is matched by a /0 route, or by both /1 halves to one target', () => {
    expect(targetOf(routes, { addresses: ANY_PUBLIC })).toBe('nat-1');
    const halves = [local(), toPcx('0.0.0.0/1'), toPcx('128.0.0.0/1')];
    expect(lookup(halves, { addresses: ANY_PUBLIC }).match).toMatchObject({ prefix: 1, target: { type: 'peering' } });
    const split = [local(), toPcx('0.0.0.0/1'), toPcx('128.0.0.0/1', 'pcx-2')];
    expect(lookup(split, { addresses: ANY_PUBLIC }).match).toBeNull();
    expect(lookup([local(), toPcx('0.0.0.0/1')], { addresses: ANY_PUBLIC }).match).toBeNull();
  });

  it('flags a blackhole, and a blackhole still wins on prefix length (the traffic is dropped)', () => {
    const blackholed = [local(), toNat('0.0.0.0/0'), { ...toNat('8.8.8.0/24', 'nat-gone'), State: 'blackhole' }];
    const match = lookup(blackholed, { addresses: at('8.8.8.8') }).match;
    expect(match).toMatchObject({ blackhole: true, prefix: 24, target: { type: 'nat-gateway', id: 'nat-gone' } });
    expect(lookup(blackholed, { addresses: at('9.9.9.9') }).match?.blackhole).toBe(false);
  });

  it('ignores IPv6 routes', () => {
    const v6 = [local(), { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' }];
    expect(lookup(v6, { addresses: ANY_PUBLIC }).match).toBeNull();
  });

  it('same prefix: a static route beats a propagated one, whatever the order (route-tables-priority)', () => {
    const propagated: Route = { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'vgw-1', Origin: 'EnableVgwRoutePropagation', State: 'active' };
    const fixed = toPcx('192.168.0.0/16');
    expect(targetOf([local(), propagated, fixed], { addresses: at('192.168.1.1') })).toBe('pcx-1');
    expect(targetOf([local(), fixed, propagated], { addresses: at('192.168.1.1') })).toBe('pcx-1');
  });

  describe('prefix-list routes', () => {
    const s3 = 'pl-68a54001';
    const model = modelOf({
      ManagedPrefixLists: [{ PrefixListId: s3, PrefixListName: 'com.amazonaws.us-west-2.s3' }],
      PrefixListEntries: { [s3]: [{ Cidr: '52.218.128.0/17' }, { Cidr: '3.5.76.0/22' }] },
    });
    const toEndpoint: Route = { DestinationPrefixListId: s3, GatewayId: 'vpce-s3', Origin: 'CreateRoute', State: 'active' };
    const withList = [local(), toNat('0.0.0.0/0'), toEndpoint];

    it('an address in one of the entries takes the prefix-list route over a shorter CIDR route', () => {
      const found = lookup(withList, { addresses: at('52.218.130.4') }, model).match;
      expect(found?.target).toEqual({ type: 'vpc-endpoint', id: 'vpce-s3' });
      expect(found?.prefix).toBe(17);
      expect(targetOf(withList, { addresses: at('3.5.77.1') }, model)).toBe('vpce-s3');
    });

    it('an address in no entry falls through to the CIDR route', () => {
      expect(targetOf(withList, { addresses: at('52.219.0.1') }, model)).toBe('nat-1');
    });

    it('a more specific CIDR route beats the prefix list', () => {
      expect(targetOf([...withList, toPcx('52.218.130.0/24')], { addresses: at('52.218.130.4') }, model)).toBe('pcx-1');
    });

    it('the same prefix as a CIDR route: the CIDR (static) route wins (route-tables-priority)', () => {
      const same = [local(), toPcx('52.218.128.0/17'), toEndpoint];
      expect(targetOf(same, { addresses: at('52.218.130.4') }, model)).toBe('pcx-1');
      expect(targetOf([...same].reverse(), { addresses: at('52.218.130.4') }, model)).toBe('pcx-1');
    });

    it('a query for the service matches its prefix list even for "any public address"', () => {
      expect(targetOf(withList, { addresses: ANY_PUBLIC, servicePrefixListIds: [s3] }, model)).toBe('vpce-s3');
      expect(targetOf(withList, { addresses: ANY_PUBLIC }, model)).toBe('nat-1');
      expect(targetOf(withList, { addresses: ANY_PUBLIC, servicePrefixListIds: ['pl-other'] }, model)).toBe('nat-1');
    });

    it('entries not collected: addresses do not match the list, the service still does', () => {
      const bare = modelOf({ PrefixListEntries: {} });
      expect(targetOf(withList, { addresses: at('52.218.130.4') }, bare)).toBe('nat-1');
      expect(targetOf(withList, { addresses: ANY_PUBLIC, servicePrefixListIds: [s3] }, bare)).toBe('vpce-s3');
    });
  });

  describe('MORE_SPECIFIC overrides (only for "any public address")', () => {
    it('a public route to another target takes part of the internet away', () => {
      const result = lookup([local(), toNat('0.0.0.0/0'), toPcx('52.0.0.0/8')], { addresses: ANY_PUBLIC });
      expect(result.match?.target.id).toBe('nat-1');
      expect(result.overrides.map((o) => o.target.id)).toEqual(['pcx-1']);
      expect(result.overrides[0]?.prefix).toBe(8);
    });

    it('a public route to the same target is no override, unless it is a blackhole', () => {
      expect(lookup([local(), toNat('0.0.0.0/0'), toNat('52.0.0.0/8')], { addresses: ANY_PUBLIC }).overrides).toEqual([]);
      const dead = { ...toNat('52.0.0.0/8'), State: 'blackhole' };
      const result = lookup([local(), toNat('0.0.0.0/0'), dead], { addresses: ANY_PUBLIC });
      expect(result.overrides).toHaveLength(1);
      expect(result.overrides[0]?.blackhole).toBe(true);
    });

    it('private and CGNAT routes are no override', () => {
      const routes = [local(), toNat('0.0.0.0/0'), toPcx('192.168.0.0/16'), toPcx('100.64.0.0/10', 'pcx-2'), toPcx('172.16.0.0/12', 'pcx-3')];
      expect(lookup(routes, { addresses: ANY_PUBLIC }).overrides).toEqual([]);
    });

    it('with no default route every public route is an override', () => {
      const result = lookup([local(), toPcx('52.0.0.0/8')], { addresses: ANY_PUBLIC });
      expect(result.match).toBeNull();
      expect(result.overrides.map((o) => o.target.id)).toEqual(['pcx-1']);
    });

    it('a query for known addresses never reports overrides', () => {
      expect(lookup([local(), toNat('0.0.0.0/0'), toPcx('52.0.0.0/8')], { addresses: at('8.8.8.8') }).overrides).toEqual([]);
    });

    it('128.0.0.0/1 to another target is an override', () => {
      const result = lookup([local(), toNat('0.0.0.0/0'), toPcx('128.0.0.0/1')], { addresses: ANY_PUBLIC });
      expect(result.overrides.map((o) => o.route.DestinationCidrBlock)).toEqual(['128.0.0.0/1']);
    });

    // Regression (fixed): publicOverrides() asks isPublic(block), which only looks at the block's *base* address.
    // 0.0.0.0/1 has base 0.0.0.0 ("unspecified"), so the route is skipped, although it holds every
    // public address from 1.0.0.0 to 127.255.255.255 (the "def1" split used by VPN setups) and, by
    // longest-prefix match (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html),
    // takes all of that traffic away from the 0.0.0.0/0 route. The same goes for 10.0.0.0/7 (base
    // private, but it holds 11.0.0.0/8). The test should ask whether the block *contains* public space.
    it('0.0.0.0/1 (or 10.0.0.0/7) to another target is an override too', () => {
      const result = lookup([local(), toNat('0.0.0.0/0'), toPcx('0.0.0.0/1'), toPcx('10.0.0.0/7', 'pcx-2')], { addresses: ANY_PUBLIC });
      expect(result.overrides.map((o) => o.route.DestinationCidrBlock).sort()).toEqual(['0.0.0.0/1', '10.0.0.0/7']);
    });
  });
});

describe('routeTableOf and usesMainRouteTable', () => {
  const subnets = [
    { SubnetId: 'subnet-a1', VpcId: 'vpc-a', CidrBlock: '10.0.1.0/24' },
    { SubnetId: 'subnet-a2', VpcId: 'vpc-a', CidrBlock: '10.0.2.0/24' },
    { SubnetId: 'subnet-b1', VpcId: 'vpc-b', CidrBlock: '10.1.1.0/24' },
  ];
  const mainA = table([local()], { RouteTableId: 'rtb-main-a', Associations: [{ Main: true, RouteTableId: 'rtb-main-a', AssociationState: { State: 'associated' } }] });
  const explicitA = table([local(), toNat('0.0.0.0/0')], {
    RouteTableId: 'rtb-explicit-a',
    Associations: [{ Main: false, RouteTableId: 'rtb-explicit-a', SubnetId: 'subnet-a1', AssociationState: { State: 'associated' } }],
  });

  it('an explicit association beats the main table, whatever the order', () => {
    expect(modelOf({ Subnets: subnets, RouteTables: [mainA, explicitA] }).routeTableOf('subnet-a1')?.RouteTableId).toBe('rtb-explicit-a');
    expect(modelOf({ Subnets: subnets, RouteTables: [explicitA, mainA] }).routeTableOf('subnet-a1')?.RouteTableId).toBe('rtb-explicit-a');
  });

  it('a subnet without an association falls back to its VPC\'s main table', () => {
    const model = modelOf({ Subnets: subnets, RouteTables: [explicitA, mainA] });
    expect(model.routeTableOf('subnet-a2')?.RouteTableId).toBe('rtb-main-a');
    expect(model.usesMainRouteTable('subnet-a2')).toBe(true);
    expect(model.usesMainRouteTable('subnet-a1')).toBe(false);
  });

  it('a subnet of another VPC does not get this VPC\'s main table', () => {
    expect(modelOf({ Subnets: subnets, RouteTables: [mainA, explicitA] }).routeTableOf('subnet-b1')).toBeUndefined();
    const mainB = table([local('10.1.0.0/16')], { RouteTableId: 'rtb-main-b', VpcId: 'vpc-b', Associations: [{ Main: true, RouteTableId: 'rtb-main-b' }] });
    expect(modelOf({ Subnets: subnets, RouteTables: [mainA, mainB] }).routeTableOf('subnet-b1')?.RouteTableId).toBe('rtb-main-b');
  });

  it('a subnet unknown to the snapshot gets no table', () => {
    expect(modelOf({ Subnets: subnets, RouteTables: [mainA] }).routeTableOf('subnet-zzz')).toBeUndefined();
  });

  it('a disassociated association does not count', () => {
    const gone = table([local(), toPcx('0.0.0.0/0')], {
      RouteTableId: 'rtb-gone', Associations: [{ RouteTableId: 'rtb-gone', SubnetId: 'subnet-a2', AssociationState: { State: 'disassociated' } }],
    });
    expect(modelOf({ Subnets: subnets, RouteTables: [gone, mainA] }).routeTableOf('subnet-a2')?.RouteTableId).toBe('rtb-main-a');
  });

  it('a gateway association (edge association) is not a subnet association', () => {
    const edge = table([local()], { RouteTableId: 'rtb-edge', Associations: [{ RouteTableId: 'rtb-edge', GatewayId: 'igw-1', AssociationState: { State: 'associated' } }] });
    expect(modelOf({ Subnets: subnets, RouteTables: [edge, mainA] }).routeTableOf('subnet-a2')?.RouteTableId).toBe('rtb-main-a');
  });
});

describe('networkAclOf', () => {
  const subnets = [
    { SubnetId: 'subnet-a1', VpcId: 'vpc-a', CidrBlock: '10.0.1.0/24' },
    { SubnetId: 'subnet-a2', VpcId: 'vpc-a', CidrBlock: '10.0.2.0/24' },
    { SubnetId: 'subnet-b1', VpcId: 'vpc-b', CidrBlock: '10.1.1.0/24' },
  ];
  const defaultA: NetworkAcl = { NetworkAclId: 'acl-default-a', VpcId: 'vpc-a', IsDefault: true, Entries: [], Associations: [] };
  const custom: NetworkAcl = { NetworkAclId: 'acl-custom', VpcId: 'vpc-a', IsDefault: false, Entries: [], Associations: [{ NetworkAclId: 'acl-custom', SubnetId: 'subnet-a1' }] };

  it('uses the associated ACL, whatever the order', () => {
    expect(modelOf({ Subnets: subnets, NetworkAcls: [defaultA, custom] }).networkAclOf('subnet-a1')?.NetworkAclId).toBe('acl-custom');
    expect(modelOf({ Subnets: subnets, NetworkAcls: [custom, defaultA] }).networkAclOf('subnet-a1')?.NetworkAclId).toBe('acl-custom');
  });

  it('falls back to the VPC\'s default ACL, not another VPC\'s', () => {
    const model = modelOf({ Subnets: subnets, NetworkAcls: [custom, defaultA] });
    expect(model.networkAclOf('subnet-a2')?.NetworkAclId).toBe('acl-default-a');
    expect(model.networkAclOf('subnet-b1')).toBeUndefined();
    expect(model.networkAclOf('subnet-zzz')).toBeUndefined();
  });
});

// ---- network ACLs ----

describe('network ACLs (decideAcl) for one peer', () => {
  const anywhere = at('203.0.113.10');

  it('the first matching rule by RuleNumber decides, whatever the order of the entries', () => {
    const entries = [rule(200, 'allow', true, tcp(443, 443)), rule(100, 'deny', true, tcp(443, 443)), ...starDeny()];
    for (const ordered of [entries, [...entries].reverse()]) {
      const verdict = evaluateAcl(acl(ordered), 'egress', anywhere, [443, 443]);
      expect(verdict).toEqual({ allowed: false, denyingRules: ['100'], deniedPorts: [[443, 443]] });
    }
  });

  it('an allow numbered before a deny wins', () => {
    const entries = [rule(100, 'allow', true, tcp(443, 443)), rule(110, 'deny', true), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [443, 443]).allowed).toBe(true);
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [80, 80])).toMatchObject({ allowed: false, denyingRules: ['110'] });
  });

  it('a deny before an allow-all blocks only its own ports', () => {
    const entries = [rule(90, 'deny', true, tcp(443, 443)), rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [443, 443]).allowed).toBe(false);
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [587, 587]).allowed).toBe(true);
  });

  it('a partial ephemeral allow reports the ports the default deny catches', () => {
    const entries = [rule(100, 'allow', false, tcp(1024, 32767)), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'ingress', anywhere, [1024, 65535])).toEqual({ allowed: false, denyingRules: ['*'], deniedPorts: [[32768, 65535]] });
  });

  it('a deny in the middle of the ephemeral range reports that rule and those ports', () => {
    const entries = [rule(50, 'deny', false, tcp(2000, 3000)), rule(100, 'allow', false), ...starDeny()];
    const verdict = evaluateAcl(acl(entries), 'ingress', anywhere, [1024, 65535]);
    expect(verdict).toEqual({ allowed: false, denyingRules: ['50'], deniedPorts: [[2000, 3000]] });
    expect(formatPorts(verdict.deniedPorts)).toBe('2000-3000');
  });

  it('several gaps: every denied range and every denying rule is named', () => {
    const entries = [rule(10, 'deny', false, tcp(1024, 1024)), rule(20, 'allow', false, tcp(1025, 40000)), ...starDeny()];
    const verdict = evaluateAcl(acl(entries), 'ingress', anywhere, [1024, 65535]);
    expect(verdict.allowed).toBe(false);
    expect(verdict.denyingRules).toEqual(['10', '*']);
    expect(formatPorts(verdict.deniedPorts)).toBe('1024, 40001-65535');
  });

  it('protocol "6" and "-1" match TCP', () => {
    expect(evaluateAcl(acl([rule(100, 'allow', true, tcp(443, 443)), ...starDeny()]), 'egress', anywhere, [443, 443]).allowed).toBe(true);
    expect(evaluateAcl(acl([rule(100, 'allow', true, { Protocol: '-1' }), ...starDeny()]), 'egress', anywhere, [443, 443]).allowed).toBe(true);
  });

  it('a UDP rule ("17") neither admits nor denies TCP', () => {
    const udpAllow = [rule(100, 'allow', true, { Protocol: '17', PortRange: { From: 0, To: 65535 } }), ...starDeny()];
    expect(evaluateAcl(acl(udpAllow), 'egress', anywhere, [443, 443])).toMatchObject({ allowed: false, denyingRules: ['*'] });
    const udpDeny = [rule(90, 'deny', true, { Protocol: '17', PortRange: { From: 443, To: 443 } }), rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(udpDeny), 'egress', anywhere, [443, 443]).allowed).toBe(true);
  });

  it('an ICMP rule ("1") does not match TCP', () => {
    const icmp = [rule(100, 'allow', true, { Protocol: '1', IcmpTypeCode: { Code: -1, Type: -1 } }), ...starDeny()];
    expect(evaluateAcl(acl(icmp), 'egress', anywhere, [443, 443]).allowed).toBe(false);
  });

  it('egress and ingress rules are separate lists', () => {
    const entries = [rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [443, 443]).allowed).toBe(true);
    expect(evaluateAcl(acl(entries), 'ingress', anywhere, [1024, 65535])).toMatchObject({ allowed: false, denyingRules: ['*'] });
    // A missing Egress flag reads as an ingress rule.
    const ingressOnly = [{ RuleNumber: 100, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' }, ...starDeny()];
    expect(evaluateAcl(acl(ingressOnly), 'ingress', anywhere, [1024, 65535]).allowed).toBe(true);
    expect(evaluateAcl(acl(ingressOnly), 'egress', anywhere, [443, 443]).allowed).toBe(false);
  });

  it('the default rule denies what nothing else matched, named "*"; no entries at all denies too', () => {
    expect(evaluateAcl(acl(starDeny()), 'egress', anywhere, [443, 443])).toEqual({ allowed: false, denyingRules: ['*'], deniedPorts: [[443, 443]] });
    expect(evaluateAcl(acl([]), 'ingress', anywhere, [1024, 65535])).toEqual({ allowed: false, denyingRules: ['*'], deniedPorts: [[1024, 65535]] });
    expect(evaluateAcl({ NetworkAclId: 'acl-x' }, 'egress', anywhere, [443, 443]).allowed).toBe(false);
  });

  it('a rule matches only peers inside its CIDR', () => {
    const entries = [rule(100, 'allow', true, { CidrBlock: '10.0.0.0/8' }), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', at('10.3.4.5'), [5432, 5432]).allowed).toBe(true);
    expect(evaluateAcl(acl(entries), 'egress', at('10.0.0.0/16'), [5432, 5432]).allowed).toBe(true);
    expect(evaluateAcl(acl(entries), 'egress', at('11.0.0.1'), [5432, 5432]).allowed).toBe(false);
  });

  it('for "any public address" only a 0.0.0.0/0 rule matches', () => {
    const partial = [rule(100, 'allow', true, { CidrBlock: '52.0.0.0/8' }), ...starDeny()];
    expect(evaluateAcl(acl(partial), 'egress', ANY_PUBLIC, [443, 443]).allowed).toBe(false);
    const full = [rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(full), 'egress', ANY_PUBLIC, [443, 443]).allowed).toBe(true);
  });

  it('IPv6 entries are ignored', () => {
    const entries = [{ RuleNumber: 50, RuleAction: 'deny', Egress: true, Protocol: '-1', Ipv6CidrBlock: '::/0' }, rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', anywhere, [443, 443]).allowed).toBe(true);
  });

  // BUG (under-reporting): a deny rule matches only if it covers *every* block of the peer set, the
  // same test as for allow rules. For a peer known only by its subnet (a database without a
  // network interface in the snapshot, a function without an ENI), a deny rule for part of that
  // subnet is skipped and the later allow-all admits the traffic, so the blocker is never reported.
  // AWS applies the ACL packet by packet: the first rule (by number) that matches *that address*
  // decides (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html), so the hosts in
  // 10.0.5.0/25 are denied. A conservative check would let a deny rule match when it overlaps the set.
  it('a deny rule covering part of the peer\'s block is not ignored', () => {
    const entries = [rule(50, 'deny', true, { CidrBlock: '10.0.5.0/25' }), rule(100, 'allow', true), ...starDeny()];
    expect(evaluateAcl(acl(entries), 'egress', at('10.0.5.0/24'), [5432, 5432]).allowed).toBe(false);
  });
});

// ---- security groups ----

describe('security groups (groupsAdmit) for one peer', () => {
  const model = modelOf({
    PrefixListEntries: { 'pl-s3': [{ Cidr: '52.218.128.0/17' }, { Cidr: '3.5.76.0/22' }], 'pl-corp': [{ Cidr: '198.51.100.0/24' }] },
  });
  const to = (addresses: Peer['addresses'], groups: string[] = [], lists?: string[]) => peer(addresses, groups, lists);
  const egress = (groups: SecurityGroup[], p: Peer, port: number) => evaluateGroups(groups, 'egress', p, port, model);

  it('tcp port ranges hold their ends and nothing outside', () => {
    const group = sg('sg-1', [perm('tcp', { FromPort: 400, ToPort: 500, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    expect(egress([group], to(ANY_PUBLIC), 400).allowed).toBe(true);
    expect(egress([group], to(ANY_PUBLIC), 443).allowed).toBe(true);
    expect(egress([group], to(ANY_PUBLIC), 500).allowed).toBe(true);
    expect(egress([group], to(ANY_PUBLIC), 399).allowed).toBe(false);
    expect(egress([group], to(ANY_PUBLIC), 501).allowed).toBe(false);
  });

  it('"-1" admits every port and names the rule "all traffic"', () => {
    const group = sg('sg-1', [perm('-1', { IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    expect(egress([group], to(ANY_PUBLIC), 5432)).toEqual({ allowed: true, rule: 'sg-1: all traffic to 0.0.0.0/0' });
  });

  it('protocol "6" is TCP too', () => {
    const group = sg('sg-1', [perm('6', { FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    expect(egress([group], to(ANY_PUBLIC), 443).allowed).toBe(true);
  });

  it('udp and icmp rules do not admit TCP', () => {
    for (const protocol of ['udp', '17', 'icmp', '1']) {
      const group = sg('sg-1', [perm(protocol, { FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
      expect(egress([group], to(ANY_PUBLIC), 443).allowed, protocol).toBe(false);
    }
  });

  it('a CIDR must cover the whole peer; "any public address" needs 0.0.0.0/0', () => {
    const group = sg('sg-1', [perm('tcp', { FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '52.0.0.0/8' }] })]);
    expect(egress([group], to(at('10.0.1.5')), 5432).allowed).toBe(true);
    expect(egress([group], to(at('10.0.0.0/16')), 5432).allowed).toBe(true);
    expect(egress([group], to(at('10.0.0.0/15')), 5432).allowed).toBe(false);
    expect(egress([group], to(at('10.0.1.5', '10.1.0.1')), 5432).allowed).toBe(false);
    expect(egress([group], to(ANY_PUBLIC), 443).allowed).toBe(false);
  });

  it('a group reference admits a peer in that group only', () => {
    const group = sg('sg-fn', [perm('tcp', { FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] })]);
    expect(egress([group], to(at('10.0.9.9'), ['sg-db']), 5432)).toEqual({ allowed: true, rule: 'sg-fn: tcp 5432 to sg-db' });
    expect(egress([group], to(at('10.0.9.9'), ['sg-other']), 5432).allowed).toBe(false);
    expect(egress([group], to(at('10.0.9.9'), ['sg-db']), 3306).allowed).toBe(false);
  });

  it('a prefix-list reference admits the peer the list stands for, by id', () => {
    const group = sg('sg-fn', [perm('tcp', { FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-s3' }] })]);
    expect(egress([group], to(ANY_PUBLIC, [], ['pl-s3']), 443).allowed).toBe(true);
    expect(egress([group], to(ANY_PUBLIC, [], ['pl-other']), 443).allowed).toBe(false);
    expect(egress([group], to(ANY_PUBLIC), 443).allowed).toBe(false);
  });

  it('a prefix-list reference admits addresses inside its entries', () => {
    const group = sg('sg-fn', [perm('tcp', { FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-s3' }] })]);
    expect(egress([group], to(at('52.218.130.4')), 443).allowed).toBe(true);
    expect(egress([group], to(at('52.218.130.4', '3.5.77.0/24')), 443).allowed).toBe(true);
    expect(egress([group], to(at('52.218.130.4', '8.8.8.8')), 443).allowed).toBe(false);
    // Entries not collected: the list cannot be matched by address.
    const unknown = sg('sg-fn', [perm('tcp', { FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-not-collected' }] })]);
    expect(egress([unknown], to(at('52.218.130.4')), 443).allowed).toBe(false);
  });

  it('the groups are a union: any rule of any group admits', () => {
    const narrow = sg('sg-narrow', [perm('tcp', { FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    const wide = sg('sg-wide', [perm('tcp', { FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    expect(egress([narrow, wide], to(ANY_PUBLIC), 443)).toEqual({ allowed: true, rule: 'sg-wide: tcp 443 to 0.0.0.0/0' });
    expect(egress([narrow], to(ANY_PUBLIC), 443).allowed).toBe(false);
    expect(egress([], to(ANY_PUBLIC), 443).allowed).toBe(false);
  });

  it('egress reads IpPermissionsEgress, ingress reads IpPermissions', () => {
    const group = sg('sg-db', [], [perm('tcp', { FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-fn' }] })]);
    const fromFunction = peer(at('10.0.1.5'), ['sg-fn']);
    expect(evaluateGroups([group], 'ingress', fromFunction, 5432, model)).toEqual({ allowed: true, rule: 'sg-db: tcp 5432 from sg-fn' });
    expect(evaluateGroups([group], 'egress', fromFunction, 5432, model).allowed).toBe(false);
  });

  it('a group with no rule lists admits nothing', () => {
    expect(egress([{ GroupId: 'sg-empty' }], to(ANY_PUBLIC), 443).allowed).toBe(false);
  });

  // Regression (fixed): a prefix-list reference is matched by address only when the peer is a set of known blocks
  // (`peer.addresses.kind === 'cidrs'`). A rule whose customer-managed prefix list holds 0.0.0.0/0
  // therefore never admits "any public address", although the same CIDR written inline does. AWS
  // treats a rule that references a prefix list as the same rule for each of its CIDR blocks
  // (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html: rules "with different
  // CIDR blocks but the same port and protocol" consolidate into one prefix-list rule). The entries
  // should go through blockMatches() like IpRanges do.
  it('a prefix list holding 0.0.0.0/0 admits any public address, like the inline CIDR', () => {
    const everything = modelOf({ PrefixListEntries: { 'pl-all': [{ Cidr: '0.0.0.0/0' }] } });
    const group = sg('sg-fn', [perm('tcp', { FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-all' }] })]);
    expect(evaluateGroups([group], 'egress', peer(ANY_PUBLIC), 443, everything).allowed).toBe(true);
  });
});
