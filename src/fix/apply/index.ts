// applyPlan: run the steps in order, journaled before and after each; on a failure, or on SIGINT /
// SIGTERM (options.signal), roll the completed steps back in reverse and stop. undoJournal: roll
// back a finished (or interrupted) journal's steps.
import { randomBytes } from 'node:crypto';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AnalysisError, InterruptedError } from '../../errors.js';
import { resolveRefs } from '../refs.js';
import type { FixPlan } from '../types.js';
import { call, errorText, WaitInterrupted, type WaitOptions } from './calls.js';
import { dryRun } from './dry-run.js';
import { rollback } from './rollback.js';
import { settleUnknownOutcomes, withStepIdentity } from './recover.js';
import { checkUndoable } from './guard.js';
import { checkSameOrigin, undoCommand, type JournalOrigin } from './origin.js';
import { journalKey } from './seal.js';
import { withVpcLock, type LockOptions } from './lock.js';
import { checkRoutePointsAt, routeTarget } from './route-check.js';
import { undoPlan, validateUndo, type UndoPlanCall } from './undo-plan.js';
import { newJournal, readJournal, writeJournal, type Journal, type JournalState } from './journal.js';

export interface ApplyOptions {
  ec2: EC2Client;
  journalPath: string;
  dryRun?: boolean;
  log?: (line: string) => void;
  /** Account, Region, endpoint and profile of the credentials (resolveOrigin), recorded for undo. */
  origin?: JournalOrigin;
  /** The journal seal's key (default: journalKey(), in the user's state directory). */
  key?: Buffer;
  /** Between DescribeNatGateways polls (default 15 s) and how long a wait may take (default 15 min). */
  pollIntervalMs?: number;
  waitTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Aborted on SIGINT/SIGTERM (its reason the signal's name): no new call is sent, the call in
   *  flight finishes (its outcome known, so undoable), a wait stops, and the run rolls back. */
  signal?: AbortSignal;
  /** Hold the VPC's lock tag (of `origin`, or the journal's for undo) while changing anything. */
  lock?: Omit<LockOptions, 'vpcId' | 'ttlMs'>;
  /**
   * Runs right before the first mutating call, after the confirmation (and in a dry run, before
   * the validation): re-checks what the plan assumed (e.g. preflight.ts: its internet gateways
   * still attached). Throwing stops the run with nothing changed and no journal written.
   */
  preflight?: (plan: FixPlan) => Promise<void>;
}

export interface StepResult {
  index: number;
  action: string;
  status: 'done' | 'validated' | 'skipped' | 'failed';
  detail?: string;
}

export interface ApplyResult {
  ok: boolean;
  dryRun: boolean;
  steps: StepResult[];
  /** The journal written (absent for a dry run, which writes none). */
  journalPath?: string;
  journal?: Journal;
}

function context(options: Omit<ApplyOptions, 'journalPath' | 'dryRun'>) {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const wait: WaitOptions = {
    pollIntervalMs: options.pollIntervalMs ?? 15_000,
    timeoutMs: options.waitTimeoutMs ?? 15 * 60_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  return { now, wait, log: options.log ?? (() => {}) };
}

/** Runs `body` under the VPC's lock when one is asked for; the lock outlives every wait the steps may make. */
function locked<T>(options: Omit<ApplyOptions, 'journalPath' | 'dryRun'>, vpcId: string | undefined, steps: FixPlan['steps'], body: (stillHeld?: () => Promise<void>) => Promise<T>): Promise<T> {
  if (!options.lock) return body();
  if (!vpcId) throw new AnalysisError('cannot lock the VPC: the account, Region and VPC of the run are not known');
  const { wait, log } = context(options);
  const ttlMs = 30 * 60_000 + steps.filter((s) => s.action.startsWith('Wait')).length * wait.timeoutMs;
  return withVpcLock(options.ec2, { ...options.lock, vpcId, ttlMs }, { now: options.now ?? (() => new Date()), sleep: wait.sleep, log }, body);
}

export async function applyPlan(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.refused) throw new AnalysisError(`refusing to apply: ${plan.refused}`);
  if (options.dryRun) {
    // A dry run says now what would stop the real run.
    await options.preflight?.(plan);
    return dryRun(plan, options);
  }
  // The journal's id is the lock's run id: `undo` of this journal may take over the lock that a run
  // stopped at once (a second Ctrl-C) left behind.
  const id = randomBytes(8).toString('hex');
  const lock = options.lock && { runId: id, ...options.lock };
  return locked({ ...options, lock }, options.origin?.vpcId, plan.steps, (stillHeld) => applySteps(plan, options, id, stillHeld));
}

/** `stillHeld`: throws when another run has taken the VPC's lock; checked before each change. */
async function applySteps(plan: FixPlan, options: ApplyOptions, id: string, stillHeld?: () => Promise<void>): Promise<ApplyResult> {
  await options.preflight?.(plan);
  const { now, wait, log } = context(options);
  const key = options.key ?? journalKey();
  const journal = newJournal(plan, now(), options.origin, id);
  const save = () => writeJournal(options.journalPath, journal, now(), key);
  save();
  // Before the first change: where the record is, and how to revert it if this run is cut short.
  log(`journal ${options.journalPath} (if this run stops half-way: ${undoCommand(options.journalPath, options.origin)})`);
  const outputs = new Map<number, unknown>();
  const results: StepResult[] = [];
  const { signal } = options;
  const stop = () => stopped(journal, options, { wait, log, save, now });
  for (const [i, step] of plan.steps.entries()) {
    if (signal?.aborted) return stop();
    const entry = journal.steps[i]!;
    entry.status = 'running';
    entry.startedAt = now();
    try {
      // The ClientToken and tag that find the resource again are journaled before the call.
      entry.params = withStepIdentity(step.action, resolveRefs(step.params, outputs), journal.id, entry.index);
      save();
      log(`[${entry.index}/${plan.steps.length}] ${step.action}`);
      const expected = expectedRoute(step);
      if (expected) await checkRoutePointsAt(options.ec2, entry.params, expected, 'the plan');
      if (!step.action.startsWith('Wait')) await stillHeld?.();
      // The route and lock checks are reads: a signal during it still sends nothing new.
      if (signal?.aborted) {
        Object.assign(entry, { status: 'pending', startedAt: undefined });
        return stop();
      }
      const output = await call(options.ec2, step.action, entry.params, { ...wait, signal });
      outputs.set(entry.index, output);
      Object.assign(entry, { status: 'done', output, finishedAt: now() });
      results.push({ index: entry.index, action: step.action, status: 'done' });
      save();
    } catch (error) {
      if (error instanceof WaitInterrupted) {
        Object.assign(entry, { status: 'failed', error: `interrupted by ${String(signal?.reason ?? 'a signal')}`, finishedAt: now() });
        return stop();
      }
      Object.assign(entry, { status: 'failed', error: errorText(error), finishedAt: now() });
      results.push({ index: entry.index, action: step.action, status: 'failed', detail: errorText(error) });
      save();
      log(`step ${entry.index} (${step.action}) failed: ${errorText(error)}; rolling back`);
      const incomplete = await rollback(journal, options.ec2, wait, log, save, now);
      journal.state = incomplete.length > 0 ? 'failed-rollback-incomplete' : 'failed-rolled-back';
      save();
      const rolled = incomplete.length > 0 ? `rollback INCOMPLETE (${incomplete.join('; ')}): see ${options.journalPath}` : 'the completed steps were rolled back';
      throw new AnalysisError(`step ${entry.index} (${step.action}) failed: ${errorText(error)}; ${rolled}`, { cause: error });
    }
  }
  // A signal during the last call: the run was still under way when asked to stop.
  if (signal?.aborted) return stop();
  journal.state = 'done';
  save();
  return { ok: true, dryRun: false, steps: results, journalPath: options.journalPath, journal };
}

/** After SIGINT/SIGTERM: roll back what this run did, record it, and throw (exit 130 / 143). */
async function stopped(journal: Journal, options: ApplyOptions, run: { wait: WaitOptions; log: (line: string) => void; save: () => void; now: () => string }): Promise<never> {
  const name = String(options.signal?.reason ?? 'SIGINT');
  run.log(`${name}: rolling back, newest step first`);
  // The rollback's own waits must not see the signal that started it.
  const incomplete = await rollback(journal, options.ec2, run.wait, run.log, run.save, run.now);
  journal.state = incomplete.length > 0 ? 'interrupted-rollback-incomplete' : 'interrupted-rolled-back';
  run.save();
  const done = incomplete.length > 0
    ? `rollback INCOMPLETE (${incomplete.join('; ')}); finish it with ${undoCommand(options.journalPath, options.origin)}`
    : `what it did was rolled back (journal ${options.journalPath})`;
  throw new InterruptedError(name, `interrupted by ${name}: ${done}`);
}

/** A ReplaceRoute's expected current target: as planned, else the target its undo puts back. */
function expectedRoute(step: FixPlan['steps'][number]): Record<string, string> | undefined {
  if (step.action !== 'ReplaceRoute') return undefined;
  if (step.expects) return step.expects;
  const restore = step.undo?.find((u) => u.action === 'ReplaceRoute' && u.params.RouteTableId === step.params.RouteTableId);
  return restore ? routeTarget(restore.params) : undefined;
}

/** What undo needs: the apply options without a journal to write, and where the current
 *  credentials point (resolveOrigin), which must be where the journal was applied. `confirm` sees
 *  the undo plan before anything is sent and may decline; `dryRun` sends each call with DryRun. */
export type UndoOptions = Omit<ApplyOptions, 'journalPath' | 'origin'> & {
  current: JournalOrigin;
  confirm?: (calls: UndoPlanCall[], journal: Journal) => Promise<boolean>;
};

/** `vpcdoctor undo JOURNAL`: roll back the journal's done steps, newest first, and record it.
 *  Returns the journal as it stands (unchanged when declined or a dry run). */
export async function undoJournal(journalPath: string, options: UndoOptions): Promise<Journal> {
  const { now, wait, log } = context(options);
  let key = options.key;
  const journal = readJournal(journalPath, () => (key ??= journalKey()));
  checkUndoable(journal, journalPath);
  checkSameOrigin(journal.origin, options.current, journalPath);
  // A step cut short (the process killed mid-call) may have created something: find it first, so
  // that the plan shown includes it.
  await settleUnknownOutcomes(journal, options.ec2, log);
  const calls = undoPlan(journal);
  if (options.confirm && !(await options.confirm(calls, journal))) return journal;
  if (options.dryRun) {
    await validateUndo(options.ec2, calls, log);
    return journal;
  }
  const save = () => writeJournal(journalPath, journal, now(), key!);
  const lock = options.lock && { ...(journal.id ? { runId: journal.id } : {}), ...options.lock };
  const incomplete = await locked({ ...options, lock }, journal.origin?.vpcId, journal.plan.steps, () => rollback(journal, options.ec2, wait, log, save, now));
  const state: JournalState = incomplete.length > 0 ? 'undo-incomplete' : 'undone';
  journal.state = state;
  save();
  if (incomplete.length > 0) throw new AnalysisError(`undo incomplete: ${incomplete.join('; ')}; see ${journalPath}`);
  return journal;
}
