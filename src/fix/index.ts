// `check --fix`: plan, prove, (show, confirm,) apply; and `undo JOURNAL`. The CLI wires these.
export { planFix, REPAIRABLE_CODES } from './plan.js';
export { endpointServiceNames } from './plan-interface-endpoint.js';
export { checkInternetGateways } from './apply/preflight.js';
export { PlanClaims, claimsOf } from './overlap.js';
export { proveFix, type Proof } from './prove.js';
export { renderPlan, describeStep } from './render.js';
export { applyPlan, undoJournal, type ApplyOptions, type ApplyResult, type StepResult, type UndoOptions } from './apply/index.js';
export { readJournal, type Journal, type JournalStep, type StepStatus } from './apply/journal.js';
export { existingJournalKey, journalKey, stateDirectory } from './apply/seal.js';
export { defaultJournalDirectory, journalPaths } from './apply/place.js';
export { leftoverText, renderUndoPlan, type UndoPlanCall } from './apply/undo-plan.js';
export { checkSameOrigin, originOfSnapshot, resolveOrigin, undoCommand, type JournalOrigin } from './apply/origin.js';
export { CREATED_BY_KEY, CREATED_BY_VALUE, WAIT_AVAILABLE, type FixLimits, type FixPlan, type FixStep, type PlanOptions, type UndoCall, type Via, VIA } from './types.js';
export { fingerprint, fingerprintChanges, planResources, type Fingerprints } from './fingerprint.js';
export { PLAN_FORMAT, readPlanFile, writePlanFile, type PlanDocument, type ReadPlan, type RecordedPlanOptions } from './apply/plan-file.js';
export { checkNetworkUnchanged, checkPlanStillHolds, checkSamePlan, firstDifference } from './plan-check.js';
