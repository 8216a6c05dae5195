// Network ACLs are stateless and ordered: rules by ascending number, the first that matches the
// packet decides, and the final `*` rule denies. A port range is evaluated port by port in effect:
// every port of the range must end up allowed (the reply range 1024-65535 especially, since a
// Lambda picks any of them as its source port).
import type { NetworkAcl, NetworkAclEntry } from '../snapshot/types.js';
import { blockMatches, blockTouches, type AddressSet } from './addresses.js';
import { parseCidr } from './cidr.js';

export type Direction = 'egress' | 'ingress';
export type PortRange = readonly [number, number];

export interface AclVerdict {
  allowed: boolean;
  /** The rule numbers that denied some of the ports ('*' for the default deny). */
  denyingRules: string[];
  deniedPorts: PortRange[];
}

const protocolMatchesTcp = (protocol: string | undefined): boolean => protocol === '-1' || protocol === '6' || protocol === 'tcp' || protocol === 'all';

function entryPorts(entry: NetworkAclEntry): PortRange {
  if (entry.Protocol === '-1' || entry.Protocol === 'all' || !entry.PortRange) return [0, 65535];
  return [entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535];
}

function subtract(ranges: PortRange[], cut: PortRange): { kept: PortRange[]; removed: PortRange[] } {
  const kept: PortRange[] = [];
  const removed: PortRange[] = [];
  for (const [from, to] of ranges) {
    const lo = Math.max(from, cut[0]);
    const hi = Math.min(to, cut[1]);
    if (lo > hi) { kept.push([from, to]); continue; }
    removed.push([lo, hi]);
    if (from < lo) kept.push([from, lo - 1]);
    if (hi < to) kept.push([hi + 1, to]);
  }
  return { kept, removed };
}

export function evaluateAcl(acl: NetworkAcl, direction: Direction, peer: AddressSet, ports: PortRange): AclVerdict {
  const entries = (acl.Entries ?? [])
    .filter((e) => (e.Egress ?? false) === (direction === 'egress') && e.CidrBlock !== undefined)
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  let remaining: PortRange[] = [ports];
  const deniedPorts: PortRange[] = [];
  const denyingRules: string[] = [];
  for (const entry of entries) {
    if (remaining.length === 0) break;
    const block = parseCidr(entry.CidrBlock);
    if (!block) continue;
    // An allow must cover every address we might be; a deny that catches any of them blocks.
    const applies = entry.RuleAction === 'deny' ? blockTouches(block, peer) : blockMatches(block, peer);
    if (!protocolMatchesTcp(entry.Protocol) || !applies) continue;
    const { kept, removed } = subtract(remaining, entryPorts(entry));
    if (removed.length === 0) continue;
    remaining = kept;
    if (entry.RuleAction === 'deny') {
      deniedPorts.push(...removed);
      denyingRules.push(entry.RuleNumber === 32767 ? '*' : String(entry.RuleNumber));
    }
  }
  if (remaining.length > 0) {
    deniedPorts.push(...remaining);
    if (!denyingRules.includes('*')) denyingRules.push('*');
  }
  return { allowed: deniedPorts.length === 0, denyingRules, deniedPorts };
}

export function formatPorts(ranges: PortRange[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ');
}
