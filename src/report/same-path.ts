// Targets that travel the same road: `ses` after `internet` crosses the same ENI, groups, ACLs,
// tables and NAT gateway from every subnet and differs only in its name lookup and its last hop.
// The text report prints such a target once, as "the same hops as …", instead of twice.
import type { FunctionReport, Hop, PathResult, TargetResult } from '../analyze/types.js';

/** A passing name lookup is not part of the road (a failing one is: it decides the path). */
const isLookup = (h: Hop): boolean => h.kind === 'dns' && h.ok === true;

/** The hops that differ between targets on one road: passing lookups and the destination itself. */
export function ownHops(p: PathResult): Hop[] {
  return p.hops.filter((h, i) => isLookup(h) || i === p.hops.length - 1);
}

function roadKey(p: PathResult): string {
  const road = p.hops.slice(0, -1).filter((h) => !isLookup(h));
  const { hops: _hops, blocked, unknown, ...rest } = p;
  // Slices name their hop by index; the road compares the hop itself (a DNS hop shifts the index).
  const at = <T extends { hop: number }>(slices: T[] | undefined) => slices?.map((s) => ({ ...s, hop: `${p.hops[s.hop]?.kind} ${p.hops[s.hop]?.id}` }));
  // Everything but the own hops takes part, so a path that a newer field tells apart is never merged.
  return JSON.stringify({ ...rest, blocked: at(blocked), unknown: at(unknown), road, last: p.hops.at(-1)?.ok, lastKind: p.hops.at(-1)?.kind });
}

function targetKey(t: TargetResult): string | undefined {
  if (t.paths.length === 0) return undefined;
  return JSON.stringify([t.verdict, t.destination.port, t.destination.protocol, t.paths.map(roadKey)]);
}

/** Each target whose paths repeat an earlier target's up to the last hop, mapped to that target. */
export function repeatedTargets(fr: FunctionReport): Map<TargetResult, TargetResult> {
  const first = new Map<string, TargetResult>();
  const repeats = new Map<TargetResult, TargetResult>();
  for (const t of fr.targets) {
    const key = targetKey(t);
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier) repeats.set(t, earlier);
    else first.set(key, t);
  }
  return repeats;
}
