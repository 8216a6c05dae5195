// Whether a plan file still fits the network as it is now (`vpcdoctor apply PLAN`): the function in
// the same VPC and subnets, every fingerprinted resource unchanged, and — the check that makes a
// plan from anywhere safe — the plan vpcdoctor makes now, from the recorded options, equal to the
// file's. Pure: the CLI collects the live snapshot and plans again, and passes both in.
import { analyze } from '../analyze/index.js';
import type { Report } from '../analyze/types.js';
import { InputError } from '../errors.js';
import type { Snapshot } from '../snapshot/types.js';
import type { PlanDocument } from './apply/plan-file.js';
import { fingerprint, fingerprintChanges, planResources } from './fingerprint.js';
import { proveFix } from './prove.js';
import type { FixPlan, FixStep } from './types.js';
import { VERSION } from '../version.js';

const AGAIN = 'nothing applied (plan again with check --fix --plan-out)';

/** The report on the live network; throws InputError (exit 2), saying what changed, when the function or a fingerprinted resource changed. */
export function checkNetworkUnchanged(document: PlanDocument, live: Snapshot, path: string): Report {
  const report = analyze(live, { functions: [document.function], targets: document.targets });
  const fn = report.functions[0]?.function;
  const changes: string[] = [];
  if (fn?.vpcId !== document.origin.vpcId) changes.push(`${document.function} is now in ${fn?.vpcId ?? 'no VPC'}, not ${document.origin.vpcId}`);
  const subnets = [...(fn?.subnetIds ?? [])].sort();
  if (subnets.join(' ') !== [...document.functionSubnets].sort().join(' ')) changes.push(`${document.function}'s subnets are now ${subnets.join(', ') || 'none'} (were ${document.functionSubnets.join(', ')})`);
  changes.push(...fingerprintChanges(document.fingerprints, fingerprint(live, Object.keys(document.fingerprints), document.plan)));
  if (changes.length > 0) throw new InputError(`the network no longer matches ${path}: ${changes.join('; ')}: ${AGAIN}`);
  return report;
}

/** Format 1 (no recorded options): the file's own plan, proved again on the live network. */
export function checkPlanStillHolds(document: PlanDocument, live: Snapshot, path: string): Report {
  const report = checkNetworkUnchanged(document, live, path);
  const proof = proveFix(live, document.plan, { functions: [document.function], targets: document.targets }, report);
  if (!proof.proved) throw new InputError(`${path} no longer proves on the network as it is now: ${proof.reason ?? 'see the findings'}: nothing applied (plan again)`);
  return report;
}

/**
 * Refuses (exit 2) unless `fresh` — planned now, on the live network, from the file's recorded
 * function, targets and options — is the file's plan: the same steps (every field: call, params,
 * undo calls, expected route, IAM action, reason), cost, summary and warnings, and every resource
 * it relies on fingerprinted in the file. Nothing in a plan is per run (ClientTokens, step tags and
 * the lock's run id are added by the applier from the journal id), so nothing is normalised away.
 */
export function checkSamePlan(document: PlanDocument, fresh: FixPlan, live: Snapshot, path: string): void {
  const what = `${document.function}${optionText(document)}`;
  if (fresh.refused) throw new InputError(`${path}: planning ${what} now refuses: ${fresh.refused}: ${AGAIN}`);
  const difference = firstDifference(document.plan.steps, fresh.steps)
    ?? shownDifference(document.plan, fresh)
    ?? uncovered(document, planResources(live, fresh, document.functionSubnets));
  if (!difference) return;
  const versions = document.vpcdoctorVersion === VERSION ? '' : ` (planned with vpcdoctor ${String(document.vpcdoctorVersion)}, this is ${VERSION})`;
  throw new InputError(`${path} is not the plan vpcdoctor makes now for ${what}${versions}: ${difference}: ${AGAIN}`);
}

function optionText(document: PlanDocument): string {
  const o = document.options ?? {};
  const flags = [...(document.targets ?? []).map((t) => `--target ${t}`), ...(o.natPerAz ? ['--nat-per-az'] : []), ...(o.via ? [`--via ${o.via}`] : [])];
  return flags.length > 0 ? ` ${flags.join(' ')}` : '';
}

/** JSON with sorted keys; arrays keep their order (steps and undo calls run in order). */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const short = (text: string) => (text.length > 240 ? `${text.slice(0, 237)}...` : text);
const call = (s: FixStep) => `${s.action} ${short(stable(s.params))}`;

/** "step 3 differs (params): the file has X, planning now gives Y", or a step only one side has. */
export function firstDifference(recorded: FixStep[], fresh: FixStep[]): string | undefined {
  for (let i = 0; i < Math.max(recorded.length, fresh.length); i++) {
    const [was, now] = [recorded[i], fresh[i]];
    if (!now) return `step ${i + 1} (${call(was!)}) is not in the plan made now (${fresh.length} steps, the file has ${recorded.length})`;
    if (!was) return `the plan made now has step ${i + 1} (${call(now)}), which the file lacks (${recorded.length} steps, now ${fresh.length})`;
    if (stable(was) === stable(now)) continue;
    const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()
      .filter((k) => stable((was as unknown as Record<string, unknown>)[k]) !== stable((now as unknown as Record<string, unknown>)[k]));
    return `step ${i + 1} differs (${fields.join(', ')}): the file has ${call(was)}, planning now gives ${call(now)}`;
  }
  return undefined;
}

/** What the reviewer was shown beside the steps: the cost, the terraform-style summary, the warnings. */
function shownDifference(recorded: FixPlan, fresh: FixPlan): string | undefined {
  for (const field of ['monthlyUsd', 'summary', 'warnings'] as const) {
    if (stable(recorded[field]) !== stable(fresh[field])) return `its ${field} is ${short(stable(recorded[field]))}, planning now gives ${short(stable(fresh[field]))}`;
  }
  return undefined;
}

/** A resource the plan relies on that the file does not fingerprint: the file was cut down, or the network moved under it. */
function uncovered(document: PlanDocument, relied: string[]): string | undefined {
  const missing = relied.filter((id) => !(id in document.fingerprints));
  return missing.length > 0 ? `the plan relies on ${missing.join(', ')}, which the file does not fingerprint` : undefined;
}
