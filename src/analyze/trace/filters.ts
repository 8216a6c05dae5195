// The packet filters on a path: security groups (stateful: the union of every rule of every group)
// and network ACLs (stateless, first match per packet, so the reply on ephemeral ports is checked
// too), all evaluated over the set of addresses still travelling.
import type { SecurityGroup } from '../../snapshot/types.js';
import { IntervalSet, unionAll } from '../../model/interval-set.js';
import { cidrSet, describeSet, describeWithin, toCidrs } from '../../model/ipv4-set.js';
import { formatPorts, type PortRange } from '../../model/nacl.js';
import { decideAcl, deniedPortsByAddress, type AclDecision } from '../../model/nacl-set.js';
import { groupsAdmit, type PeerSet } from '../../model/sg-set.js';
import type { FindingCode } from '../codes.js';
import type { PathTrace } from './path.js';

/** Lambda and NAT gateways pick their source port anywhere in 1024-65535 (Lambda and NAT gateway docs). */
export const EPHEMERAL: PortRange = [1024, 65535];
export const EPHEMERAL_PORTS = IntervalSet.range(EPHEMERAL[0], EPHEMERAL[1]);

/** The admitting rules of one group in words, without the group id: at most two, then a count. */
const firstRule = (rules: string[]) => {
  const shown = rules.slice(0, 2).map((r) => r.replace(/^[^:]+: /, '')).join('; ');
  return rules.length > 2 ? `${shown} and ${rules.length - 2} more rules` : shown;
};

/** The function's groups toward the destinations still travelling. */
export function functionEgress(trace: PathTrace, peer: Omit<PeerSet, 'addresses'>, port: number): void {
  const { groupIds, groups } = trace.scope;
  const id = groupIds.join(', ') || '(none)';
  if (!trace.requireEc2('security-group', id, 'SecurityGroups')) return;
  const traffic = trace.flow.subject;
  const { allowed, rules } = groupsAdmit(groups, 'egress', { ...peer, addresses: traffic }, port, trace.model);
  const denied = traffic.subtract(allowed);
  if (denied.isEmpty) {
    trace.add('security-group', id, true, `allows ${groupIds.length > 1 ? rules.join('; ') : firstRule(rules)}`);
    return;
  }
  const wanted = `tcp ${port} to ${describeWithin(denied, trace.flow.target)}`;
  const code = trace.raise('SG_EGRESS_DENIED', { resource: groupIds[0] ?? id, detail: wanted }, { alsoAbout: groupIds.slice(1) });
  if (allowed.isEmpty) {
    trace.add('security-group', id, false, `no egress rule admits ${wanted}`, [code]);
    return;
  }
  const hop = trace.add('security-group', id, true, `allows ${firstRule(rules)}; no egress rule admits ${wanted}`, [code]);
  trace.dropAt(hop, denied, code);
}

