// Security groups over sets: AWS aggregates every rule of every group on the interface into one
// allow-list (security-group-rules), so the addresses a port is open to are the union of the
// rules' blocks, prefix-list entries and referenced groups, never one rule at a time.
import type { IpPermission, SecurityGroup } from '../snapshot/types.js';
import { parseCidr } from './cidr.js';
import { IntervalSet, unionAll } from './interval-set.js';
import { cidrSet, cidrsSet } from './ipv4-set.js';
import type { NetworkModel } from './network.js';
import type { Peer } from './security-groups.js';

/** The other end as a set: its addresses, plus the groups and prefix lists that stand for it. */
export interface PeerSet extends Omit<Peer, 'addresses'> {
  addresses: IntervalSet;
}

export interface GroupsPass {
  /** The part of the peer's addresses the groups admit. */
  allowed: IntervalSet;
  /** The rules that admit some of it, in words ("sg-1: tcp 443 to 0.0.0.0/0"). */
  rules: string[];
}

/** Whether the permission covers tcp `port` (all traffic, or tcp with the port in range). */
export function permissionCoversPort(permission: IpPermission, port: number): boolean {
  const protocol = permission.IpProtocol;
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (permission.FromPort ?? 0) <= port && port <= (permission.ToPort ?? 65535);
}

function portsText(permission: IpPermission): string {
  if (permission.IpProtocol === '-1' || permission.IpProtocol === 'all') return 'all traffic';
  return `tcp ${permission.FromPort === permission.ToPort ? permission.FromPort : `${permission.FromPort}-${permission.ToPort}`}`;
}

/** The peer addresses one permission admits, and the names of the sources that admit them. */
function permissionAdmits(permission: IpPermission, peer: PeerSet, model: NetworkModel): { allowed: IntervalSet; via: string[] } {
  const parts: IntervalSet[] = [];
  const via: string[] = [];
  const note = (set: IntervalSet, name: string) => {
    const hit = set.intersect(peer.addresses);
    if (!hit.isEmpty) (parts.push(hit), via.push(name));
  };
  for (const range of permission.IpRanges ?? []) {
    const block = parseCidr(range.CidrIp);
    if (block) note(cidrSet(block), range.CidrIp!);
  }
  for (const pair of permission.UserIdGroupPairs ?? []) {
    if (pair.GroupId && peer.groupIds.includes(pair.GroupId)) note(peer.addresses, pair.GroupId);
  }
  for (const list of permission.PrefixListIds ?? []) {
    const id = list.PrefixListId;
    if (!id) continue;
    if (peer.prefixListIds?.includes(id)) note(peer.addresses, id);
    else note(cidrsSet(model.prefixListCidrs(id) ?? []), id);
  }
  return { allowed: unionAll(parts), via };
}

export function groupsAdmit(groups: SecurityGroup[], direction: 'egress' | 'ingress', peer: PeerSet, port: number, model: NetworkModel): GroupsPass {
  const parts: IntervalSet[] = [];
  const rules: string[] = [];
  for (const group of groups) {
    for (const permission of (direction === 'egress' ? group.IpPermissionsEgress : group.IpPermissions) ?? []) {
      if (!permissionCoversPort(permission, port)) continue;
      const { allowed, via } = permissionAdmits(permission, peer, model);
      if (allowed.isEmpty) continue;
      parts.push(allowed);
      const side = direction === 'egress' ? 'to' : 'from';
      rules.push(`${group.GroupId}: ${portsText(permission)} ${side} ${via.length > 3 ? `${via.slice(0, 3).join(', ')} and ${via.length - 3} more` : via.join(', ')}`);
    }
  }
  return { allowed: parts.length === 0 ? IntervalSet.EMPTY : unionAll(parts), rules };
}
