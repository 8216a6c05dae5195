// `check --probe` and `vpcdoctor probe`: for each function of a report, one probe per subnet, the
// answers put beside the model's verdicts; leftovers of earlier crashed runs removed on the way.
import { randomUUID } from 'node:crypto';
import { findFunction } from '../analyze/index.js';
import type { FunctionReport, Report } from '../analyze/types.js';
import { AnalysisError } from '../errors.js';
import type { Snapshot } from '../snapshot/types.js';
import { findLeftovers, removeLeftovers, STALE_AFTER_MS } from './cleanup.js';
import { attachProbes } from './compare.js';
import { runProbes, type ProbeSubject, type Sender } from './lifecycle.js';
import { probePlan } from './targets.js';

export interface ProbeSettings {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  verbose?: boolean;
  /** Show a spinner (stderr is a terminal and output is not quiet). */
  progress: boolean;
}

/** The SDK's per-request timeout must outlast one invocation (the probe's own 30 s limit). */
const INVOKE_REQUEST_TIMEOUT_MS = 45_000;

export async function probeLambdaClient(settings: ProbeSettings): Promise<Sender> {
  const { clientConfig, createLambdaClient, CONNECTION_TIMEOUT_MS } = await import('../collect/clients.js');
  const log = settings.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const config = await clientConfig({ region: settings.region, profile: settings.profile, endpointUrl: settings.endpointUrl, log });
  config.requestHandler = { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: INVOKE_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true };
  return createLambdaClient(config);
}

/** Probes every function of the report (in place: paths[].probe, function.probe, PROBE_DISAGREES). */
export async function probeReport(snapshot: Snapshot, report: Report, settings: ProbeSettings, lambda?: Sender): Promise<void> {
  const client = lambda ?? await probeLambdaClient(settings);
  const { startProgress } = await import('../collect/progress.js');
  const progress = startProgress(settings.progress, 'probing');
  const stale = sweepStale(client);
  try {
    for (const fr of report.functions) {
      const subject = subjectOf(snapshot, fr);
      const plan = probePlan(fr);
      if (!subject || plan.targets.length === 0) continue;
      const run = await runProbes(subject, plan.targets, {
        lambda: client, region: snapshot.region, runId: randomUUID(),
        onStep: (text) => progress.text(`${fr.function.name}: ${text}`),
      });
      attachProbes(fr, plan, run.subnets);
      if (run.leftovers.length > 0) {
        throw new AnalysisError(`could not delete the probe functions ${run.leftovers.join(', ')}: run vpcdoctor probe --cleanup, or delete them by hand`);
      }
    }
  } finally {
    progress.stop();
    const note = await stale;
    if (note) process.stderr.write(`vpcdoctor: ${note}\n`);
  }
}

/** What a probe of this function copies: its role, security groups, and each subnet with its AZ. */
function subjectOf(snapshot: Snapshot, fr: FunctionReport): ProbeSubject | undefined {
  if (fr.function.subnetIds.length === 0) return undefined;
  const fn = findFunction(snapshot, fr.function.arn || fr.function.name);
  const role = typeof fn.Role === 'string' ? fn.Role : undefined;
  if (!role) throw new AnalysisError(`${fr.function.name}: GetFunctionConfiguration returned no execution role, which the probe needs`);
  const subnets = fr.function.subnetIds.map((subnetId) => ({
    subnetId,
    availabilityZone: fr.function.subnets?.find((s) => s.subnetId === subnetId)?.availabilityZone
      ?? fr.targets.flatMap((t) => t.paths).find((p) => p.subnetId === subnetId)?.availabilityZone ?? 'az',
  }));
  return { functionName: fr.function.name, role, securityGroupIds: fr.function.securityGroupIds, subnets, ipv6AllowedForDualStack: fn.VpcConfig?.Ipv6AllowedForDualStack === true };
}

/** Deletes probes an earlier run left (older than 15 min); a note to print, never a failure of this run. */
async function sweepStale(lambda: Sender): Promise<string | undefined> {
  try {
    const { deleted, failed } = await removeLeftovers(lambda, await findLeftovers(lambda, { olderThanMs: STALE_AFTER_MS }));
    if (failed.length > 0) return `could not delete probe functions left by an earlier run: ${failed.join(', ')}`;
    return deleted.length > 0 ? `deleted ${deleted.length} probe function(s) an earlier run left behind: ${deleted.join(', ')}` : undefined;
  } catch (error) {
    return `could not look for probe functions an earlier run left behind (${(error as Error).name ?? 'error'}); vpcdoctor probe --cleanup retries`;
  }
}

/** `probe --cleanup`: every tagged probe function, whatever its age. */
export async function cleanupProbes(settings: ProbeSettings): Promise<{ deleted: string[]; failed: string[] }> {
  const lambda = await probeLambdaClient(settings);
  const { toUserError } = await import('../collect/errors.js');
  const { regionFromEnvironment } = await import('../collect/clients.js');
  const leftovers = await findLeftovers(lambda).catch((error: unknown) => {
    throw toUserError(error, { action: 'lambda:ListFunctions', region: regionFromEnvironment(settings.region) ?? 'the default Region', endpointUrl: settings.endpointUrl });
  });
  return removeLeftovers(lambda, leftovers);
}
