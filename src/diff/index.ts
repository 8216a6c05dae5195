// `vpcdoctor diff BEFORE AFTER`: every target × subnet whose verdict changed, and the resource
// changes on its path that explain it, found by comparing the two paths hop by hop. Pure.
import type { FindingCode } from '../analyze/codes.js';
import { analyze, type AnalysisRequest } from '../analyze/index.js';
import type { Hop, HopKind, Report, Verdict } from '../analyze/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { pathKey, verdictsOf } from './baseline.js';
import { replacement, resourceChanges, type ChangeAction } from './resources.js';

export interface HopChange {
  /** 1-based hop index on the AFTER path (on the BEFORE path for a hop no longer there). */
  hop: number;
  kind: HopKind;
  id: string;
  action: ChangeAction;
  text: string;
  /** The finding codes raised at this hop in AFTER. */
  codes: FindingCode[];
}

export interface VerdictChange {
  function: string;
  target: string;
  subnetId: string | null;
  before: Verdict | 'absent';
  after: Verdict | 'absent';
  changes: HopChange[];
  /** Codes on the AFTER path that BEFORE did not have: the findings the change caused. */
  newCodes: FindingCode[];
}

export interface SnapshotDiff {
  changed: VerdictChange[];
  /** Count of target × subnet verdicts that did not change, by verdict. */
  unchanged: Partial<Record<Verdict, number>>;
}

type Paths = Map<string, Hop[]>;

function pathsOf(report: Report): Paths {
  const out: Paths = new Map();
  for (const fr of report.functions) for (const t of fr.targets) for (const p of t.paths) out.set(pathKey(fr.function.name, t.target, p.subnetId), p.hops);
  return out;
}

/** Hops paired by a longest common subsequence of their kinds: the same role on both paths. */
function align(a: Hop[], b: Hop[]): [number | null, number | null][] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i]![j] = a[i]!.kind === b[j]!.kind ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const pairs: [number | null, number | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.kind === b[j]!.kind) pairs.push([i++, j++]);
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) pairs.push([i++, null]);
    else pairs.push([null, j++]);
  }
  while (i < n) pairs.push([i++, null]);
  while (j < m) pairs.push([null, j++]);
  return pairs;
}

const NOT_RESOURCES: HopKind[] = ['internet', 'dns'];

export function comparePaths(before: Hop[], after: Hop[], snapBefore: Snapshot, snapAfter: Snapshot): HopChange[] {
  const out: HopChange[] = [];
  const seen = new Set<string>();
  const structural = new Set<HopChange>();
  const push = (hop: number, h: Hop, action: ChangeAction, text: string, onlyStructure = false) => {
    if (seen.has(text)) return;
    seen.add(text);
    const change: HopChange = { hop, kind: h.kind, id: h.id, action, text, codes: h.codes ?? [] };
    out.push(change);
    if (onlyStructure) structural.add(change);
  };
  for (const [i, j] of align(before, after)) {
    const a = i === null ? undefined : before[i];
    const b = j === null ? undefined : after[j];
    if (a && b) {
      if (NOT_RESOURCES.includes(b.kind)) continue;
      const changes = a.id !== b.id ? replacement(b.kind, a.id, b.id, snapBefore, snapAfter) : resourceChanges(b.kind, b.id, snapBefore, snapAfter);
      for (const c of changes) push(j! + 1, b, c.action, c.text);
    } else if (a) push(i! + 1, a, 'removed', `${a.kind.replace(/-/g, ' ')} ${a.id} is no longer on the path`, true);
    else if (b) push(j! + 1, b, 'added', `the path now goes through ${b.kind.replace(/-/g, ' ')} ${b.id}`, true);
  }
  // Hops that only appeared or disappeared follow from a change before them: show them only alone.
  const causes = out.filter((c) => !structural.has(c));
  return causes.length > 0 ? causes : out;
}

const codesOf = (hops: Hop[] | undefined) => new Set((hops ?? []).flatMap((h) => h.codes ?? []));

/** The verdict changes between two snapshots for the same request (functions and targets). */
export function diffSnapshots(before: Snapshot, after: Snapshot, request: AnalysisRequest): SnapshotDiff {
  const [rb, ra] = [analyze(before, request), analyze(after, request)];
  const [vb, va] = [verdictsOf(rb), verdictsOf(ra)];
  const [pb, pa] = [pathsOf(rb), pathsOf(ra)];
  const changed: VerdictChange[] = [];
  const unchanged: Partial<Record<Verdict, number>> = {};
  for (const key of new Set([...va.keys(), ...vb.keys()])) {
    const [was, now] = [vb.get(key), va.get(key)];
    const entry = (now ?? was)!;
    if (was && now && was.verdict === now.verdict) {
      unchanged[now.verdict] = (unchanged[now.verdict] ?? 0) + 1;
      continue;
    }
    const oldCodes = codesOf(pb.get(key));
    changed.push({
      function: entry.fn, target: entry.target, subnetId: entry.subnetId,
      before: was?.verdict ?? 'absent', after: now?.verdict ?? 'absent',
      changes: comparePaths(pb.get(key) ?? [], pa.get(key) ?? [], before, after),
      newCodes: [...codesOf(pa.get(key))].filter((c) => !oldCodes.has(c)),
    });
  }
  return { changed, unchanged };
}

/** The functions to compare when none are named: every VPC function in either snapshot. */
export function functionsOf(before: Snapshot, after: Snapshot): string[] {
  const names = [...after.functions, ...before.functions].filter((f) => (f.VpcConfig?.SubnetIds ?? []).length > 0).map((f) => f.FunctionName ?? '');
  return [...new Set(names)].filter(Boolean).filter((n) => before.functions.some((f) => f.FunctionName === n) && after.functions.some((f) => f.FunctionName === n));
}
