// WaitVpcBlockPublicAccessExclusion{Complete,Deleted}: vpcdoctor's own steps. An exclusion is created
// (and deleted) asynchronously, and BPA drops the traffic until it is create-complete, so the applier
// polls DescribeVpcBlockPublicAccessExclusions, as it polls DescribeNatGateways for a NAT gateway.
import { poll, type WaitOptions } from './calls.js';

type Send = (action: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;
interface ExclusionState { ExclusionId?: string; State?: string; Reason?: string }

const IN_EFFECT = new Set(['create-complete', 'update-complete']);
const FAILED = new Set(['create-failed', 'update-failed', 'delete-in-progress', 'delete-complete', 'disable-in-progress', 'disable-complete']);
const NOT_FOUND = /NotFound/i;

export async function waitForExclusions(send: Send, errorCode: (e: unknown) => string, ids: string[], wanted: 'complete' | 'deleted', wait: WaitOptions): Promise<Record<string, unknown>> {
  return poll(wait, async () => {
    let states: ExclusionState[];
    try {
      states = ((await send('DescribeVpcBlockPublicAccessExclusions', { ExclusionIds: ids })).VpcBlockPublicAccessExclusions ?? []) as ExclusionState[];
    } catch (error) {
      if (wanted === 'deleted' && NOT_FOUND.test(errorCode(error))) return { ExclusionIds: ids, State: 'delete-complete' };
      throw error;
    }
    const state = (id: string) => states.find((e) => e.ExclusionId === id);
    if (wanted === 'complete') {
      const bad = states.find((e) => FAILED.has(e.State ?? ''));
      if (bad) throw new Error(`exclusion ${bad.ExclusionId} is ${bad.State}${bad.Reason ? ` (${bad.Reason})` : ''}`);
      if (ids.every((id) => IN_EFFECT.has(state(id)?.State ?? ''))) return { ExclusionIds: ids, State: 'create-complete' };
    } else if (ids.every((id) => !state(id) || state(id)!.State === 'delete-complete')) {
      return { ExclusionIds: ids, State: 'delete-complete' };
    }
    return undefined;
  }, () => `exclusion ${ids.join(', ')} not ${wanted === 'complete' ? 'create-complete' : 'deleted'} after ${Math.round(wait.timeoutMs / 1000)} s`);
}
