// The plan file of `check --fix --plan-out`: the proved plan exactly as the applier would send it,
// where it was made (origin), the planner's options, the verdicts before and after the proof, its
// cost, and the fingerprint of every resource it reads or touches. A reviewer reads it anywhere;
// `apply` trusts none of it: it plans again from the recorded options on the live network and
// applies only when that plan equals the file's (plan-check.ts). The seal is an integrity extra:
// a plan sealed with this user's key must still match it (edited → refused); a plan from another
// machine (foreign or no seal) is accepted only through that re-planning.
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Fingerprints } from '../fingerprint.js';
import { VIA, type FixPlan, type Via } from '../types.js';
import type { JournalOrigin } from './origin.js';
import { keyId, seal, sealMatches } from './seal.js';

/** 2: planner options recorded, the seal names its key (sealedBy). 1: sealed only, applied only where written. */
export const PLAN_FORMAT = 2;
const FORMATS: unknown[] = [1, PLAN_FORMAT];

/** The options that change what the planner plans (the function and targets are recorded beside them). */
export interface RecordedPlanOptions {
  natPerAz?: boolean;
  via?: Via;
}

export interface PlanDocument {
  vpcdoctorPlan: 1 | typeof PLAN_FORMAT;
  createdAt: string;
  vpcdoctorVersion: string;
  /** The function as the user named it, and the targets asked for (default targets when absent). */
  function: string;
  targets?: string[];
  /** --nat-per-az, --via: `apply` plans again with them. Absent in format 1. */
  options?: RecordedPlanOptions;
  /** The function's subnets when the plan was made. */
  functionSubnets: string[];
  /** Account (the VPC's owner), Region, VPC, endpoint and profile the plan was made for. */
  origin: JournalOrigin;
  verdictBefore: string;
  /** The verdict on the model with the plan applied (the proof). */
  verdictAfter: string;
  /** Steps (with their undo calls) exactly as the applier sends them, summary, monthly cost, notes. */
  plan: FixPlan;
  /** By resource id: the fields relied on and their hash. */
  fingerprints: Fingerprints;
}

export interface ReadPlan {
  document: PlanDocument;
  /** Sealed with this user's key and the seal matches; false: written elsewhere (or unsealed). */
  sealedHere: boolean;
}

export function writePlanFile(path: string, document: PlanDocument, key: Buffer): void {
  const body = JSON.parse(JSON.stringify({ ...document, sealedBy: keyId(key) })) as Record<string, unknown>;
  try {
    writeFileSync(path, `${JSON.stringify({ ...body, mac: seal(JSON.stringify(body), key) }, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new InputError(`cannot write the plan ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/** The plan and whether it was sealed here; exit 2 for a broken seal of this user's key, an old plan from elsewhere, or a malformed file (nothing is sent to AWS before this). */
export function readPlanFile(path: string, key: () => Buffer | undefined): ReadPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read the plan ${path}: ${code}` : `${path} is truncated or not JSON: nothing applied`, { cause: error });
  }
  const record = parsed as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || Array.isArray(record) || !('vpcdoctorPlan' in record)) throw new InputError(`${path} is not a vpcdoctor plan (check --fix --plan-out writes one)`);
  if (!FORMATS.includes(record.vpcdoctorPlan)) throw new InputError(`${path} is plan format ${String(record.vpcdoctorPlan)}; this vpcdoctor reads formats ${FORMATS.join(' and ')}: plan again`);
  const { mac, sealedBy, ...document } = record;
  const body = JSON.stringify(sealedBy === undefined ? document : { ...document, sealedBy });
  const mine = key();
  let sealedHere = false;
  if (record.vpcdoctorPlan === 1) {
    // Format 1 records no planner options, so it cannot be planned again: its seal is its only check.
    if (!mine || !sealMatches(body, mac, mine)) throw new InputError(`${path} does not match its seal: edited, or written by another user or machine (a format 1 plan applies only where it was written): nothing applied (plan again with check --fix --plan-out)`);
    sealedHere = true;
  } else if (mine && sealedBy === keyId(mine)) {
    if (!sealMatches(body, mac, mine)) throw new InputError(`${path} does not match its seal: edited after it was written: nothing applied (plan again with check --fix --plan-out)`);
    sealedHere = true;
  }
  const problem = shapeProblem(document);
  if (problem) throw new InputError(`${path} is not a vpcdoctor plan: ${problem}: nothing applied`);
  return { document: document as unknown as PlanDocument, sealedHere };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
// eslint-disable-next-line no-control-regex
const isText = (v: unknown): v is string => typeof v === 'string' && !/[\u0000-\u001f\u007f-\u009f]/.test(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);
const optionalString = (v: unknown) => v === undefined || isText(v);

/** What is malformed, if anything: a plan from elsewhere is untrusted input, checked before any field is used. */
function shapeProblem(d: Record<string, unknown>): string | undefined {
  // Printed as they are (apply's summary line): no control characters (a terminal escape) in them.
  if (!isText(d.function) || d.function === '') return 'no function';
  if (!isText(d.createdAt) || !isText(d.vpcdoctorVersion)) return 'createdAt or vpcdoctorVersion is not plain text';
  if (d.targets !== undefined && !isStrings(d.targets)) return 'targets is not a list of names';
  if (!isStrings(d.functionSubnets)) return 'functionSubnets is not a list of ids';
  const o = d.origin;
  if (!isObject(o) || !isText(o.vpcId) || !isText(o.account) || !isText(o.region) || !optionalString(o.endpoint) || !optionalString(o.profile)) return 'origin is incomplete';
  if (d.vpcdoctorPlan === PLAN_FORMAT) {
    const options = d.options;
    if (!isObject(options) || (options.natPerAz !== undefined && typeof options.natPerAz !== 'boolean') || (options.via !== undefined && !VIA.includes(options.via as Via))) return 'options is not { natPerAz?, via? }';
  }
  const plan = d.plan;
  if (!isObject(plan) || !Array.isArray(plan.steps) || !plan.steps.every((s) => isObject(s) && typeof s.action === 'string' && isObject(s.params))) return 'plan.steps is not a list of calls';
  if (!isObject(d.fingerprints) || !Object.values(d.fingerprints).every((f) => isObject(f) && typeof f.sha256 === 'string' && (f.state === null || isObject(f.state)))) return 'fingerprints is malformed';
  return undefined;
}
