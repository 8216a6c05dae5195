// The AWS Network Firewall hop at one of its endpoints (a Gateway Load Balancer endpoint the firewall
// owns): the endpoint's attachment must be READY, then the stateless engine splits the traffic and
// what it forwards meets the stateful engine. What cannot be judged is unknown, never reachable.
import type { NetworkFirewallDescription, NetworkFirewallPolicyDescription } from '../../snapshot/services.js';
import type { Hop } from '../types.js';
import type { PathTrace } from './path.js';
import { statefulVerdict } from './firewall-stateful.js';
import { statelessPass, type StatelessPacket, type StatelessPiece } from './firewall-stateless.js';
import { IntervalSet } from '../../model/interval-set.js';

const NFW_ACTIONS = ['network-firewall:ListFirewalls', 'network-firewall:DescribeFirewall'];

export interface FirewallAt { arn: string; firewall: NetworkFirewallDescription; az: string; status: string }

/** The collected firewall whose attachment owns this endpoint, with the attachment's AZ and status. */
export function firewallOwning(trace: PathTrace, endpointId: string): FirewallAt | null {
  for (const [arn, firewall] of Object.entries(trace.model.snapshot.networkFirewall?.Firewalls ?? {})) {
    for (const [az, state] of Object.entries(firewall.FirewallStatus?.SyncStates ?? {})) {
      if (state.Attachment?.EndpointId === endpointId) return { arn, firewall, az, status: state.Attachment.Status ?? 'unknown' };
    }
  }
  return null;
}

/**
 * Judges the firewall behind a Gateway Load Balancer endpoint, if it is an AWS Network Firewall's.
 * Returns false when the endpoint belongs to no firewall the snapshot holds (another appliance).
 */
export function networkFirewallHop(trace: PathTrace, endpointId: string): boolean {
  const at = firewallOwning(trace, endpointId);
  if (!at) return deniedHop(trace, endpointId);
  const name = at.firewall.Firewall?.FirewallName ?? at.arn;
  if (at.status !== 'READY') {
    const firewall = { arn: at.arn, name, az: at.az, subnet: at.firewall.FirewallStatus?.SyncStates?.[at.az]?.Attachment?.SubnetId, endpoint: endpointId, status: at.status, routes: routesTo(trace, endpointId) };
    const code = trace.raise('FIREWALL_NOT_READY_IN_AZ', { resource: at.arn, detail: `endpoint ${endpointId} in ${at.az} is ${at.status}` }, { refs: { firewall } });
    trace.add('vpc-endpoint', name, false, `Network Firewall ${name}: endpoint ${endpointId} (${at.az}) is ${at.status}, not READY`, [code]);
    return true;
  }
  const policyArn = at.firewall.Firewall?.FirewallPolicyArn ?? '';
  const policy = trace.model.snapshot.networkFirewall?.FirewallPolicies?.[policyArn];
  if (!policy) {
    const denied = trace.model.snapshot.denied?.includes('network-firewall:DescribeFirewallPolicy');
    const code = denied ? 'PERMISSION_DENIED' : 'FIREWALL_RULES_UNJUDGED';
    trace.raise(code, denied ? { resource: 'network-firewall:DescribeFirewallPolicy' } : { resource: at.arn, detail: `policy ${policyArn || '(none)'} is not in the snapshot` });
    trace.add('vpc-endpoint', name, null, `Network Firewall ${name}: cannot tell: its policy is not in the snapshot`, [code]);
    return true;
  }
  judgeRules(trace, at, name, policy);
  return true;
}

/** The routes of the VPC's tables that send traffic to this firewall endpoint (they must follow a new endpoint id). */
function routesTo(trace: PathTrace, endpointId: string): { table: string; cidr: string }[] {
  return [...trace.model.routeTables.values()].flatMap((t) => (t.Routes ?? [])
    .filter((r) => r.GatewayId === endpointId && r.DestinationCidrBlock)
    .map((r) => ({ table: t.RouteTableId ?? '', cidr: r.DestinationCidrBlock! })));
}

