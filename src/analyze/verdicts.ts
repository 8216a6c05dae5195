// Verdicts and the exit code are pure functions of the hops (contract §2, §4).
import type { FunctionReport, Hop, PathResult, PathVerdict, Report, Verdict } from './types.js';

export function pathVerdict(hops: Hop[]): PathVerdict {
  if (hops.some((h) => h.ok === false)) return 'unreachable';
  if (hops.some((h) => h.ok === null)) return 'unknown';
  return 'reachable';
}

export function targetVerdict(paths: PathResult[]): Verdict {
  const count = (v: PathVerdict) => paths.filter((p) => p.verdict === v).length;
  const [reachable, unreachable, unknown] = [count('reachable'), count('unreachable'), count('unknown')];
  if (count('partial') > 0) return 'partial';
  if (unreachable > 0) return reachable > 0 ? 'partial' : 'unreachable';
  if (unknown > 0) return 'unknown';
  return paths.length === 0 ? 'unknown' : 'reachable';
}

const WORST_FIRST: Verdict[] = ['unreachable', 'partial', 'unknown', 'reachable'];

export function worstVerdict(verdicts: Verdict[]): Verdict {
  return WORST_FIRST.find((v) => verdicts.includes(v)) ?? 'reachable';
}

export function functionVerdict(report: Pick<FunctionReport, 'targets'>): Verdict {
  return worstVerdict(report.targets.map((t) => t.verdict));
}

/** 1 if anything is unreachable or partial; else 3 if anything is unknown; else 0. */
export function exitCodeOf(report: Report): 0 | 1 | 3 {
  const verdicts = report.functions.map((f) => f.verdict);
  if (verdicts.includes('unreachable') || verdicts.includes('partial')) return 1;
  if (verdicts.includes('unknown')) return 3;
  return 0;
}
