// IPv4 blocks as (base, prefix) pairs: parsing and range tests go through ipaddr.js, containment is
// plain integer arithmetic so that route and rule matching stays cheap.
import ipaddr from 'ipaddr.js';

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  readonly text: string;
}

const toUint = (octets: number[]): number => (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) >>> 0;

const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

/** Parses "a.b.c.d/len" or a bare "a.b.c.d" (a /32); null for anything else (IPv6 included). */
export function parseCidr(text: string | undefined): Cidr | null {
  if (!text) return null;
  const withLength = text.includes('/') ? text : `${text}/32`;
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(withLength)) return null;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(withLength);
  const base = (toUint(address.octets) & maskOf(prefix)) >>> 0;
  return { base, prefix, text: `${formatAddress(base)}/${prefix}` };
}

export function formatAddress(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Whether `outer` holds every address of `inner`. */
export function covers(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && ((inner.base & maskOf(outer.prefix)) >>> 0) === outer.base;
}

/** Whether the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return covers(a, b) || covers(b, a);
}

/** Whether the block lies in public unicast space (not RFC 1918, CGNAT, loopback, link-local, …). */
export function isPublic(cidr: Cidr): boolean {
  const address = ipaddr.IPv4.parse(formatAddress(cidr.base));
  return address.range() === 'unicast' && cidr.prefix > 0;
}

const NON_PUBLIC = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3']
  .map((text) => parseCidr(text)!);

/** Whether any address of the block is public: 0.0.0.0/1 is, though its first address is not. */
export function containsPublic(cidr: Cidr): boolean {
  return !NON_PUBLIC.some((range) => covers(range, cidr));
}

export const ANY_IPV4: Cidr = { base: 0, prefix: 0, text: '0.0.0.0/0' };