function deniedHop(trace: PathTrace, endpointId: string): boolean {
  const denied = NFW_ACTIONS.find((a) => trace.model.snapshot.denied?.includes(a));
  if (!denied) return false;
  trace.raise('PERMISSION_DENIED', { resource: denied });
  trace.add('vpc-endpoint', endpointId, null, `cannot tell: ${denied} was denied, so whether a Network Firewall inspects this traffic is unknown`, ['PERMISSION_DENIED']);
  return true;
}

function judgeRules(trace: PathTrace, at: FirewallAt, name: string, policy: NetworkFirewallPolicyDescription): void {
  const section = trace.model.snapshot.networkFirewall ?? {};
  const body = policy.FirewallPolicy ?? {};
  const refs = [...(body.StatelessRuleGroupReferences ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  const missing = refs.find((r) => !r.ResourceArn || !section.RuleGroups?.[r.ResourceArn]);
  const hop = trace.add('vpc-endpoint', name, trace.soFar(), `Network Firewall ${name} (${at.az} endpoint READY)`);
  const subject = trace.flow.subject;
  if (missing) return unjudged(trace, hop, at.arn, subject, `stateless rule group ${missing.ResourceArn} is not in the snapshot`);
  const rules = refs.flatMap((r) => [...(section.RuleGroups?.[r.ResourceArn!]?.RuleGroup?.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules ?? [])]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)));
  const afterNat = trace.hops.some((h) => h.kind === 'nat-gateway');
  const packet: StatelessPacket = { source: afterNat ? null : trace.source.address, port: trace.target.goal.port };
  const out = statelessPass(rules, body.StatelessDefaultActions, subject, packet, false);
  const back = statelessPass(rules, body.StatelessDefaultActions, subject, packet, true);
  const goal = trace.target.goal;
  const stateful = statefulVerdict(policy, section.RuleGroups ?? {}, { host: 'host' in goal ? goal.host : undefined, port: goal.port });
  const notes: string[] = [];
  for (const a of out) for (const b of back) {
    const addresses = a.addresses.intersect(b.addresses);
    if (!addresses.isEmpty) apply(trace, hop, at.arn, addresses, combine(a, b, stateful), notes);
  }
  if (notes.length > 0) hop.detail = `${hop.detail}: ${[...new Set(notes)].join('; ')}`;
  if (trace.flow.travelling.intersect(subject).isEmpty && !hop.codes?.includes('FIREWALL_RULES_UNJUDGED')) hop.ok = false;
}

type Outcome = { action: 'pass' | 'drop' | 'unknown'; why: string };

/** Outbound and reply stateless pieces, and the stateful verdict for what both forward. */
function combine(out: StatelessPiece, back: StatelessPiece, stateful: Outcome): Outcome {
  for (const piece of [out, back]) if (piece.action === 'drop') return { action: 'drop', why: piece.why };
  for (const piece of [out, back]) if (piece.action === 'doubt') return { action: 'unknown', why: piece.why };
  if (out.action === 'pass' && back.action === 'pass') return { action: 'pass', why: 'stateless rules pass both directions' };
  if (out.action === 'forward' && back.action === 'forward') return stateful;
  return { action: 'unknown', why: 'the stateless engine passes one direction and forwards the other to the stateful engine' };
}

function apply(trace: PathTrace, hop: Hop, arn: string, addresses: IntervalSet, outcome: Outcome, notes: string[]): void {
  notes.push(outcome.why);
  if (outcome.action === 'pass') return;
  if (outcome.action === 'drop') {
    const code = trace.raise('FIREWALL_DROPS', { resource: arn, detail: outcome.why });
    hop.codes = [...new Set([...(hop.codes ?? []), code])];
    trace.dropAt(hop, addresses, code);
    return;
  }
  unjudged(trace, hop, arn, addresses, outcome.why);
}

function unjudged(trace: PathTrace, hop: Hop, arn: string, addresses: IntervalSet, why: string): void {
  const code = trace.raise('FIREWALL_RULES_UNJUDGED', { resource: arn, detail: why });
  hop.codes = [...new Set([...(hop.codes ?? []), code])];
  if (hop.ok !== false) hop.ok = null;
  if (!hop.detail.includes(why)) hop.detail = `${hop.detail}: ${why}`;
  trace.flow.doubt(addresses, trace.hops.indexOf(hop), why);
}
