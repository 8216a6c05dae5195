// The plan file of `check --fix --plan-out`: the proved plan exactly as the applier would send it,
// where it was made (origin), the verdicts before and after the proof, its cost, and the
// fingerprint of every resource it reads or touches. Sealed like a journal (seal.ts): a reviewer
// reads it, but an edited plan must never be applied, so `apply` refuses one whose seal is wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Fingerprints } from '../fingerprint.js';
import type { FixPlan } from '../types.js';
import type { JournalOrigin } from './origin.js';
import { seal, sealMatches } from './seal.js';

export const PLAN_FORMAT = 1;

export interface PlanDocument {
  vpcdoctorPlan: typeof PLAN_FORMAT;
  createdAt: string;
  vpcdoctorVersion: string;
  /** The function as the user named it, and the targets asked for (default targets when absent). */
  function: string;
  targets?: string[];
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

export function writePlanFile(path: string, document: PlanDocument, key: Buffer): void {
  const body = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  try {
    writeFileSync(path, `${JSON.stringify({ ...body, mac: seal(JSON.stringify(body), key) }, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new InputError(`cannot write the plan ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/** The plan, if its seal matches; exit 2 otherwise (nothing is sent to AWS before this). */
export function readPlanFile(path: string, key: () => Buffer): PlanDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read the plan ${path}: ${code}` : `${path} is truncated or not JSON: nothing applied`, { cause: error });
  }
  const record = parsed as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || !('vpcdoctorPlan' in record)) throw new InputError(`${path} is not a vpcdoctor plan (check --fix --plan-out writes one)`);
  if (record.vpcdoctorPlan !== PLAN_FORMAT) throw new InputError(`${path} is plan format ${String(record.vpcdoctorPlan)}; this vpcdoctor reads format ${PLAN_FORMAT}: plan again`);
  const { mac, ...body } = record;
  if (!sealMatches(JSON.stringify(body), mac, key())) {
    throw new InputError(`${path} does not match its seal: edited, or written by another user or machine: nothing applied (plan again with check --fix --plan-out)`);
  }
  const document = body as unknown as PlanDocument;
  if (!Array.isArray(document.plan?.steps) || !document.origin?.vpcId || typeof document.fingerprints !== 'object') throw new InputError(`${path} is not a vpcdoctor plan`);
  return document;
}
