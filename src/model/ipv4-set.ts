// IPv4 address sets: CIDR blocks to and from interval sets, the public address space, and words.
import { formatAddress, parseCidr, type Cidr } from './cidr.js';
import { IntervalSet, unionAll } from './interval-set.js';

export const IPV4_MAX = 0xffffffff;

export function cidrSet(cidr: Cidr): IntervalSet {
  const size = 2 ** (32 - cidr.prefix);
  return IntervalSet.range(cidr.base, cidr.base + size - 1);
}

export function cidrsSet(cidrs: Iterable<Cidr>): IntervalSet {
  return unionAll([...cidrs].map(cidrSet));
}

export const ALL_IPV4 = IntervalSet.range(0, IPV4_MAX);

/**
 * Special-purpose blocks that are not reachable on the internet (RFC 6890 and the list):
 * "this network", RFC 1918 private space, shared CGNAT space, loopback, link-local, multicast and
 * the reserved 240/4 (which holds the limited broadcast address).
 */
export const NON_PUBLIC_BLOCKS = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];

/** Every public IPv4 address: what `internet` and a host of unknown address stand for. */
export const PUBLIC_IPV4 = ALL_IPV4.subtract(cidrsSet(NON_PUBLIC_BLOCKS.map((t) => parseCidr(t)!)));

/** The fewest CIDR blocks that make up the set, in address order. */
export function toCidrs(set: IntervalSet): string[] {
  const out: string[] = [];
  for (const [lo0, hi] of set.intervals) {
    let lo = lo0;
    while (lo <= hi) {
      // The largest aligned block starting at lo that fits in [lo, hi].
      let size = lo === 0 ? 2 ** 32 : 2 ** Math.min(32, countTrailingZeros(lo));
      while (lo + size - 1 > hi) size /= 2;
      out.push(`${formatAddress(lo)}/${32 - Math.log2(size)}`);
      lo += size;
    }
  }
  return out;
}

function countTrailingZeros(value: number): number {
  let count = 0;
  while (count < 32 && value % 2 ** (count + 1) === 0) count += 1;
  return count;
}

/**
 * The fewest blocks whose addresses *within `whole`* are exactly `slice`: the public half of
 * 0.0.0.0/1 is "0.0.0.0/1" when the whole is public IPv4, not the 20-odd blocks around the
 * private ranges.
 */
export function blocksWithin(slice: IntervalSet, whole: IntervalSet): string[] {
  // Relative blocks help only for large targets; a small one (an address, a prefix list) is listed exactly.
  if (whole.size < 2 ** 28) return toCidrs(slice);
  const padded = slice.union(ALL_IPV4.subtract(whole));
  return toCidrs(padded).filter((text) => cidrSet(parseCidr(text)!).overlaps(slice));
}

/** A slice of the target in words: its blocks relative to the target, /32s bare, long lists shortened. */
export function describeWithin(slice: IntervalSet, whole: IntervalSet, limit = 4): string {
  const blocks = blocksWithin(slice, whole);
  if (blocks.length === 1 && blocks[0] === '0.0.0.0/0' && PUBLIC_IPV4.covers(whole)) return 'any public address';
  const cidrs = blocks.map((c) => (c.endsWith('/32') ? c.slice(0, -3) : c));
  if (cidrs.length === 0) return 'no address';
  return cidrs.length <= limit ? cidrs.join(', ') : `${cidrs.slice(0, limit).join(', ')} and ${cidrs.length - limit} more blocks`;
}

/** The set in words for a hop detail: its blocks, /32s as bare addresses, long lists shortened. */
export function describeSet(set: IntervalSet, limit = 4): string {
  if (set.isEmpty) return 'no address';
  if (set.equals(PUBLIC_IPV4)) return 'any public address';
  if (set.equals(ALL_IPV4)) return '0.0.0.0/0';
  const cidrs = toCidrs(set).map((c) => (c.endsWith('/32') ? c.slice(0, -3) : c));
  return cidrs.length <= limit ? cidrs.join(', ') : `${cidrs.slice(0, limit).join(', ')} and ${cidrs.length - limit} more blocks`;
}

/** A share as a percentage for messages: "50%", "0.4%", "<0.01%". */
export function formatShare(fraction: number): string {
  if (fraction >= 1) return '100%';
  const percent = fraction * 100;
  if (percent >= 99) return `${Math.min(99.9, Math.floor(percent * 10) / 10)}%`;
  if (percent >= 10) return `${Math.round(percent)}%`;
  if (percent >= 0.1) return `${percent.toFixed(1)}%`;
  return percent >= 0.01 ? `${percent.toFixed(2)}%` : '<0.01%';
}
