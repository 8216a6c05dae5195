// Network ACLs over sets: rules in ascending number, the first rule that matches a packet decides
// (nacl-rules), evaluated for every (address, port) point of the traffic at once by carving the
// traffic into rectangles of addresses × ports as each rule takes its share.
import type { NetworkAcl, NetworkAclEntry } from '../snapshot/types.js';
import { parseCidr } from './cidr.js';
import { IntervalSet } from './interval-set.js';
import { cidrSet } from './ipv4-set.js';
import type { Direction } from './nacl.js';

/** A slice of traffic: remote addresses × ports. */
export interface Slice {
  addresses: IntervalSet;
  ports: IntervalSet;
}

export interface AclDecision {
  allowed: Slice[];
  /** Denied slices, each with the rule that denied it ('*' for the final default deny). */
  denied: (Slice & { rule: string })[];
}

const TCP_PROTOCOLS = new Set(['-1', '6', 'tcp', 'all']);

export const ALL_PORTS = IntervalSet.range(0, 65535);

function entryPorts(entry: NetworkAclEntry): IntervalSet {
  if (entry.Protocol === '-1' || entry.Protocol === 'all' || !entry.PortRange) return ALL_PORTS;
  return IntervalSet.range(entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535);
}

/** The direction's IPv4 tcp-matching entries, in evaluation order. */
export function orderedEntries(acl: NetworkAcl, direction: Direction): NetworkAclEntry[] {
  return (acl.Entries ?? [])
    .filter((e) => (e.Egress ?? false) === (direction === 'egress') && e.CidrBlock !== undefined && TCP_PROTOCOLS.has(e.Protocol ?? ''))
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
}

const ruleName = (entry: NetworkAclEntry): string => (entry.RuleNumber === 32767 ? '*' : String(entry.RuleNumber));

/** First match over every point of `traffic`; what no rule matches falls to the implicit deny. */
export function decideAcl(acl: NetworkAcl, direction: Direction, traffic: Slice): AclDecision {
  let rest: Slice[] = traffic.addresses.isEmpty || traffic.ports.isEmpty ? [] : [traffic];
  const decision: AclDecision = { allowed: [], denied: [] };
  for (const entry of orderedEntries(acl, direction)) {
    if (rest.length === 0) break;
    const block = parseCidr(entry.CidrBlock);
    if (!block) continue;
    const [addresses, ports] = [cidrSet(block), entryPorts(entry)];
    const next: Slice[] = [];
    for (const slice of rest) {
      const hit = { addresses: slice.addresses.intersect(addresses), ports: slice.ports.intersect(ports) };
      if (hit.addresses.isEmpty || hit.ports.isEmpty) {
        next.push(slice);
        continue;
      }
      if (entry.RuleAction === 'allow') decision.allowed.push(hit);
      else decision.denied.push({ ...hit, rule: ruleName(entry) });
      const missedPorts = slice.ports.subtract(ports);
      const missedAddresses = slice.addresses.subtract(addresses);
      if (!missedPorts.isEmpty) next.push({ addresses: hit.addresses, ports: missedPorts });
      if (!missedAddresses.isEmpty) next.push({ addresses: missedAddresses, ports: slice.ports });
    }
    rest = next;
  }
  for (const slice of rest) decision.denied.push({ ...slice, rule: '*' });
  return decision;
}

/** Per group of remote addresses, which of the ports are denied (and by which rules). */
export interface DeniedPorts {
  addresses: IntervalSet;
  ports: IntervalSet;
  rules: string[];
}

/** Regroups a decision by address: each address range with the ports denied to it (none listed when all pass). */
export function deniedPortsByAddress(decision: AclDecision, addresses: IntervalSet): DeniedPorts[] {
  let groups: DeniedPorts[] = [{ addresses, ports: IntervalSet.EMPTY, rules: [] }];
  for (const denied of decision.denied) {
    const next: DeniedPorts[] = [];
    for (const group of groups) {
      const inside = group.addresses.intersect(denied.addresses);
      const outside = group.addresses.subtract(denied.addresses);
      if (!inside.isEmpty) next.push({ addresses: inside, ports: group.ports.union(denied.ports), rules: group.rules.includes(denied.rule) ? group.rules : [...group.rules, denied.rule] });
      if (!outside.isEmpty) next.push({ ...group, addresses: outside });
    }
    groups = next;
  }
  return groups.filter((g) => !g.ports.isEmpty);
}
