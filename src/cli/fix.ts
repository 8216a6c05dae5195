// `check --fix`: plan, prove on the model, show, confirm, apply with a journal, verify against AWS
// (contract §5). Offline (`--snapshot`) it only plans and proves.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisRequest } from '../analyze/index.js';
import type { FunctionReport, Report } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { NetworkModel } from '../model/network.js';
import type { FixPlan, PlanOptions } from '../fix/index.js';
import type { Snapshot } from '../snapshot/types.js';

export interface FixOptions {
  dryRun?: boolean;
  yes?: boolean;
  snapshot?: string | string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  verbose?: boolean;
}

/** One proved (or refused) plan per function, attached to its report entry as contract §5 says. */
export async function planAndProve(snapshot: Snapshot, report: Report, request: AnalysisRequest, options: PlanOptions = {}): Promise<void> {
  const { planFix, proveFix } = await import('../fix/index.js');
  const model = new NetworkModel(snapshot);
  for (const fr of report.functions) {
    const single: Report = { schemaVersion: 1, functions: [fr] };
    const plan = planFix(snapshot, single, model, options);
    if (!plan.refused && plan.steps.length > 0) {
      const proof = proveFix(snapshot, plan, { functions: [fr.function.name], targets: request.targets }, single);
      plan.proved = proof.proved;
      if (!proof.proved) plan.refused = `the plan does not make the targets reachable on the model: ${proof.reason ?? 'see the findings'}`;
    }
    fr.plan = plan;
  }
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
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Applies the proved plans live (or validates them with EC2 DryRun); returns whether anything changed. */
export async function applyPlans(report: Report, options: FixOptions): Promise<boolean> {
  const plans = applicablePlans(report);
  if (plans.length === 0) return false;
  if (options.snapshot) return false;
  if (!options.dryRun && !options.yes) {
    if (!process.stdin.isTTY) throw new InputError('--fix changes your account: confirm on a terminal, or pass --yes (or --dry-run to only validate)');
    if (!(await confirm(`Apply ${plans.length === 1 ? 'this plan' : `these ${plans.length} plans`} to your AWS account? [y/N] `))) {
      process.stderr.write('Nothing applied.\n');
      return false;
    }
  }
  const { applyPlan, resolveOrigin, undoCommand } = await import('../fix/index.js');
  const { clientConfig, createEc2Client } = await import('../collect/clients.js');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ec2 = await createEc2Client(await clientConfig({ region: options.region, profile: options.profile, endpointUrl: options.endpointUrl, log: options.verbose ? log : undefined }));
  const directory = join(process.cwd(), '.vpcdoctor');
  if (!options.dryRun) mkdirSync(directory, { recursive: true });
  for (const { fr, plan } of plans) {
    const journalPath = join(directory, `journal-${fr.function.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    if (!fr.function.vpcId) throw new InputError(`${fr.function.name} is not in a VPC: nothing to apply`);
    const origin = options.dryRun ? undefined : await resolveOrigin(ec2, fr.function.vpcId, { profile: options.profile, endpoint: options.endpointUrl });
    const result = await applyPlan(plan, { ec2, journalPath, dryRun: options.dryRun, log, origin });
    log(options.dryRun
      ? `${fr.function.name}: AWS validated the plan (DryRun); nothing was changed.`
      : `${fr.function.name}: applied ${result.steps.length} steps; journal ${journalPath} (${undoCommand(journalPath, origin)} reverts it).`);
  }
  return !options.dryRun;
}

export async function runUndo(journal: string, options: FixOptions): Promise<number> {
  const { journalKey, readJournal, resolveOrigin, undoJournal } = await import('../fix/index.js');
  const { clientConfig, createEc2Client } = await import('../collect/clients.js');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // The journal says where it was applied; flags override, and a mismatch is refused before any change.
  const recorded = readJournal(journal, journalKey).origin;
  if (!recorded) throw new InputError(`${journal} records no account or Region (written by an older vpcdoctor): undo it by hand from its steps`);
  const settings = { region: options.region ?? recorded.region, profile: options.profile ?? recorded.profile, endpointUrl: options.endpointUrl ?? recorded.endpoint };
  const ec2 = await createEc2Client(await clientConfig(settings));
  const current = await resolveOrigin(ec2, recorded.vpcId, { profile: settings.profile, endpoint: settings.endpointUrl });
  const result = await undoJournal(journal, { ec2, log, current });
  log(`undone: ${journal} (${result.state})`);
  return 0;
}
