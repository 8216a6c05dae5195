// `vpcdoctor probe` and the --probe hooks of check: thin wiring; src/probe/ does the work and is
// loaded only when a probe is asked for.
import type { Report } from '../analyze/types.js';
import type { Snapshot } from '../snapshot/types.js';

export interface ProbeCliOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** Probes every function of the report in place; a spinner on a terminal. */
export async function probeChecked(snapshot: Snapshot, report: Report, options: ProbeCliOptions): Promise<void> {
  const { probeReport } = await import('../probe/index.js');
  await probeReport(snapshot, report, { ...options, progress: process.stderr.isTTY === true && !options.quiet });
}

/** `probe --cleanup`: removes every probe function a crashed run left; exit 3 if one cannot be. */
export async function runProbeCleanup(options: ProbeCliOptions): Promise<number> {
  const { cleanupProbes } = await import('../probe/index.js');
  const { deleted, failed } = await cleanupProbes({ ...options, progress: false });
  if (!options.quiet) process.stderr.write(deleted.length > 0 ? `deleted ${deleted.length} probe function(s): ${deleted.join(', ')}\n` : 'no probe functions left behind\n');
  if (failed.length > 0) process.stderr.write(`vpcdoctor: could not delete ${failed.join(', ')}: delete them by hand (aws lambda delete-function --function-name NAME)\n`);
  return failed.length > 0 ? 3 : 0;
}
