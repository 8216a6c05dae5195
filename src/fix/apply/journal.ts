// The journal of an apply: the plan, each step's status, outputs and times. Rewritten whole and
// atomically (write a temporary file, rename it over the old one) before and after every step.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AnalysisError, InputError } from '../../errors.js';
import type { FixPlan } from '../types.js';
import type { JournalOrigin } from './origin.js';

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
}

export type JournalState = 'running' | 'done' | 'failed-rolled-back' | 'failed-rollback-incomplete' | 'undone' | 'undo-incomplete';

export interface Journal {
  vpcdoctorJournal: 1;
  createdAt: string;
  updatedAt: string;
  state: JournalState;
  /** Where the changes were made; undo refuses other credentials. */
  origin?: JournalOrigin;
  plan: FixPlan;
  steps: JournalStep[];
}

export function newJournal(plan: FixPlan, now: string, origin?: JournalOrigin): Journal {
  return {
    vpcdoctorJournal: 1, createdAt: now, updatedAt: now, state: 'running', ...(origin ? { origin } : {}), plan,
    steps: plan.steps.map((step, i) => ({ index: i + 1, action: step.action, status: 'pending' })),
  };
}

export function writeJournal(path: string, journal: Journal, now: string): void {
  journal.updatedAt = now;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(journal, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    throw new AnalysisError(`cannot write the journal ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export function readJournal(path: string): Journal {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch (error) {
    throw new InputError(`cannot read the journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (journal?.vpcdoctorJournal !== 1 || !Array.isArray(journal.steps) || !Array.isArray(journal.plan?.steps)) {
    throw new InputError(`${path} is not a vpcdoctor journal`);
  }
  return journal;
}

/** The outputs of the steps that ran, by step number, for resolving references. */
export function outputsOf(journal: Journal): Map<number, unknown> {
  return new Map(journal.steps.filter((s) => s.output !== undefined).map((s) => [s.index, s.output]));
}
