// `check --fix --plan-out FILE` writes the proved plan; `vpcdoctor apply FILE` applies exactly that
// plan, once the network is seen to be as it was (fingerprints) and the plan proves again.
import { analyze, type AnalysisRequest } from '../analyze/index.js';
import type { FunctionReport, Report } from '../analyze/types.js';
import { exitCodeOf } from '../analyze/verdicts.js';
import { InputError } from '../errors.js';
import type { FixPlan, PlanDocument, Proof, Via } from '../fix/index.js';
import { renderText } from '../report/text.js';
import type { Snapshot } from '../snapshot/types.js';
import { VERSION } from '../version.js';
import { applicablePlans, applyOne, confirmApply, ec2For, journalsFor, planAndProve, stderrLog, type FixOptions } from './fix.js';
import { terminalWidth, useColor } from './terminal.js';

export interface PlanOutOptions {
  planOut: string;
  profile?: string;
  endpointUrl?: string;
  quiet?: boolean;
  /** Recorded in the plan: `apply` plans again with them. */
  natPerAz?: boolean;
  via?: Via;
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
    function: name, ...(request.targets ? { targets: request.targets } : {}),
    options: { ...(options.natPerAz ? { natPerAz: true } : {}), ...(options.via ? { via: options.via } : {}) }, functionSubnets: fr.function.subnetIds, origin,
    verdictBefore: fr.verdict, verdictAfter: proofs.get(fr)?.after.functions[0]?.verdict ?? 'unknown',
    plan, fingerprints: fix.fingerprint(snapshot, ids, plan),
  }, fix.journalKey());
  const flags = [`--region ${origin.region}`, ...(origin.profile ? [`--profile ${origin.profile}`] : []), ...(origin.endpoint ? [`--endpoint-url ${origin.endpoint}`] : [])];
  if (!options.quiet) stderrLog(`plan written to ${options.planOut} (${plan.steps.length} steps, ${ids.length} resources fingerprinted); nothing applied. Apply it with: vpcdoctor apply ${options.planOut} ${flags.join(' ')}`);
}

/** `vpcdoctor apply PLAN [--yes] [--dry-run]`. */
export async function runApply(path: string, options: FixOptions): Promise<number> {
  const fix = await import('../fix/index.js');
  const { document, sealedHere } = fix.readPlanFile(path, fix.existingJournalKey);
  const recorded = document.origin;
  if (!sealedHere) stderrLog(`${path}: plan written elsewhere: checked by re-planning${notUsed(recorded, options)}`);
  // The plan says where it was made; flags override, and a mismatch is refused before any change.
  // A plan from elsewhere is untrusted: its profile and endpoint are another machine's, so only flags and the environment choose them.
  const settings: FixOptions = {
    ...options, region: options.region ?? recorded.region,
    profile: options.profile ?? (sealedHere ? recorded.profile : undefined), endpointUrl: options.endpointUrl ?? (sealedHere ? recorded.endpoint : undefined),
  };
  const ec2 = await ec2For(settings);
  const current = await fix.resolveOrigin(ec2, recorded.vpcId, { profile: settings.profile, endpoint: settings.endpointUrl });
  fix.checkSameOrigin(recorded, current, path, 'was planned');
  const request = { functions: [document.function], targets: document.targets };
  const collect = async () => (await import('../collect/index.js')).collectSnapshot({
    functions: request.functions, region: settings.region, profile: settings.profile, endpointUrl: settings.endpointUrl, log: settings.verbose ? stderrLog : undefined,
  });
  const live = await collect();
  const { before, plan, verdictAfter } = await planToApply(document, live, path, settings);
  stderrLog(`${path}: ${document.function} in account ${recorded.account}, ${recorded.region} (${recorded.vpcId}), planned ${document.createdAt}: ${before.functions[0]!.verdict}, ${verdictAfter} on the model with the plan.`);
  stderrLog(`${path}: the network still matches the plan (${Object.keys(document.fingerprints).length} resources) and the plan proves again${document.options ? '; planning again gives the same steps' : ''}.`);
  stderrLog(`\n${fix.renderPlan(plan, terminalWidth(), `${document.function}: `)}\n`);
  const name = before.functions[0]!.function.name;
  const [journal] = await journalsFor([name], settings);
  if (!(await confirmApply('this plan', settings, 'apply'))) return exitCodeOf(before);
  await applyOne(ec2, name, recorded.vpcId, plan, settings, current, journal);
  if (settings.dryRun) return exitCodeOf(before);
  const after = analyze(await collect(), request);
  process.stdout.write(`\nAfter the repair:\n${renderText(after, { color: useColor(undefined), width: terminalWidth(), compact: true })}`);
  return exitCodeOf(after);
}

/** A plan from elsewhere names another machine's profile and endpoint: say they are not used, unless flags choose. */
function notUsed(recorded: PlanDocument['origin'], options: FixOptions): string {
  const ignored = [
    ...(recorded.profile !== undefined && options.profile === undefined ? [`profile ${recorded.profile}`] : []),
    ...(recorded.endpoint !== undefined && options.endpointUrl === undefined ? [`endpoint ${recorded.endpoint}`] : []),
  ];
  return ignored.length > 0 ? ` (its ${ignored.join(' and ')} not used: pass --profile or --endpoint-url to choose)` : '';
}

/**
 * The plan to send: the network unchanged (fingerprints), then — format 2 — planned again on the
 * live network from the file's function, targets and options (with the account limits read as
 * --fix reads them), which must equal the file's plan; the fresh plan is the one applied, so an
 * edited file can never make vpcdoctor send a call its own planner would not send now. Format 1
 * (no options recorded, sealed here): the file's plan, proved again.
 */
async function planToApply(document: PlanDocument, live: Snapshot, path: string, settings: FixOptions): Promise<{ before: Report; plan: FixPlan; verdictAfter: string }> {
  const fix = await import('../fix/index.js');
  const before = fix.checkNetworkUnchanged(document, live, path);
  if (!document.options) {
    fix.checkPlanStillHolds(document, live, path);
    return { before, plan: document.plan, verdictAfter: document.verdictAfter };
  }
  const proofs = await planAndProve(live, before, { functions: [document.function], targets: document.targets }, document.options, settings);
  const entry = before.functions[0]!;
  fix.checkSamePlan(document, entry.plan as FixPlan, live, path);
  return { before, plan: entry.plan as FixPlan, verdictAfter: proofs.get(entry)?.after.functions[0]?.verdict ?? 'unknown' };
}
