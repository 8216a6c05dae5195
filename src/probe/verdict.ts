// The exit code once probes ran: a real connection that failed is a failure, whatever the model says.
import type { Report } from '../analyze/types.js';
import { exitCodeOf } from '../analyze/verdicts.js';

const FAILED = new Set(['timeout', 'refused', 'dns-failed', 'dns-timeout', 'tls-failed', 'deadline']);

export function exitCodeWithProbe(report: Report): 0 | 1 | 3 {
  const failed = report.functions.some((fr) => fr.targets.some((t) => t.paths.some((p) => p.probe !== undefined && FAILED.has(p.probe.outcome))));
  return failed ? 1 : exitCodeOf(report);
}
