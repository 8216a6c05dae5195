// `check --fix --plan-out FILE` writes the proved plan; `vpcdoctor apply FILE` applies exactly that
// plan, once the network is seen to be as it was (fingerprints) and the plan proves again.
import type { AnalysisRequest } from '../analyze/index.js';
import type { FunctionReport, Report } from '../analyze/types.js';
import { exitCodeOf } from '../analyze/verdicts.js';
import { InputError } from '../errors.js';
import type { Proof } from '../fix/index.js';
import { renderText } from '../report/text.js';
import type { Snapshot } from '../snapshot/types.js';
import { VERSION } from '../version.js';
import { applicablePlans, applyOne, confirmApply, ec2For, journalsFor, stderrLog, type FixOptions } from './fix.js';
import { terminalWidth, useColor } from './terminal.js';

export interface PlanOutOptions {
  planOut: string;
  profile?: string;
  endpointUrl?: string;
  quiet?: boolean;
}

/** Writes the one applicable plan of the report to `options.planOut`; refuses several. Applies nothing. */
export async function writePlanOut(snapshot: Snapshot, report: Report, request: AnalysisRequest, proofs: Map<FunctionReport, Proof>, options: PlanOutOptions): Promise<void> {
  const fix = await import('../fix/index.js');
  const plans = applicablePlans(report);
  if (plans.length > 1) throw new InputError(`--plan-out holds one function's plan, and ${plans.length} functions have one: name one function`);
  if (plans.length === 0) {
    stderrLog(`no plan written to ${options.planOut}: ${report.functions.map((fr) => (fr.plan as { refused?: string | null } | undefined)?.refused ?? 'nothing to repair').join('; ')}`);
    return;
  }
  const [{ fr, plan }] = plans as [(typeof plans)[number]];
  const vpcId = fr.function.vpcId;
  if (!vpcId) throw new InputError(`${fr.function.name} is not in a VPC: nothing to plan`);
  const name = request.functions[report.functions.indexOf(fr)] ?? fr.function.name;
  const origin = fix.originOfSnapshot(snapshot, vpcId, { profile: options.profile, endpoint: options.endpointUrl });
  const ids = fix.planResources(snapshot, plan, fr.function.subnetIds);
  fix.writePlanFile(options.planOut, {
    vpcdoctorPlan: fix.PLAN_FORMAT, createdAt: new Date().toISOString(), vpcdoctorVersion: VERSION,
    function: name, ...(request.targets ? { targets: request.targets } : {}), functionSubnets: fr.function.subnetIds, origin,
    verdictBefore: fr.verdict, verdictAfter: proofs.get(fr)?.after.functions[0]?.verdict ?? 'unknown',
    plan, fingerprints: fix.fingerprint(snapshot, ids, plan),
  }, fix.journalKey());
  const flags = [`--region ${origin.region}`, ...(origin.profile ? [`--profile ${origin.profile}`] : []), ...(origin.endpoint ? [`--endpoint-url ${origin.endpoint}`] : [])];
  if (!options.quiet) stderrLog(`plan written to ${options.planOut} (${plan.steps.length} steps, ${ids.length} resources fingerprinted); nothing applied. Apply it with: vpcdoctor apply ${options.planOut} ${flags.join(' ')}`);
}

/** `vpcdoctor apply PLAN [--yes] [--dry-run]`. */
export async function runApply(path: string, options: FixOptions): Promise<number> {
  const fix = await import('../fix/index.js');
  const document = fix.readPlanFile(path, fix.journalKey);
  const recorded = document.origin;
  // The plan says where it was made; flags override, and a mismatch is refused before any change.
  const settings: FixOptions = { ...options, region: options.region ?? recorded.region, profile: options.profile ?? recorded.profile, endpointUrl: options.endpointUrl ?? recorded.endpoint };
  const ec2 = await ec2For(settings);
  const current = await fix.resolveOrigin(ec2, recorded.vpcId, { profile: settings.profile, endpoint: settings.endpointUrl });
  fix.checkSameOrigin(recorded, current, path, 'was planned');
  const collect = async () => (await import('../collect/index.js')).collectSnapshot({
    functions: [document.function], region: settings.region, profile: settings.profile, endpointUrl: settings.endpointUrl, log: settings.verbose ? stderrLog : undefined,
  });
  const before = fix.checkPlanStillHolds(document, await collect(), path);
  stderrLog(`${path}: ${document.function} in account ${recorded.account}, ${recorded.region} (${recorded.vpcId}), planned ${document.createdAt}: ${document.verdictBefore}, ${document.verdictAfter} on the model with the plan.`);
  stderrLog(`${path}: the network still matches the plan (${Object.keys(document.fingerprints).length} resources) and the plan proves again.`);
  stderrLog(`\n${fix.renderPlan(document.plan, terminalWidth(), `${document.function}: `)}\n`);
  const name = before.functions[0]!.function.name;
  const [journal] = await journalsFor([name], settings);
  if (!(await confirmApply('this plan', settings, 'apply'))) return exitCodeOf(before);
  await applyOne(ec2, name, recorded.vpcId, document.plan, settings, current, journal);
  if (settings.dryRun) return exitCodeOf(before);
  const after = (await import('../analyze/index.js')).analyze(await collect(), { functions: [document.function], targets: document.targets });
  process.stdout.write(`\nAfter the repair:\n${renderText(after, { color: useColor(undefined), width: terminalWidth(), compact: true })}`);
  return exitCodeOf(after);
}
