// IPv6 blocks as (base, prefix) pairs of 128-bit integers, and the IPv6 halves of what routes,
// security groups and network ACLs say. IPv4 rules never match IPv6 packets and the reverse:
// AWS keeps the two families apart in every table (DestinationIpv6CidrBlock, Ipv6Ranges,
// Ipv6CidrBlock), so the IPv6 path is evaluated on its own fields only.
import ipaddr from 'ipaddr.js';
import type { NetworkAclEntry, Route, RouteTable, SecurityGroup, Subnet } from '../snapshot/types.js';

export interface Cidr6 {
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
}

const ALL = (1n << 128n) - 1n;
const maskOf = (prefix: number): bigint => (prefix === 0 ? 0n : (ALL << BigInt(128 - prefix)) & ALL);

/** "2600::1", "2600::/32" or "[2600::1]"; null for anything that is not IPv6. */
export function parseCidr6(text: string | undefined): Cidr6 | null {
  if (!text) return null;
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  const withLength = bare.includes('/') ? bare : `${bare}/128`;
  let parsed: [ipaddr.IPv6, number];
  try {
    const result = ipaddr.parseCIDR(withLength);
    if (result[0].kind() !== 'ipv6') return null;
    parsed = result as [ipaddr.IPv6, number];
  } catch {
    return null;
  }
  const [address, prefix] = parsed;
  const value = address.parts.reduce((n, part) => (n << 16n) + BigInt(part), 0n);
  const base = value & maskOf(prefix);
  return { base, prefix, text: `${formatBase(base)}/${prefix}` };
}

function formatBase(base: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i -= 1) parts.push(Number((base >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toString();
}

export function covers6(outer: Cidr6, inner: Cidr6): boolean {
  return outer.prefix <= inner.prefix && (inner.base & maskOf(outer.prefix)) === outer.base;
}

export function overlaps6(a: Cidr6, b: Cidr6): boolean {
  return covers6(a, b) || covers6(b, a);
}

/** Every global unicast IPv6 address (RFC 4291 §2.4: 2000::/3), what `internet6` stands for. */
export const GLOBAL_UNICAST = parseCidr6('2000::/3')!;
/** The well-known NAT64 prefix (RFC 6052) that DNS64 answers point at. */
export const NAT64_PREFIX = parseCidr6('64:ff9b::/96')!;

export function isGlobalUnicast(cidr: Cidr6): boolean {
  return covers6(GLOBAL_UNICAST, cidr);
}

/** The subnet's associated IPv6 blocks. */
export function subnetIpv6Blocks(subnet: Subnet): Cidr6[] {
  const set = (subnet as Subnet & { Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock?: string; Ipv6CidrBlockState?: { State?: string } }[] }).Ipv6CidrBlockAssociationSet ?? [];
  return set.filter((a) => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated').map((a) => parseCidr6(a.Ipv6CidrBlock)).filter((c): c is Cidr6 => c !== null);
}

export interface Route6Match {
  route: Route;
  prefix: number;
}

/** The longest IPv6 route whose block holds every address of `destination`. */
export function lookupRoute6(table: RouteTable, destination: Cidr6): Route6Match | null {
  let best: Route6Match | null = null;
  for (const route of table.Routes ?? []) {
    const block = parseCidr6(route.DestinationIpv6CidrBlock);
    if (!block || !covers6(block, destination)) continue;
    if (!best || block.prefix > best.prefix) best = { route, prefix: block.prefix };
  }
  return best;
}

const portsCover = (rule: { IpProtocol?: string; FromPort?: number; ToPort?: number }, port: number): boolean =>
  rule.IpProtocol === '-1' || ((rule.IpProtocol === 'tcp' || rule.IpProtocol === '6') && (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535));

/** Whether some egress rule of the groups admits tcp `port` to every address of `destination` over IPv6. */
export function groupsAdmit6(groups: SecurityGroup[], destination: Cidr6, port: number): boolean {
  return groups.some((group) => (group.IpPermissionsEgress ?? []).some((rule) =>
    portsCover(rule, port) && (rule.Ipv6Ranges ?? []).some((range) => {
      const block = parseCidr6(range.CidrIpv6);
      return block !== null && covers6(block, destination);
    })));
}

export interface Acl6Verdict {
  allowed: boolean;
  /** The rule that decided (a number, or "*" for the final deny). */
  rule: string;
}

/**
 * Network ACL evaluation over IPv6 entries only, lowest rule number first: the first entry whose
 * block and ports touch the traffic decides; an allow must cover all of it, a deny that touches any
 * part denies (some connections would fail). No IPv6 entry decides: the implicit final deny.
 */
export function evaluateAcl6(entries: NetworkAclEntry[], egress: boolean, remote: Cidr6, ports: [number, number]): Acl6Verdict {
  const ordered = entries.filter((e) => e.Egress === egress && e.Ipv6CidrBlock).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  for (const entry of ordered) {
    const block = parseCidr6(entry.Ipv6CidrBlock);
    if (!block || !overlaps6(block, remote)) continue;
    const all = entry.Protocol === '-1';
    if (!all && entry.Protocol !== '6') continue;
    const from = all ? 0 : entry.PortRange?.From ?? 0;
    const to = all ? 65535 : entry.PortRange?.To ?? 65535;
    if (to < ports[0] || from > ports[1]) continue;
    const rule = entry.RuleNumber === 32767 || entry.RuleNumber === 32768 ? '*' : String(entry.RuleNumber);
    if (entry.RuleAction === 'deny') return { allowed: false, rule };
    if (covers6(block, remote) && from <= ports[0] && ports[1] <= to) return { allowed: true, rule };
    return { allowed: false, rule: `${rule} (covers only part)` };
  }
  return { allowed: false, rule: '*' };
}
