// The journal of an apply: the plan, each step's status, outputs and times. Rewritten whole and
// atomically (write a temporary file, rename it over the old one) before and after every step, and
// sealed (seal.ts) so that undo refuses an edited, truncated or foreign journal before acting.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AnalysisError, InputError } from '../../errors.js';
import type { FixPlan } from '../types.js';
import type { JournalOrigin } from './origin.js';
import { seal, sealMatches } from './seal.js';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'rolled-back' | 'rollback-failed';

export interface JournalStep {
  index: number;
  action: string;
  status: StepStatus;
  /** The parameters as sent (references resolved). */
  params?: Record<string, unknown>;
  output?: unknown;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  rolledBackAt?: string;
  rollbackError?: string;
  /** Set when the step's outcome was unknown and what it created was found by its tag. */
  recovered?: string;
}

export type JournalState = 'running' | 'done' | 'failed-rolled-back' | 'failed-rollback-incomplete' | 'interrupted-rolled-back' | 'interrupted-rollback-incomplete' | 'undone' | 'undo-incomplete';

export interface Journal {
  /** 2: sealed, with its origin. 1 (unsealed) is refused. */
  vpcdoctorJournal: typeof JOURNAL_FORMAT;
  /** Random, per journal: the root of each step's ClientToken and tag (recover.ts). */
  id?: string;
  createdAt: string;
  updatedAt: string;
  state: JournalState;
  /** Where the changes were made; undo refuses other credentials. */
  origin?: JournalOrigin;
  plan: FixPlan;
  steps: JournalStep[];
}

export const JOURNAL_FORMAT = 2;

export function newJournal(plan: FixPlan, now: string, origin?: JournalOrigin, id = randomBytes(8).toString('hex')): Journal {
  return {
    vpcdoctorJournal: JOURNAL_FORMAT, id, createdAt: now, updatedAt: now, state: 'running', ...(origin ? { origin } : {}), plan,
    steps: plan.steps.map((step, i) => ({ index: i + 1, action: step.action, status: 'pending' })),
  };
}

export function writeJournal(path: string, journal: Journal, now: string, key: Buffer): void {
  journal.updatedAt = now;
  const temporary = `${path}.${process.pid}.tmp`;
  const body = JSON.parse(JSON.stringify(journal)) as Record<string, unknown>;
  try {
    writeFileSync(temporary, `${JSON.stringify({ ...body, mac: seal(JSON.stringify(body), key) }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    throw new AnalysisError(`cannot write the journal ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** `key` is fetched only once the file is a format-2 journal (a missing file creates no key). */
export function readJournal(path: string, key: () => Buffer): Journal {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InputError(`${path} is truncated or not JSON: refusing to undo, nothing changed`);
  }
  if (parsed === null || typeof parsed !== 'object' || !('vpcdoctorJournal' in parsed)) throw new InputError(`${path} is not a vpcdoctor journal`);
  if (parsed.vpcdoctorJournal !== JOURNAL_FORMAT) {
    throw new InputError(`${path} is journal format ${String(parsed.vpcdoctorJournal)}; this vpcdoctor reads format ${JOURNAL_FORMAT} only (format 1 is unsealed): undo it by hand from its steps`);
  }
  const { mac, ...body } = parsed;
  if (!sealMatches(JSON.stringify(body), mac, key())) {
    throw new InputError(`${path} does not match its seal: edited, truncated, or written by another user or machine: refusing to undo, nothing changed`);
  }
  const journal = body as unknown as Journal;
  if (!Array.isArray(journal.steps) || !Array.isArray(journal.plan?.steps)) throw new InputError(`${path} is not a vpcdoctor journal`);
  return journal;
}

/** The outputs of the steps that ran, by step number, for resolving references. */
export function outputsOf(journal: Journal): Map<number, unknown> {
  return new Map(journal.steps.filter((s) => s.output !== undefined).map((s) => [s.index, s.output]));
}
