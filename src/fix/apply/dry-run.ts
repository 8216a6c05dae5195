// `--fix --dry-run` and `apply --dry-run`: each call that needs no earlier step's output is sent
// with DryRun, so AWS checks permissions and parameters and changes nothing.
import { referencedSteps } from '../refs.js';
import { WAITS, type FixPlan } from '../types.js';
import { errorCode, errorText, send } from './calls.js';
import type { ApplyOptions, ApplyResult, StepResult } from './index.js';

/** Every call sent with DryRun: AWS checks permissions and parameters, and changes nothing. */
export async function dryRun(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  const log = options.log ?? (() => {});
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
