// Security-group repairs: an egress rule on the function's first group for the target's port,
// and an ingress rule on the destination's group (database, endpoint, interface) from the function.
import type { NetworkModel } from '../model/network.js';
import { endpointAddresses } from '../analyze/proxies.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { ref, tagSpec } from './types.js';

export type Peer = { IpRanges: { CidrIp: string; Description: string }[] } | { UserIdGroupPairs: { GroupId: string; Description: string }[] };

export function planSecurityGroups(model: NetworkModel, blockers: Blocker[], plan: PlanBuilder): void {
  const done = new Set<string>();
  for (const blocker of blockers) {
    if (blocker.codes.includes('SG_EGRESS_DENIED')) egress(model, blocker, plan, done);
    if (blocker.codes.includes('SG_INGRESS_DENIED')) ingress(model, blocker, plan, done);
  }
}

function egress(model: NetworkModel, blocker: Blocker, plan: PlanBuilder, done: Set<string>): void {
  const groupId = blocker.fn.securityGroupIds[0];
  if (!groupId) {
    plan.note(`SG_EGRESS_DENIED (${blocker.target}): ${blocker.fn.name} has no security group to add a rule to; needs a human`);
    return;
  }
  const description = `vpcdoctor: ${blocker.fn.name} to ${blocker.target}`;
  const { goal } = blocker;
  let peer: Peer;
  let peerText: string;
  if (goal.kind === 'database' && goal.database.groupIds[0] && goal.database.vpcId === blocker.fn.vpcId) {
    peerText = goal.database.groupIds[0];
    peer = { UserIdGroupPairs: [{ GroupId: peerText, Description: description }] };
  } else if (goal.kind === 'proxy' && goal.proxy.endpoint.groupIds[0] && goal.proxy.endpoint.vpcId === blocker.fn.vpcId) {
    peerText = goal.proxy.endpoint.groupIds[0];
    peer = { UserIdGroupPairs: [{ GroupId: peerText, Description: description }] };
  } else if (goal.kind === 'public6') {
    plan.note(`SG_EGRESS_DENIED (${blocker.target}): IPv6 egress rules are not planned yet; add one with Ipv6Ranges ::/0 by hand`);
    return;
  } else {
    const cidrs = goal.kind === 'public' ? ['0.0.0.0/0'] : goal.kind === 'address' ? [goal.address.text]
      : goal.kind === 'proxy' ? endpointAddresses(model, goal.proxy.endpoint).map((s) => s.cidr.text) : goal.database.addresses.map((c) => c.text);
    if (cidrs.length === 0) {
      plan.note(`SG_EGRESS_DENIED (${blocker.target}): the database's address is not known, so no rule can name it; needs a human`);
      return;
    }
    peerText = cidrs.join(',');
    peer = { IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: description })) };
  }
  addRule(plan, done, 'Egress', groupId, blocker.port, peer, peerText,
    `SG_EGRESS_DENIED: no egress rule of ${blocker.fn.securityGroupIds.join(', ')} admits tcp ${blocker.port} to ${blocker.target}; allow it to ${peerText}`);
}

function ingress(model: NetworkModel, blocker: Blocker, plan: PlanBuilder, done: Set<string>): void {
  const hop = blocker.hops.find((h) => h.ok === false && h.codes?.includes('SG_INGRESS_DENIED'));
  const groupId = hop?.id.split(',')[0]?.trim();
  const group = groupId ? model.securityGroups.get(groupId) : undefined;
  const sourceGroup = blocker.fn.securityGroupIds[0];
  if (!group?.GroupId || !sourceGroup) {
    plan.note(`SG_INGRESS_DENIED (${blocker.target}): the destination's security group is not in the snapshot; needs a human`);
    return;
  }
  const description = `vpcdoctor: from ${blocker.fn.name}`;
  // A group of another VPC (a peer, perhaps in another Region) cannot always name ours: use the function's subnets.
  const sameVpc = group.VpcId === blocker.fn.vpcId;
  const cidrs = (blocker.fn.subnets ?? []).map((s) => s.cidr).filter(Boolean);
  const peer: Peer = sameVpc
    ? { UserIdGroupPairs: [{ GroupId: sourceGroup, Description: description }] }
    : { IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: description })) };
  const peerText = sameVpc ? sourceGroup : cidrs.join(', ');
  addRule(plan, done, 'Ingress', group.GroupId, blocker.port, peer, peerText,
    `SG_INGRESS_DENIED: ${group.GroupId} (in front of ${blocker.target}) admits neither ${blocker.fn.name}'s groups nor its addresses on tcp ${blocker.port}; admit ${peerText}`);
}

/** One tcp rule on a group, once per (direction, group, port, peer), with the revoke that undoes it; `code`: the finding it repairs (default: SG_<direction>_DENIED). */
export function addRule(plan: PlanBuilder, done: Set<string>, direction: 'Egress' | 'Ingress', groupId: string, port: number, peer: Peer, peerText: string, why: string, code?: string | null): void {
  const key = `${direction}|${groupId}|${port}|${peerText}`;
  if (done.has(key)) return;
  done.add(key);
  const step = plan.steps.length + 1;
  plan.add({
    action: `AuthorizeSecurityGroup${direction}`, iamAction: `ec2:AuthorizeSecurityGroup${direction}`,
    params: { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...peer }], TagSpecifications: tagSpec('security-group-rule') },
    why,
    undo: [{ action: `RevokeSecurityGroup${direction}`, params: { GroupId: groupId, SecurityGroupRuleIds: [ref(step, 'SecurityGroupRules.0.SecurityGroupRuleId')] } }],
  });
  const repairs = code === undefined ? (direction === 'Egress' ? 'SG_EGRESS_DENIED' : 'SG_INGRESS_DENIED') : code;
  if (repairs) plan.addresses([repairs]);
}
