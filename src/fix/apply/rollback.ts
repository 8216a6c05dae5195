// Rollback: the done steps undone newest first, each recorded in the journal as it goes; shared by
// a failed or interrupted apply and by `undo`.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { resolveRefs } from '../refs.js';
import { call, errorCode, errorText, type WaitOptions } from './calls.js';
import { outputsOf, type Journal } from './journal.js';
import { settleUnknownOutcomes } from './recover.js';
import { checkRoutePointsAt, routeTarget, RouteMovedError } from './route-check.js';
import { undoableStatus } from './undo-plan.js';

/** Undoes the done steps in reverse; returns what could not be undone. */
export async function rollback(journal: Journal, ec2: EC2Client, wait: WaitOptions, log: (line: string) => void, save: () => void, now: () => string): Promise<string[]> {
  const { changed, unsettled } = await settleUnknownOutcomes(journal, ec2, log);
  if (changed) save();
  const outputs = outputsOf(journal);
  const incomplete: string[] = [...unsettled];
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

/** Steps whose undo deletes what the step itself created (versus putting back what it changed). */
function createdByStep(action: string): boolean {
  return /^(Create|Allocate|Associate|Authorize)/.test(action);
}
