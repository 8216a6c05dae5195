// applyPlan: run the steps in order, journaled before and after each; on a failure, roll the
// completed steps back in reverse and stop. undoJournal: roll back a finished journal's steps.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AnalysisError } from '../../errors.js';
import { referencedSteps, resolveRefs } from '../refs.js';
import { WAITS, type FixPlan } from '../types.js';
import { call, errorCode, errorText, send, type WaitOptions } from './calls.js';
import { checkUndoable } from './guard.js';
import { checkSameOrigin, undoCommand, type JournalOrigin } from './origin.js';
import { journalKey } from './seal.js';
import { withVpcLock, type LockOptions } from './lock.js';
import { checkRoutePointsAt, routeTarget, RouteMovedError } from './route-check.js';
import { undoableStatus, undoPlan, validateUndo, type UndoPlanCall } from './undo-plan.js';
import { newJournal, outputsOf, readJournal, writeJournal, type Journal, type JournalState } from './journal.js';

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
  /** Hold the VPC's lock tag (of `origin`, or the journal's for undo) while changing anything. */
  lock?: Omit<LockOptions, 'vpcId' | 'ttlMs'>;
  /**
   * Runs right before the first mutating call, after the confirmation: re-checks what the plan
   * assumed (e.g. preflight.ts: its internet gateways still attached). Throwing stops the run with
   * nothing changed and no journal written.
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
function locked<T>(options: Omit<ApplyOptions, 'journalPath' | 'dryRun'>, vpcId: string | undefined, steps: FixPlan['steps'], body: () => Promise<T>): Promise<T> {
  if (!options.lock) return body();
  if (!vpcId) throw new AnalysisError('cannot lock the VPC: the account, Region and VPC of the run are not known');
  const { wait, log } = context(options);
  const ttlMs = 30 * 60_000 + steps.filter((s) => s.action.startsWith('Wait')).length * wait.timeoutMs;
  return withVpcLock(options.ec2, { ...options.lock, vpcId, ttlMs }, { now: options.now ?? (() => new Date()), sleep: wait.sleep, log }, body);
}

export async function applyPlan(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.refused) throw new AnalysisError(`refusing to apply: ${plan.refused}`);
  if (options.dryRun) return dryRun(plan, options);
  return locked(options, options.origin?.vpcId, plan.steps, () => applySteps(plan, options));
}

async function applySteps(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  await options.preflight?.(plan);
  const { now, wait, log } = context(options);
  const key = options.key ?? journalKey();
  const journal = newJournal(plan, now(), options.origin);
  const save = () => writeJournal(options.journalPath, journal, now(), key);
  save();
  // Before the first change: where the record is, and how to revert it if this run is cut short.
  log(`journal ${options.journalPath} (if this run stops half-way: ${undoCommand(options.journalPath, options.origin)})`);
  const outputs = new Map<number, unknown>();
  const results: StepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const entry = journal.steps[i]!;
    entry.status = 'running';
    entry.startedAt = now();
    try {
      entry.params = resolveRefs(step.params, outputs);
      save();
      log(`[${entry.index}/${plan.steps.length}] ${step.action}`);
      const expected = expectedRoute(step);
      if (expected) await checkRoutePointsAt(options.ec2, entry.params, expected, 'the plan');
      const output = await call(options.ec2, step.action, entry.params, wait);
      outputs.set(entry.index, output);
      Object.assign(entry, { status: 'done', output, finishedAt: now() });
      results.push({ index: entry.index, action: step.action, status: 'done' });
      save();
    } catch (error) {
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
  journal.state = 'done';
  save();
  return { ok: true, dryRun: false, steps: results, journalPath: options.journalPath, journal };
}

/** Undoes the done steps in reverse; returns what could not be undone. */
async function rollback(journal: Journal, ec2: EC2Client, wait: WaitOptions, log: (line: string) => void, save: () => void, now: () => string): Promise<string[]> {
  const outputs = outputsOf(journal);
  const incomplete: string[] = [];
  for (const entry of [...journal.steps].reverse()) {
    if (entry.status === 'running') incomplete.push(`step ${entry.index} (${entry.action}) was interrupted: check it by hand`);
    if (!undoableStatus(entry.status)) continue;
    const step = journal.plan.steps[entry.index - 1]!;
    try {
      for (const undo of step.undo ?? []) {
        log(`  undo step ${entry.index}: ${undo.action}`);
        const params = resolveRefs(undo.params, outputs);
        // Put back or remove a route only if it still points where this run set it.
        // A route this run created and that is gone needs no undo (as NotFound below).
        if (ROUTE_SETTERS.has(step.action) && ROUTE_UNDOS.has(undo.action)) {
          const found = await checkRoutePointsAt(ec2, params, routeTarget(resolveRefs(step.params, outputs)), 'the journal', step.action === 'CreateRoute');
          if (!found) continue;
        }
        try {
          await call(ec2, undo.action, params, wait);
        } catch (error) {
          // A resource this run created and that is gone (a retried undo, removed by hand) needs no
          // undo; a route or rule it changed and must restore is an error when missing.
          if (!createdByStep(step.action) || !/NotFound/i.test(errorCode(error))) throw error;
        }
      }
      Object.assign(entry, { status: 'rolled-back', rolledBackAt: now(), rollbackError: undefined });
    } catch (error) {
      Object.assign(entry, { status: 'rollback-failed', rollbackError: errorText(error) });
      incomplete.push(`step ${entry.index} (${entry.action}): ${errorText(error)}`);
      if (error instanceof RouteMovedError) {
        save();
        const left = journal.steps.filter((s) => s.index < entry.index && s.status === 'done' && (journal.plan.steps[s.index - 1]!.undo ?? []).length > 0).map((s) => s.index).reverse();
        if (left.length > 0) incomplete.push(`stopped there: steps ${left.join(', ')} not undone`);
        break;
      }
    }
    save();
  }
  return incomplete;
}

