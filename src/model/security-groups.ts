// Security groups are stateful allow-lists: a packet passes if any rule of any of the ENI's groups
// admits it, and its reply is always allowed back.
import type { IpPermission, SecurityGroup } from '../snapshot/types.js';
import { blockMatches, type AddressSet } from './addresses.js';
import { covers, parseCidr } from './cidr.js';
import type { NetworkModel } from './network.js';

/** The other end of the connection, as a security-group rule can name it. */
export interface Peer {
  addresses: AddressSet;
  /** The peer's security groups (a rule may reference one of them). */
  groupIds: string[];
  /** Prefix lists that stand for the peer (an AWS service behind a gateway endpoint). */
  prefixListIds?: string[];
}

export interface GroupVerdict {
  allowed: boolean;
  /** The rule that admits the traffic, in words. */
  rule?: string;
}

function portMatches(permission: IpPermission, port: number): boolean {
  const protocol = permission.IpProtocol;
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (permission.FromPort ?? 0) <= port && port <= (permission.ToPort ?? 65535);
}

function describeRule(permission: IpPermission, peer: string): string {
  const ports = permission.IpProtocol === '-1' ? 'all traffic' : `tcp ${permission.FromPort === permission.ToPort ? permission.FromPort : `${permission.FromPort}-${permission.ToPort}`}`;
  return `${ports} ${peer}`;
}

function ruleAdmits(permission: IpPermission, peer: Peer, model: NetworkModel): string | null {
  for (const range of permission.IpRanges ?? []) {
    const block = parseCidr(range.CidrIp);
    if (block && blockMatches(block, peer.addresses)) return range.CidrIp!;
  }
  for (const pair of permission.UserIdGroupPairs ?? []) {
    if (pair.GroupId && peer.groupIds.includes(pair.GroupId)) return pair.GroupId;
  }
  for (const list of permission.PrefixListIds ?? []) {
    const id = list.PrefixListId;
    if (!id) continue;
    if (peer.prefixListIds?.includes(id)) return id;
    // A prefix-list rule is one rule per entry (managed-prefix-lists): each entry matches like a CIDR.
    const entries = model.prefixListCidrs(id) ?? [];
    if (entries.some((entry) => blockMatches(entry, peer.addresses))) return id;
    if (peer.addresses.kind === 'cidrs' && peer.addresses.cidrs.length > 0 && peer.addresses.cidrs.every((c) => entries.some((e) => covers(e, c)))) return id;
  }
  return null;
}

export function evaluateGroups(groups: SecurityGroup[], direction: 'egress' | 'ingress', peer: Peer, port: number, model: NetworkModel): GroupVerdict {
  for (const group of groups) {
    const permissions = (direction === 'egress' ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
    for (const permission of permissions) {
      if (!portMatches(permission, port)) continue;
      const admitted = ruleAdmits(permission, peer, model);
      if (admitted) return { allowed: true, rule: `${group.GroupId}: ${describeRule(permission, direction === 'egress' ? `to ${admitted}` : `from ${admitted}`)}` };
    }
  }
  return { allowed: false };
}
