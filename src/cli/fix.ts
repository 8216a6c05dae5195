// `check --fix`: plan, prove on the model, show, confirm, apply with a journal, verify against AWS
// (contract §5). Offline (`--snapshot`) it only plans and proves.
import type { AnalysisRequest } from '../analyze/index.js';
import type { FunctionReport, Report } from '../analyze/types.js';
import { AnalysisError, InputError } from '../errors.js';
import { NetworkModel } from '../model/network.js';
import type { ApplyResult, FixLimits, FixPlan, JournalOrigin, PlanOptions, Proof } from '../fix/index.js';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../snapshot/types.js';
import { watchSignals } from './signals.js';

export interface FixOptions {
  dryRun?: boolean;
  yes?: boolean;
  snapshot?: string | string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  verbose?: boolean;
  /** --journal: the journal file, or the directory for them (default: the user's state directory). */
  journal?: string;
}

/** One proved (or refused) plan per function, attached to its report entry as contract §5 says; returns the proofs (by function entry). */
export async function planAndProve(snapshot: Snapshot, report: Report, request: AnalysisRequest, options: PlanOptions = {}, live?: FixOptions): Promise<Map<FunctionReport, Proof>> {
  const { PlanClaims, planFix, proveFix } = await import('../fix/index.js');
  const model = new NetworkModel(snapshot);
  const proofs = new Map<FunctionReport, Proof>();
  const limits = live ? await readLimits(model, report, live) : undefined;
  const claims = new PlanClaims();
  for (const fr of report.functions) {
    const single: Report = { schemaVersion: 1, functions: [fr] };
    const plan = planFix(snapshot, single, model, { ...options, ...(limits ? { limits: limits.limits } : {}) });
    for (const what of limits?.unread ?? []) (plan.notes ??= []).push(`not checked before planning: ${what}`);
    if (!plan.refused && plan.steps.length > 0) {
      const proof = proveFix(snapshot, plan, { functions: [fr.function.name], targets: request.targets }, single);
      proofs.set(fr, proof);
      plan.proved = proof.proved;
      if (!proof.proved) plan.refused = `the plan does not make the targets reachable on the model: ${proof.reason ?? 'see the findings'}`;
      else plan.refused = claims.claim(fr.function.name, plan);
      // Proved alone, but refused in this run: it must not read as a plan ready to apply.
      if (plan.refused && plan.proved) delete plan.proved;
      // The Elastic IPs this plan allocates are no longer free for the next one.
      const quota = limits?.limits.elasticIps;
      if (!plan.refused && quota) quota.used += plan.steps.filter((s) => s.action === 'AllocateAddress').length;
    }
    fr.plan = plan;
  }
  return proofs;
}

/** Live --fix only: the account limits the planner checks (Elastic IP quota, endpoint service AZs). */
async function readLimits(model: NetworkModel, report: Report, options: FixOptions): Promise<{ limits: FixLimits; unread: string[] }> {
  const { endpointServiceNames } = await import('../fix/index.js');
  const { collectFixLimits } = await import('../collect/fix-limits.js');
  const ec2 = await ec2For(options);
  return collectFixLimits(ec2, { region: await ec2.config.region(), endpointUrl: options.endpointUrl, log: options.verbose ? stderrLog : undefined }, endpointServiceNames(model, report));
}

export async function renderPlans(report: Report, width?: number): Promise<string> {
  const { renderPlan } = await import('../fix/index.js');
  return report.functions.map((fr) => `\n${renderPlan(fr.plan as FixPlan, width, `${fr.function.name}: `)}\n`).join('');
}

export function applicablePlans(report: Report): { fr: FunctionReport; plan: FixPlan }[] {
  return report.functions
    .map((fr) => ({ fr, plan: fr.plan as FixPlan }))
    .filter(({ plan }) => !plan.refused && plan.steps.length > 0 && plan.proved === true);
}

async function confirm(question: string): Promise<boolean> {
  // Imported here: every check loads this module, only --fix without --yes asks.
  return (await import('./confirm.js')).ask(question);
}

/** Asks on a terminal unless --yes or --dry-run; without a terminal and --yes: exit 2. Whether to go on. */
export async function confirmApply(what: string, options: FixOptions, command = '--fix'): Promise<boolean> {
  if (options.dryRun || options.yes) return true;
  if (!process.stdin.isTTY) throw new InputError(`${command} changes your account: confirm on a terminal, or pass --yes (or --dry-run to only validate)`);
  if (await confirm(`Apply ${what} to your AWS account? [y/N] `)) return true;
  process.stderr.write('Nothing applied.\n');
  return false;
}

export const stderrLog = (line: string) => process.stderr.write(`${line}\n`);

export async function ec2For(options: FixOptions): Promise<EC2Client> {
  const { clientConfig, createEc2Client } = await import('../collect/clients.js');
  return createEc2Client(await clientConfig({ region: options.region, profile: options.profile, endpointUrl: options.endpointUrl, log: options.verbose ? stderrLog : undefined }));
}

/** Where the journals of these functions go (--journal, else the state directory), checked
 *  writable, with the seal key at hand: settled before anything is asked or sent. None for a dry run. */