const ROUTE_SETTERS = new Set(['ReplaceRoute', 'CreateRoute']);
const ROUTE_UNDOS = new Set(['ReplaceRoute', 'DeleteRoute']);

/** A ReplaceRoute's expected current target: as planned, else the target its undo puts back. */
function expectedRoute(step: FixPlan['steps'][number]): Record<string, string> | undefined {
  if (step.action !== 'ReplaceRoute') return undefined;
  if (step.expects) return step.expects;
  const restore = step.undo?.find((u) => u.action === 'ReplaceRoute' && u.params.RouteTableId === step.params.RouteTableId);
  return restore ? routeTarget(restore.params) : undefined;
}

/** Steps whose undo deletes what the step itself created (versus putting back what it changed). */
function createdByStep(action: string): boolean {
  return /^(Create|Allocate|Associate|Authorize)/.test(action);
}

/** Every call sent with DryRun: AWS checks permissions and parameters, and changes nothing. */
async function dryRun(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  const { log } = context(options);
  const results: StepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const index = i + 1;
    const depends = referencedSteps(step.params);
    if (WAITS.has(step.action)) {
      results.push({ index, action: step.action, status: 'skipped', detail: 'a wait: nothing to validate in a dry run' });
    } else if (depends.length > 0) {
      results.push({ index, action: step.action, status: 'skipped', detail: `needs the output of step ${depends.join(', ')}, which a dry run does not create` });
    } else {
      try {
        await send(options.ec2, step.action, { ...step.params, DryRun: true });
        results.push({ index, action: step.action, status: 'validated' });
      } catch (error) {
        const ok = errorCode(error) === 'DryRunOperation';
        results.push({ index, action: step.action, status: ok ? 'validated' : 'failed', ...(ok ? {} : { detail: errorText(error) }) });
      }
    }
    const last = results[results.length - 1]!;
    log(`[${index}/${plan.steps.length}] ${step.action}: ${last.status}${last.detail ? ` (${last.detail})` : ''}`);
  }
  return { ok: results.every((r) => r.status !== 'failed'), dryRun: true, steps: results };
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
  const calls = undoPlan(journal);
  if (options.confirm && !(await options.confirm(calls, journal))) return journal;
  if (options.dryRun) {
    await validateUndo(options.ec2, calls, log);
    return journal;
  }
  const save = () => writeJournal(journalPath, journal, now(), key!);
  const incomplete = await locked(options, journal.origin?.vpcId, journal.plan.steps, () => rollback(journal, options.ec2, wait, log, save, now));
  const state: JournalState = incomplete.length > 0 ? 'undo-incomplete' : 'undone';
  journal.state = state;
  save();
  if (incomplete.length > 0) throw new AnalysisError(`undo incomplete: ${incomplete.join('; ')}; see ${journalPath}`);
  return journal;
}
