// The CI gate against a baseline: which paths got worse and which findings are new. Pure.
import type { Finding, Report, Severity, Verdict } from '../analyze/types.js';

export interface Regression {
  function: string;
  target: string;
  /** null: a target checked through no subnet (a function outside a VPC). */
  subnetId: string | null;
  /** 'absent': the baseline did not have this path (a new subnet or target). */
  before: Verdict | 'absent';
  after: Verdict;
}

export interface NewFinding { function: string; finding: Finding }

export interface BaselineComparison {
  regressions: Regression[];
  newFindings: NewFinding[];
}

const RANK: Record<Verdict, number> = { reachable: 3, partial: 2, unknown: 1, unreachable: 0 };

/** Every verdict of a report, keyed by function, target and subnet. */
export function verdictsOf(report: Report): Map<string, { fn: string; target: string; subnetId: string | null; verdict: Verdict }> {
  const out = new Map<string, { fn: string; target: string; subnetId: string | null; verdict: Verdict }>();
  for (const fr of report.functions) {
    for (const t of fr.targets) {
      const entries = t.paths.length > 0 ? t.paths.map((p) => ({ subnetId: p.subnetId, verdict: p.verdict as Verdict })) : [{ subnetId: null, verdict: t.verdict }];
      for (const e of entries) out.set(pathKey(fr.function.name, t.target, e.subnetId), { fn: fr.function.name, target: t.target, ...e });
    }
  }
  return out;
}

export function pathKey(fn: string, target: string, subnetId: string | null): string {
  return `${fn}\u0000${target}\u0000${subnetId ?? ''}`;
}

function findingKey(fn: string, f: Finding): string {
  return [fn, f.code, ...[...f.resourceIds].sort()].join('\u0000');
}

function worse(before: Verdict | 'absent', after: Verdict): boolean {
  if (before === 'absent') return after !== 'reachable';
  return before !== 'unreachable' && before !== 'unknown' && RANK[after] < RANK[before];
}

export function compareToBaseline(baseline: Report, current: Report): BaselineComparison {
  const before = verdictsOf(baseline);
  const regressions: Regression[] = [];
  for (const [key, now] of verdictsOf(current)) {
    const was = before.get(key)?.verdict ?? 'absent';
    if (worse(was, now.verdict)) regressions.push({ function: now.fn, target: now.target, subnetId: now.subnetId, before: was, after: now.verdict });
  }
  const known = new Set(baseline.functions.flatMap((fr) => fr.findings.map((f) => findingKey(fr.function.name, f))));
  const newFindings = current.functions.flatMap((fr) =>
    fr.findings.filter((f) => !known.has(findingKey(fr.function.name, f))).map((finding) => ({ function: fr.function.name, finding })));
  return { regressions, newFindings };
}

export type FailOn = 'error' | 'warning' | 'never';

const FAILING: Record<FailOn, Severity[]> = { error: ['error'], warning: ['error', 'warning'], never: [] };

/** The findings that fail the gate at this threshold. */
export function failingFindings(comparison: BaselineComparison, failOn: FailOn): NewFinding[] {
  return comparison.newFindings.filter((n) => FAILING[failOn].includes(n.finding.severity));
}

/** Exit code of a gated run: 1 on a regression or a new failing finding, else 0. */
export function gateExitCode(comparison: BaselineComparison, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  return comparison.regressions.length > 0 || failingFindings(comparison, failOn).length > 0 ? 1 : 0;
}

/** Exit code without a baseline: the verdicts' own (contract §2), or stricter/looser by --fail-on. */
export function thresholdExitCode(report: Report, verdictExit: number, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  if (failOn === 'warning' && verdictExit === 0 && report.functions.some((fr) => fr.findings.some((f) => f.severity === 'warning'))) return 1;
  return verdictExit;
}

export function regressionLine(r: Regression): string {
  const from = r.subnetId ? ` from ${r.subnetId}` : '';
  const was = r.before === 'absent' ? 'not in the baseline' : `was ${r.before}`;
  return `${r.function}: ${r.target}${from} ${was}, now ${r.after}`;
}
