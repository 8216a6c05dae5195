// Network ACL words shared by the set engine (nacl-set.ts, which evaluates them) and the trace:
// the rule direction, a port range, and port ranges in words.

export type Direction = 'egress' | 'ingress';
export type PortRange = readonly [number, number];

export function formatPorts(ranges: PortRange[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ');
}
