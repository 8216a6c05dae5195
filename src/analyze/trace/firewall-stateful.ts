// AWS Network Firewall's stateful engine for one flow. Domain lists (RulesSourceList) are judged
// against the target's host name; Suricata rules (RulesString) and 5-tuple StatefulRules are not,
// and make the answer unknown rather than a guess.
import type { NetworkFirewallPolicyDescription, NetworkFirewallRuleGroupDescription } from '../../snapshot/services.js';

export type StatefulVerdict = { action: 'pass' | 'drop' | 'unknown'; why: string };
type GroupOutcome = { action: 'pass' | 'drop' | 'unknown' | 'none'; why: string };

export interface StatefulFlow { host: string | undefined; port: number }

/** A domain-list target: `.example.com` matches example.com and every name under it; otherwise the exact name. */
export function domainMatches(target: string, host: string): boolean {
  const t = target.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  return t.startsWith('.') ? h === t.slice(1) || h.endsWith(t) : h === t;
}

/** Which domain-list inspection sees the flow: TLS SNI on 443, the HTTP Host header on 80, else cannot tell. */
function inspectedBy(port: number): 'TLS_SNI' | 'HTTP_HOST' | null {
  return port === 443 ? 'TLS_SNI' : port === 80 ? 'HTTP_HOST' : null;
}

function groupOutcome(group: NetworkFirewallRuleGroupDescription, name: string, flow: StatefulFlow): GroupOutcome {
  const source = group.RuleGroup?.RulesSource ?? {};
  if (source.RulesString) return { action: 'unknown', why: `rule group ${name} has Suricata-format rules vpcdoctor does not judge` };
  if (source.StatefulRules && source.StatefulRules.length > 0) return { action: 'unknown', why: `rule group ${name} has stateful 5-tuple rules vpcdoctor does not judge` };
  const list = source.RulesSourceList;
  if (!list) return { action: 'unknown', why: `rule group ${name} has no rules source vpcdoctor can read` };
  const kind = list.GeneratedRulesType ?? '';
  const inspection = inspectedBy(flow.port);
  if (inspection === null) return { action: 'unknown', why: `domain list ${name}: on port ${flow.port} vpcdoctor cannot tell whether the firewall sees TLS or HTTP` };
  if (!(list.TargetTypes ?? []).includes(inspection)) return { action: 'none', why: '' };
  if (!flow.host) {
    return kind === 'DENYLIST' || kind === 'REJECTLIST' ? { action: 'none', why: '' }
      : { action: 'unknown', why: `domain allow list ${name}: the target has no host name, so which names it admits decides` };
  }
  const listed = (list.Targets ?? []).some((t) => domainMatches(t, flow.host!));
  if (kind === 'ALLOWLIST') return listed ? { action: 'pass', why: `domain allow list ${name} holds ${flow.host}` } : { action: 'drop', why: `domain allow list ${name} does not hold ${flow.host}` };
  if (kind === 'DENYLIST' || kind === 'REJECTLIST') return listed ? { action: 'drop', why: `domain ${kind === 'DENYLIST' ? 'deny' : 'reject'} list ${name} holds ${flow.host}` } : { action: 'none', why: '' };
  // ALERTLIST only logs: the traffic's fate is decided elsewhere.
  if (kind === 'ALERTLIST') return { action: 'none', why: '' };
  return { action: 'unknown', why: `domain list ${name} has GeneratedRulesType ${kind || 'missing'}` };
}

/** The stateful engine's answer, with the policy's rule order and default actions. */
export function statefulVerdict(policy: NetworkFirewallPolicyDescription, groups: Record<string, NetworkFirewallRuleGroupDescription>, flow: StatefulFlow): StatefulVerdict {
  const body = policy.FirewallPolicy ?? {};
  const strict = body.StatefulEngineOptions?.RuleOrder === 'STRICT_ORDER';
  const refs = [...(body.StatefulRuleGroupReferences ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  const outcomes: GroupOutcome[] = refs.map((ref) => {
    const group = ref.ResourceArn ? groups[ref.ResourceArn] : undefined;
    const name = group?.RuleGroupResponse?.RuleGroupName ?? ref.ResourceArn ?? 'unnamed';
    if (!group) return { action: 'unknown', why: `rule group ${name} is not in the snapshot` };
    const outcome = groupOutcome(group, name, flow);
    // DROP_TO_ALERT turns the group's drops into alerts: the traffic goes on.
    return outcome.action === 'drop' && ref.Override?.Action === 'DROP_TO_ALERT' ? { action: 'none', why: '' } : outcome;
  });
  if (strict) {
    const decided = outcomes.find((o) => o.action !== 'none');
    if (decided) return decided as StatefulVerdict;
    const drop = (body.StatefulDefaultActions ?? []).find((a) => a === 'aws:drop_strict' || a === 'aws:drop_established');
    return drop ? { action: 'drop', why: `no stateful rule passes it and the default action is ${drop} (strict order)` } : { action: 'pass', why: 'no stateful rule matches (strict order, no dropping default action)' };
  }
  // Default action order: pass rules first, then drop/reject, then alert; the policy has no default action.
  for (const action of ['pass', 'unknown', 'drop'] as const) {
    const hit = outcomes.find((o) => o.action === action);
    if (hit) return hit as StatefulVerdict;
  }
  return { action: 'pass', why: 'no stateful rule matches (action order)' };
}
