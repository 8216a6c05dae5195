// AWS Network Firewall's stateless engine over a set of destination addresses: rule groups by
// Priority, rules by Priority, the first match's standard action (aws:pass, aws:drop,
// aws:forward_to_sfe) wins, else the policy's StatelessDefaultActions. Stateless rules see each
// packet alone, so the reply (target → function) is judged too.
import type { NetworkFirewallPortRange, NetworkFirewallStatelessRule } from '../../snapshot/services.js';
import { covers, overlaps, parseCidr, type Cidr } from '../../model/cidr.js';
import { IntervalSet } from '../../model/interval-set.js';
import { ALL_IPV4, cidrsSet } from '../../model/ipv4-set.js';

export type StatelessAction = 'pass' | 'drop' | 'forward' | 'doubt';
export interface StatelessPiece { addresses: IntervalSet; action: StatelessAction; why: string }

/** What the engine knows of the packet: the function's address (null once a NAT gateway rewrote it) and the port. */
export interface StatelessPacket { source: Cidr | null; port: number }

const EPHEMERAL = IntervalSet.range(1024, 65535);
const TCP = 6;

export function standardAction(actions: string[] | undefined): StatelessAction | null {
  for (const action of actions ?? []) {
    if (action === 'aws:pass') return 'pass';
    if (action === 'aws:drop') return 'drop';
    if (action === 'aws:forward_to_sfe') return 'forward';
  }
  return null;
}

function portSet(ranges: NetworkFirewallPortRange[] | undefined): IntervalSet | null {
  if (!ranges || ranges.length === 0) return null;
  return ranges.reduce((set, r) => set.union(IntervalSet.range(r.FromPort ?? 0, r.ToPort ?? r.FromPort ?? 65535)), IntervalSet.EMPTY);
}

function addressList(list: { AddressDefinition?: string }[] | undefined): Cidr[] | null {
  if (!list || list.length === 0) return null;
  return list.map((a) => parseCidr(a.AddressDefinition)).filter((c): c is Cidr => c !== null);
}

/** Whether one fixed address/port side matches: 'yes', 'no', or 'maybe' (the engine's view is not exact). */
function fixedMatch(cidrs: Cidr[] | null, address: Cidr | null): 'yes' | 'no' | 'maybe' {
  if (cidrs === null) return 'yes';
  if (address === null) return 'maybe';
  if (cidrs.some((c) => covers(c, address))) return 'yes';
  return cidrs.some((c) => overlaps(c, address)) ? 'maybe' : 'no';
}

function portMatch(ports: IntervalSet | null, wanted: IntervalSet): 'yes' | 'no' | 'maybe' {
  if (ports === null || ports.covers(wanted)) return 'yes';
  return ports.overlaps(wanted) ? 'maybe' : 'no';
}

interface RuleMatch { addresses: IntervalSet; exact: boolean }

/** The target addresses a rule matches, outbound (reply false) or on the reply (reply true). */
function ruleMatch(rule: NetworkFirewallStatelessRule, packet: StatelessPacket, reply: boolean): RuleMatch | null {
  const m = rule.RuleDefinition?.MatchAttributes ?? {};
  if (m.Protocols && m.Protocols.length > 0 && !m.Protocols.includes(TCP)) return null;
  const sources = addressList(m.Sources);
  const destinations = addressList(m.Destinations);
  const remote = reply ? sources : destinations;
  const local = fixedMatch(reply ? destinations : sources, packet.source);
  const port = IntervalSet.point(packet.port);
  const remotePort = portMatch(portSet(reply ? m.SourcePorts : m.DestinationPorts), port);
  const localPort = portMatch(portSet(reply ? m.DestinationPorts : m.SourcePorts), EPHEMERAL);
  const sides = [local, remotePort, localPort];
  if (sides.includes('no')) return null;
  const addresses = remote === null ? ALL_IPV4 : cidrsSet(remote);
  return { addresses, exact: !sides.includes('maybe') && !(m.TCPFlags && m.TCPFlags.length > 0) };
}

/** One direction through the stateless rules (already in evaluation order) and the default actions. */
export function statelessPass(rules: NetworkFirewallStatelessRule[], defaults: string[] | undefined, subject: IntervalSet, packet: StatelessPacket, reply: boolean): StatelessPiece[] {
  const pieces: StatelessPiece[] = [];
  let remaining = subject;
  const direction = reply ? 'reply' : 'outbound';
  for (const rule of rules) {
    if (remaining.isEmpty) break;
    const match = ruleMatch(rule, packet, reply);
    const hit = match ? remaining.intersect(match.addresses) : IntervalSet.EMPTY;
    if (!match || hit.isEmpty) continue;
    const action = standardAction(rule.RuleDefinition?.Actions) ?? 'doubt';
    const exact = match.exact && action !== 'doubt';
    pieces.push({ addresses: hit, action: exact ? action : 'doubt', why: exact ? `${direction}: stateless rule priority ${rule.Priority} ${action}` : `${direction}: stateless rule priority ${rule.Priority} matches on TCP flags, ports or addresses vpcdoctor cannot pin down` });
    remaining = remaining.subtract(hit);
  }
  if (!remaining.isEmpty) {
    const action = standardAction(defaults);
    pieces.push({ addresses: remaining, action: action ?? 'doubt', why: action ? `${direction}: stateless default action ${action === 'forward' ? 'aws:forward_to_sfe' : `aws:${action}`}` : `${direction}: no standard stateless default action` });
  }
  return pieces;
}
