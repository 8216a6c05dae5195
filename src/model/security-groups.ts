// The other end of a connection, as a security-group rule can name it: addresses, the peer's
// groups, the prefix lists that stand for it. The set engine (sg-set.ts) evaluates the rules.
import type { AddressSet } from './addresses.js';

export interface Peer {
  addresses: AddressSet;
  /** The peer's security groups (a rule may reference one of them). */
  groupIds: string[];
  /** Prefix lists that stand for the peer (an AWS service behind a gateway endpoint). */
  prefixListIds?: string[];
}
