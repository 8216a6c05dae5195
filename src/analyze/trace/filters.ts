// The packet filters on a path: security groups (stateful) and network ACLs (stateless, so the
// reply on ephemeral ports is checked too).
import type { SecurityGroup } from '../../snapshot/types.js';
import { describeAddresses, type AddressSet } from '../../model/addresses.js';
import { evaluateAcl, formatPorts, type PortRange } from '../../model/nacl.js';
import { evaluateGroups, type Peer } from '../../model/security-groups.js';
import type { FindingCode } from '../codes.js';
import type { PathTrace } from './path.js';

/** Lambda picks its source port anywhere in 1024-65535 (Lambda networking docs). */
export const EPHEMERAL: PortRange = [1024, 65535];

export function functionEgress(trace: PathTrace, peer: Peer, port: number): void {
  const { groupIds, groups } = trace.scope;
  const id = groupIds.join(', ') || '(none)';
  if (!trace.requireEc2('security-group', id, 'SecurityGroups')) return;
  const verdict = evaluateGroups(groups, 'egress', peer, port, trace.model);
  if (verdict.allowed) {
    trace.add('security-group', id, true, `allows ${groupIds.length > 1 ? verdict.rule : verdict.rule?.replace(/^[^:]+: /, '')}`);
    return;
  }
  const wanted = `tcp ${port} to ${describeAddresses(peer.addresses)}`;
  const detail = `no egress rule admits ${wanted}`;
  const code = trace.raise('SG_EGRESS_DENIED', { resource: groupIds[0] ?? id, detail: wanted }, { alsoAbout: groupIds.slice(1) });
  trace.add('security-group', id, false, detail, [code]);
}

/** The destination's groups must admit the function's groups or its address. */
export function destinationIngress(trace: PathTrace, groupIds: string[], port: number, options: { groupReferences: boolean }): void {
  const id = groupIds.join(', ') || '(none)';
  if (!trace.requireEc2('security-group', id, 'SecurityGroups')) return;
  const groups = groupIds.map((g) => trace.model.securityGroups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
  const source: Peer = { addresses: trace.source.addresses, groupIds: options.groupReferences ? trace.scope.groupIds : [] };
  const verdict = evaluateGroups(groups, 'ingress', source, port, trace.model);
  if (verdict.allowed) {
    trace.add('security-group', id, true, `admits ${groupIds.length > 1 ? verdict.rule : verdict.rule?.replace(/^[^:]+: /, '')}`);
    return;
  }
  const missing = groupIds.filter((g) => !trace.model.securityGroups.has(g));
  const wanted = `tcp ${port} from ${trace.scope.groupIds.join(', ')} or ${describeAddresses(trace.source.addresses)}`;
  const detail = missing.length > 0 ? `group ${missing.join(', ')} not found; no rule admits ${wanted}` : `no ingress rule admits ${wanted}`;
  const code = trace.raise('SG_INGRESS_DENIED', { resource: groupIds[0] ?? id, detail: missing.length > 0 ? `group ${missing.join(', ')} not found; ${wanted}` : wanted }, { alsoAbout: groupIds.slice(1) });
  trace.add('security-group', id, false, detail, [code]);
}

/**
 * One subnet's ACL as the packet leaves it toward `remote` or enters it from `remote`, and the
 * reply on ephemeral ports the other way. Rules match on the remote address either way.
 */
export function aclCrossing(trace: PathTrace, subnetId: string, way: 'leaving' | 'entering', remote: AddressSet, port: number): void {
  if (!trace.requireEc2('network-acl', `acl of ${subnetId}`, 'NetworkAcls')) return;
  const acl = trace.model.networkAclOf(subnetId);
  if (!acl?.NetworkAclId) {
    trace.add('network-acl', `acl of ${subnetId}`, null, `no network ACL found for ${subnetId}`);
    return;
  }
  const leaving = way === 'leaving';
  const forward = evaluateAcl(acl, leaving ? 'egress' : 'ingress', remote, [port, port]);
  const reply = evaluateAcl(acl, leaving ? 'ingress' : 'egress', remote, EPHEMERAL);
  const peer = `${leaving ? 'to' : 'from'} ${describeAddresses(remote)}`;
  const codes: FindingCode[] = [];
  const problems: string[] = [];
  if (!forward.allowed) {
    const detail = `${leaving ? 'outbound' : 'inbound'} tcp ${port} ${peer} denied by rule ${forward.denyingRules.join(', ')}`;
    codes.push(trace.raise('NACL_EGRESS_DENIED', { resource: acl.NetworkAclId, detail }));
    problems.push(detail);
  }
  if (!reply.allowed) {
    const denied = `${leaving ? 'inbound' : 'outbound'} tcp ${formatPorts(reply.deniedPorts)} denied by rule ${reply.denyingRules.join(', ')}`;
    const detail = `replies (${denied.replace(' denied', ') denied')}`;
    codes.push(trace.raise('NACL_RETURN_DENIED', { resource: acl.NetworkAclId, detail: denied }));
    problems.push(detail);
  }
  const where = subnetId === trace.source.subnetId ? '' : ` (${subnetId})`;
  const detail = problems.length > 0 ? `${problems.join('; ')}${where}` : `allows tcp ${port} ${peer} and the replies${where}`;
  trace.add('network-acl', acl.NetworkAclId, problems.length === 0, detail, codes);
}
