// What `undo` will do, before it does it: each call, on which resource, undoing which step; shown
// and confirmed like a --fix plan, or sent with DryRun so AWS checks each call and changes nothing.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AnalysisError } from '../../errors.js';
import { resolveRefs } from '../refs.js';
import { WAIT_DELETED } from '../types.js';
import { errorCode, errorText, send } from './calls.js';
import { undoTarget } from './guard.js';
import { outputsOf, type Journal } from './journal.js';
import { undoCommand } from './origin.js';

export interface UndoPlanCall {
  /** The journal step this call undoes. */
  step: number;
  stepAction: string;
  action: string;
  /** The resource it acts on (ids resolved from the journal's outputs). */
  target: string;
  params: Record<string, unknown>;
}

/** Steps rollback would revisit: done, or a rollback that failed and is retried. */
export function undoableStatus(status: string): boolean {
  return status === 'done' || status === 'rollback-failed';
}

/** The undo calls, newest step first, in the order undo sends them. */
export function undoPlan(journal: Journal): UndoPlanCall[] {
  const outputs = outputsOf(journal);
  const calls: UndoPlanCall[] = [];
  for (const entry of [...journal.steps].reverse()) {
    if (!undoableStatus(entry.status)) continue;
    for (const undo of journal.plan.steps[entry.index - 1]?.undo ?? []) {
      const params = resolveRefs(undo.params, outputs);
      calls.push({ step: entry.index, stepAction: entry.action, action: undo.action, target: undoTarget(undo.action, params), params });
    }
  }
  return calls;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function renderUndoPlan(calls: UndoPlanCall[], journal: Journal, path: string): string {
  const where = journal.origin ? ` in account ${journal.origin.account}, ${journal.origin.region} (${journal.origin.vpcId})` : '';
  if (calls.length === 0) return `Nothing to undo in ${path}: no step of it is applied (state ${journal.state}).`;
  const lines = [`Undo plan for ${path}, applied ${journal.createdAt}${where}: ${calls.length} call${calls.length === 1 ? '' : 's'}`];
  calls.forEach((c, i) => {
    const details = Object.entries(c.params).map(([k, v]) => `${k}=${shown(v)}`).join(' ');
    lines.push(`  ${i + 1}. ${c.action} on ${c.target} (undoes step ${c.step}, ${c.stepAction}): ${details}`);
  });
  return lines.join('\n');
}

/** `undo --dry-run`: every call sent with DryRun (the wait skipped); throws if AWS refused any. */
export async function validateUndo(ec2: EC2Client, calls: UndoPlanCall[], log: (line: string) => void): Promise<void> {
  const refused: string[] = [];
  for (const [i, c] of calls.entries()) {
    let status = 'validated';
    if (c.action === WAIT_DELETED) status = 'skipped (a wait: nothing to validate)';
    else {
      try {
        await send(ec2, c.action, { ...c.params, DryRun: true });
      } catch (error) {
        if (errorCode(error) !== 'DryRunOperation') {
          status = `failed (${errorText(error)})`;
          refused.push(`${c.action} on ${c.target}: ${errorText(error)}`);
        }
      }
    }
    log(`[${i + 1}/${calls.length}] ${c.action} on ${c.target}: ${status}`);
  }
  if (refused.length > 0) throw new AnalysisError(`undo --dry-run: AWS would refuse ${refused.length} of ${calls.length} calls: ${refused.join('; ')}; nothing was changed`);
}

/** After a second Ctrl-C: what of the journal is still applied, and the command that reverts it. */
export function leftoverText(journal: Journal, path: string): string {
  const left = [...journal.steps].reverse()
    .filter((s) => (undoableStatus(s.status) || s.status === 'running') && (journal.plan.steps[s.index - 1]?.undo ?? []).length > 0)
    .map((s) => `step ${s.index} (${s.action}${s.status === 'running' ? ', in flight' : ''})`);
  if (left.length === 0) return `Nothing of ${path} is left applied.`;
  return `Left applied: ${left.join(', ')}. Finish the rollback with: ${undoCommand(path, journal.origin)}`;
}
