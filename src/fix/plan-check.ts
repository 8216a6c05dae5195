// Whether a plan file still fits the network as it is now (`vpcdoctor apply PLAN`): the function in
// the same VPC and subnets, every fingerprinted resource unchanged, and the plan still proved on a
// fresh analysis. Pure: the CLI collects the live snapshot and passes it in.
import { analyze } from '../analyze/index.js';
import type { Report } from '../analyze/types.js';
import { InputError } from '../errors.js';
import type { Snapshot } from '../snapshot/types.js';
import type { PlanDocument } from './apply/plan-file.js';
import { fingerprint, fingerprintChanges } from './fingerprint.js';
import { proveFix } from './prove.js';

/** The report on the live network; throws InputError (exit 2), saying what changed, when the plan no longer fits. */
export function checkPlanStillHolds(document: PlanDocument, live: Snapshot, path: string): Report {
  const request = { functions: [document.function], targets: document.targets };
  const report = analyze(live, request);
  const fn = report.functions[0]?.function;
  const changes: string[] = [];
  if (fn?.vpcId !== document.origin.vpcId) changes.push(`${document.function} is now in ${fn?.vpcId ?? 'no VPC'}, not ${document.origin.vpcId}`);
  const subnets = [...(fn?.subnetIds ?? [])].sort();
  if (subnets.join(' ') !== [...document.functionSubnets].sort().join(' ')) changes.push(`${document.function}'s subnets are now ${subnets.join(', ') || 'none'} (were ${document.functionSubnets.join(', ')})`);
  changes.push(...fingerprintChanges(document.fingerprints, fingerprint(live, Object.keys(document.fingerprints), document.plan)));
  if (changes.length > 0) throw new InputError(`the network no longer matches ${path}: ${changes.join('; ')}: nothing applied (plan again with check --fix --plan-out)`);
  const proof = proveFix(live, document.plan, request, report);
  if (!proof.proved) throw new InputError(`${path} no longer proves on the network as it is now: ${proof.reason ?? 'see the findings'}: nothing applied (plan again)`);
  return report;
}
