// What a packet is addressed to (or comes from), as far as matching rules and routes needs to know.
import { covers, type Cidr } from './cidr.js';

/**
 * `any-public`: some public internet address we cannot name (SES, a public host): only a block that
 * covers all of IPv4 is sure to match it. `cidrs`: known blocks (an ENI's /32, a subnet): a rule
 * matches only if it covers every one of them.
 */
export type AddressSet = { kind: 'any-public' } | { kind: 'cidrs'; cidrs: Cidr[] };

export const ANY_PUBLIC: AddressSet = { kind: 'any-public' };

export function addressesOf(cidrs: Cidr[]): AddressSet {
  return { kind: 'cidrs', cidrs };
}

/** Whether a rule or route block matches every address of the set. */
export function blockMatches(block: Cidr, set: AddressSet): boolean {
  if (set.kind === 'any-public') return block.prefix === 0;
  return set.cidrs.length > 0 && set.cidrs.every((cidr) => covers(block, cidr));
}

/** The set in words, for hop details. */
export function describeAddresses(set: AddressSet): string {
  return set.kind === 'any-public' ? 'any public address' : set.cidrs.map((c) => (c.prefix === 32 ? c.text.slice(0, -3) : c.text)).join(', ');
}