/** The destination's groups must admit the function's groups or its address (all of it). */
export function destinationIngress(trace: PathTrace, groupIds: string[], port: number, options: { groupReferences: boolean }): void {
  const id = groupIds.join(', ') || '(none)';
  if (!trace.requireEc2('security-group', id, 'SecurityGroups')) return;
  const groups = groupIds.map((g) => trace.model.securityGroups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
  const source = cidrSet(trace.source.address);
  const peer: PeerSet = { addresses: source, groupIds: options.groupReferences ? trace.scope.groupIds : [] };
  const { allowed, rules } = groupsAdmit(groups, 'ingress', peer, port, trace.model);
  if (allowed.covers(source)) {
    trace.add('security-group', id, true, `admits ${groupIds.length > 1 ? rules.join('; ') : firstRule(rules)}`);
    return;
  }
  const missing = groupIds.filter((g) => !trace.model.securityGroups.has(g));
  const wanted = `tcp ${port} from ${trace.scope.groupIds.join(', ')} or ${describeSet(source.subtract(allowed))}`;
  const detail = missing.length > 0 ? `group ${missing.join(', ')} not found; no rule admits ${wanted}` : `no ingress rule admits ${wanted}`;
  const code = trace.raise('SG_INGRESS_DENIED', { resource: groupIds[0] ?? id, detail: missing.length > 0 ? `group ${missing.join(', ')} not found; ${wanted}` : wanted }, { alsoAbout: groupIds.slice(1) });
  trace.add('security-group', id, false, detail, [code]);
}

const deniedBy = (decision: AclDecision) => [...new Set(decision.denied.map((d) => d.rule))].join(', ');
const addressesOf = (slices: { addresses: IntervalSet }[]) => unionAll(slices.map((s) => s.addresses));

/**
 * One subnet's ACL as the packet leaves it toward the destinations, or enters it from the source,
 * and the reply on ephemeral ports the other way. Rules match on the remote address: the
 * destinations when leaving (the traffic set), the function's address when entering (so an
 * entering ACL passes or drops the traffic as a whole).
 */
export function aclCrossing(trace: PathTrace, subnetId: string, way: 'leaving' | 'entering', port: number): void {
  if (!trace.requireEc2('network-acl', `acl of ${subnetId}`, 'NetworkAcls')) return;
  const acl = trace.model.networkAclOf(subnetId);
  if (!acl?.NetworkAclId) {
    trace.add('network-acl', `acl of ${subnetId}`, null, `no network ACL found for ${subnetId}`);
    return;
  }
  const leaving = way === 'leaving';
  const traffic = trace.flow.subject;
  const remote = leaving ? traffic : cidrSet(trace.source.address);
  const forward = decideAcl(acl, leaving ? 'egress' : 'ingress', { addresses: remote, ports: IntervalSet.point(port) });
  const forwardDenied = addressesOf(forward.denied);
  // Replies are judged for every remote address, so that a denied request does not hide a denied reply.
  const reply = decideAcl(acl, leaving ? 'ingress' : 'egress', { addresses: remote, ports: EPHEMERAL_PORTS });
  const byAddress = deniedPortsByAddress(reply, remote);
  const dead = byAddress.filter((g) => mostRepliesDenied(g.ports));
  const replyDead = unionAll(dead.map((g) => g.addresses));
  const replyPartial = byAddress.filter((g) => !mostRepliesDenied(g.ports));
  const where = subnetId === trace.source.subnetId ? '' : ` (${subnetId})`;
  const codes: FindingCode[] = [];
  const problems: string[] = [];
  const drops: [IntervalSet, FindingCode][] = [];
  if (!forwardDenied.isEmpty) {
    const detail = `${leaving ? 'outbound' : 'inbound'} tcp ${port} ${leaving ? 'to' : 'from'} ${leaving ? describeWithin(forwardDenied, trace.flow.target) : describeSet(forwardDenied)} denied by rule ${deniedBy(forward)}`;
    const code = trace.raise('NACL_EGRESS_DENIED', { resource: acl.NetworkAclId, detail });
    codes.push(code);
    problems.push(detail);
    drops.push([forwardDenied, code]);
  }
  if (!replyDead.isEmpty) {
    const rules = [...new Set(dead.flatMap((g) => g.rules))].join(', ');
    const ports = unionAll(dead.map((g) => g.ports)).intersect(EPHEMERAL_PORTS);
    const denied = `${leaving ? 'inbound' : 'outbound'} tcp ${formatPorts([...ports.intervals])} ${leaving ? 'from' : 'to'} ${leaving ? describeWithin(replyDead, trace.flow.target) : describeSet(replyDead)} denied by rule ${rules}`;
    const code = trace.raise('NACL_RETURN_DENIED', { resource: acl.NetworkAclId, detail: denied });
    codes.push(code);
    problems.push(`replies (${denied.replace(' denied', ') denied')}`);
    drops.push([replyDead, code]);
  }
  const partialNote = replyPartial.length > 0 ? partialReplies(trace, acl.NetworkAclId, leaving, replyPartial, codes) : '';
  const detail = problems.length > 0 ? `${problems.join('; ')}${partialNote}${where}` : `allows tcp ${port} ${leaving ? 'to' : 'from'} ${leaving ? describeWithin(remote, trace.flow.target) : describeSet(remote)} and the replies${partialNote}${where}`;
  const hop = trace.add('network-acl', acl.NetworkAclId, true, detail, codes);
  // Entering, the rules match the function's address: a denial holds for every destination.
  for (const [set, code] of drops) trace.dropAt(hop, leaving ? set : traffic, code);
  const through = leaving ? drops.reduce((rest, [set]) => rest.subtract(set), traffic) : drops.length > 0 ? IntervalSet.EMPTY : traffic;
  if (through.isEmpty && !traffic.isEmpty) hop.ok = false;
}

/**
 * Replies denied on at least half of the ephemeral ports: most connections hang, so the path is
 * treated as broken (an error), not as working with a warning.
 */
function mostRepliesDenied(ports: IntervalSet): boolean {
  return ports.intersect(EPHEMERAL_PORTS).size * 2 >= EPHEMERAL_PORTS.size;
}

/** Some reply ports denied (fewer than half): connections from the unlucky source ports hang. A warning with the counts. */
function partialReplies(trace: PathTrace, aclId: string, leaving: boolean, groups: ReturnType<typeof deniedPortsByAddress>, codes: FindingCode[]): string {
  const worst = groups.reduce((a, b) => (b.ports.intersect(EPHEMERAL_PORTS).size > a.ports.intersect(EPHEMERAL_PORTS).size ? b : a));
  const denied = worst.ports.intersect(EPHEMERAL_PORTS);
  const total = EPHEMERAL_PORTS.size;
  const count = denied.size;
  const ratio = count / total;
  const odds = ratio >= 0.5 ? `about ${Math.round(ratio * 100)} connections in 100` : `about 1 connection in ${Math.round(1 / ratio).toLocaleString('en')}`;
  const ports = formatPorts([...denied.intervals]);
  const detail = `${count.toLocaleString('en')} of ${total.toLocaleString('en')} reply ports denied (${leaving ? 'inbound' : 'outbound'} tcp ${ports.length > 40 ? `${ports.slice(0, 40)}…` : ports}, rule ${worst.rules.join(', ')}): ${odds} will hang`;
  const blocks = toCidrs(worst.addresses);
  codes.push(trace.raise('NACL_EPHEMERAL_PARTIAL', { resource: aclId, detail }, { refs: { cidr: blocks.length === 1 ? blocks[0] : '0.0.0.0/0' } }));
  return `; ${detail}`;
}