export async function journalsFor(names: string[], options: FixOptions): Promise<string[]> {
  if (options.dryRun) return [];
  const { journalKey, journalPaths } = await import('../fix/index.js');
  const paths = journalPaths(options.journal, names);
  journalKey();
  return paths;
}

/** One function's plan through the applier, journaled at `journalPath` (or validated with EC2 DryRun). `origin`: already resolved (apply PLAN). */
export async function applyOne(ec2: EC2Client, name: string, vpcId: string, plan: FixPlan, options: FixOptions, origin?: JournalOrigin, journalPath?: string): Promise<ApplyResult> {
  const { applyPlan, checkInternetGateways, journalKey, leftoverText, readJournal, resolveOrigin, undoCommand } = await import('../fix/index.js');
  const journal = journalPath ?? (await journalsFor([name], options))[0] ?? '';
  const where = options.dryRun ? undefined : origin ?? await resolveOrigin(ec2, vpcId, { profile: options.profile, endpoint: options.endpointUrl });
  // What the journal on disk says is still applied, for a second Ctrl-C (it is saved after every call).
  const leftover = () => {
    try {
      return leftoverText(readJournal(journal, journalKey), journal);
    } catch {
      return `See ${journal}; ${undoCommand(journal, where)} reverts what it records.`;
    }
  };
  const watch = options.dryRun ? undefined : watchSignals(leftover, stderrLog);
  let result: ApplyResult;
  try {
    // One fix at a time per VPC: the lock tag is taken before the first change and released after the last.
    result = await applyPlan(plan, { ec2, journalPath: journal, dryRun: options.dryRun, log: stderrLog, origin: where, signal: watch?.signal, lock: {}, preflight: (p) => checkInternetGateways(ec2, p) });
  } finally {
    watch?.stop();
  }
  if (options.dryRun && !result.ok) {
    const refused = result.steps.filter((s) => s.status === 'failed');
    throw new AnalysisError(`${name}: AWS would refuse ${refused.length} of the plan's calls (DryRun): ${refused.map((s) => `step ${s.index} ${s.action}: ${s.detail ?? ''}`).join('; ')}; nothing was changed`);
  }
  stderrLog(options.dryRun
    ? `${name}: AWS validated the plan (DryRun); nothing was changed.`
    : `${name}: applied ${result.steps.length} steps; journal ${journal} (${undoCommand(journal, where)} reverts it).`);
  return result;
}

/** Applies the proved plans live (or validates them with EC2 DryRun); returns whether anything changed. */
export async function applyPlans(report: Report, options: FixOptions): Promise<boolean> {
  const plans = applicablePlans(report);
  if (plans.length === 0) return false;
  if (options.snapshot) return false;
  const journals = await journalsFor(plans.map(({ fr }) => fr.function.name), options);
  if (!(await confirmApply(plans.length === 1 ? 'this plan' : `these ${plans.length} plans`, options))) return false;
  const ec2 = await ec2For(options);
  for (const [i, { fr, plan }] of plans.entries()) {
    if (!fr.function.vpcId) throw new InputError(`${fr.function.name} is not in a VPC: nothing to apply`);
    await applyOne(ec2, fr.function.name, fr.function.vpcId, plan, options, undefined, journals[i]);
  }
  return !options.dryRun;
}

export async function runUndo(journal: string, options: FixOptions): Promise<number> {
  const { journalKey, readJournal, renderUndoPlan, resolveOrigin, undoJournal } = await import('../fix/index.js');
  const log = stderrLog;
  // The journal says where it was applied; flags override, and a mismatch is refused before any change.
  const recorded = readJournal(journal, journalKey).origin;
  if (!recorded) throw new InputError(`${journal} records no account or Region (written by an older vpcdoctor): undo it by hand from its steps`);
  if (!options.dryRun && !options.yes && !process.stdin.isTTY) {
    throw new InputError('undo changes your account: confirm on a terminal, or pass --yes (or --dry-run to only validate); nothing was sent');
  }
  const settings = { ...options, region: options.region ?? recorded.region, profile: options.profile ?? recorded.profile, endpointUrl: options.endpointUrl ?? recorded.endpoint };
  const ec2 = await ec2For(settings);
  const current = await resolveOrigin(ec2, recorded.vpcId, { profile: settings.profile, endpoint: settings.endpointUrl });
  let decision = 'nothing' as 'nothing' | 'declined' | 'go';
  const result = await undoJournal(journal, {
    ec2, log, current, dryRun: options.dryRun, lock: {},
    confirm: async (calls, read) => {
      log(renderUndoPlan(calls, read, journal));
      if (calls.length === 0) return false;
      const yes = options.dryRun || options.yes || (await confirm(`Send ${calls.length === 1 ? 'this call' : `these ${calls.length} calls`} to your AWS account? [y/N] `));
      decision = yes ? 'go' : 'declined';
      return yes;
    },
  });
  if (decision === 'declined') log('Nothing undone.');
  else if (decision === 'go') log(options.dryRun ? 'undo --dry-run: AWS validated every call (DryRun); nothing was changed.' : `undone: ${journal} (${result.state})`);
  return 0;
}
