// EC2 calls by action name. The SDK is loaded lazily, here only, so that analysing a snapshot
// never loads it. WaitNatGateway* are vpcdoctor's own steps: the SDK's NAT gateway waiters (and
// WaitVpcBlockPublicAccessExclusion*: wait-exclusion.ts).
import type { EC2Client } from '@aws-sdk/client-ec2';
import { WAIT_ADDRESS_RELEASED, WAIT_AVAILABLE, WAIT_DELETED, WAIT_ENDPOINT_AVAILABLE, WAIT_ENDPOINT_DELETED, WAIT_EXCLUSION_COMPLETE, WAIT_EXCLUSION_DELETED } from '../types.js';
import { waitForExclusions } from './wait-exclusion.js';

type Ec2Module = typeof import('@aws-sdk/client-ec2');
let loaded: Promise<Ec2Module> | undefined;

export interface WaitOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  /** SIGINT/SIGTERM: stops a wait at once (WaitInterrupted). */
  signal?: AbortSignal;
}

export function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

export function errorText(error: unknown): string {
  return `${errorCode(error)}: ${(error as Error)?.message ?? String(error)}`;
}

export async function send(ec2: EC2Client, action: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const sdk = await (loaded ??= import('@aws-sdk/client-ec2'));
  const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${action}Command`];
  if (typeof Command !== 'function') throw new Error(`${action} is not an EC2 action`);
  const output = (await (ec2 as unknown as { send(command: unknown): Promise<Record<string, unknown> | undefined> }).send(new Command(params))) ?? {};
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

/** Runs a step's call, the wait steps included. */
export async function call(ec2: EC2Client, action: string, params: Record<string, unknown>, wait: WaitOptions): Promise<Record<string, unknown>> {
  if (action === WAIT_AVAILABLE || action === WAIT_DELETED) return waitFor(ec2, params.NatGatewayIds as string[], action === WAIT_AVAILABLE ? 'available' : 'deleted', wait);
  if (action === WAIT_ENDPOINT_AVAILABLE || action === WAIT_ENDPOINT_DELETED) return waitForEndpoints(ec2, params.VpcEndpointIds as string[], action === WAIT_ENDPOINT_AVAILABLE ? 'available' : 'deleted', interruptible(wait));
  if (action === WAIT_EXCLUSION_COMPLETE || action === WAIT_EXCLUSION_DELETED) {
    return waitForExclusions((a, p) => send(ec2, a, p), errorCode, params.ExclusionIds as string[], action === WAIT_EXCLUSION_COMPLETE ? 'complete' : 'deleted', interruptible(wait));
  }
  if (action === WAIT_ADDRESS_RELEASED) return waitForRelease(ec2, params.NatGatewayIds as string[], params.AllocationIds as string[], wait);
  return send(ec2, action, params);
}

const NOT_FOUND = /NotFound/i;

/** Calls `check` every wait.pollIntervalMs until it returns a result; past wait.timeoutMs throws `timeout()`. */
export async function poll<T>(wait: WaitOptions, check: () => Promise<T | undefined>, timeout: () => string): Promise<T> {
  const deadline = Date.now() + wait.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await wait.sleep(wait.pollIntervalMs);
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() + wait.pollIntervalMs >= deadline) throw new Error(timeout());
  }
}

/** A wait cut short by SIGINT/SIGTERM (WaitOptions.signal): nothing to undo; the run rolls back. */
export class WaitInterrupted extends Error {}

/** wait.sleep, cut short by wait.signal (for the waits no SDK waiter covers). */
function interruptible(wait: WaitOptions): WaitOptions {
  const { signal } = wait;
  if (!signal) return wait;
  const sleep = (ms: number) => new Promise<void>((resolve, reject) => {
    const stop = () => reject(new WaitInterrupted('the wait was interrupted'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    void wait.sleep(ms).then(() => { signal.removeEventListener('abort', stop); resolve(); }, reject);
  });
  return { ...wait, sleep };
}

type NatState = { NatGatewayId?: string; State?: string; FailureCode?: string; FailureMessage?: string };

/**
 * The SDK's NAT gateway waiters: DescribeNatGateways polled with backoff, NatGatewayNotFound read
 * as "not visible yet" (available) or "gone" (deleted), bounded by wait.timeoutMs and stopped by
 * wait.signal. What they cannot do is done here: say why a NAT gateway failed (its FailureCode, one
 * more DescribeNatGateways), name the NAT gateway in a timeout, wait until a regional NAT gateway's
 * address in each AZ is associated (the waiter stops at "available"), and not wait on one that
 * failed at creation: the deleted waiter would poll it until it times out, though it holds no
 * address and bills nothing (AWS removes it by itself).
 */
async function waitFor(ec2: EC2Client, ids: string[], wanted: 'available' | 'deleted', wait: WaitOptions): Promise<Record<string, unknown>> {
  const sdk = await (loaded ??= import('@aws-sdk/client-ec2'));
  if (wait.signal?.aborted) throw new WaitInterrupted(`the wait for ${ids.join(', ')} to be ${wanted} was interrupted`);
  const waitOn = wanted === 'deleted' ? await notFailed(ec2, ids) : ids;
  if (waitOn.length === 0) return { NatGatewayIds: ids, State: wanted };
  const minDelay = Math.max(wait.pollIntervalMs / 1000, 0.001);
  const config = { client: ec2, minDelay, maxDelay: minDelay * 2, maxWaitTime: Math.max(wait.timeoutMs / 1000, minDelay * 3), abortSignal: wait.signal };
  try {
    await (wanted === 'available' ? sdk.waitUntilNatGatewayAvailable : sdk.waitUntilNatGatewayDeleted)(config, { NatGatewayIds: waitOn });
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'AbortError') throw new WaitInterrupted(`the wait for ${ids.join(', ')} to be ${wanted} was interrupted`);
    if (name === 'TimeoutError') throw new Error(`NAT gateway ${ids.join(', ')} not ${wanted} after ${Math.round(wait.timeoutMs / 1000)} s`);
    throw new Error(await whyNot(ec2, waitOn, wanted), { cause: error });
  }
  if (wanted === 'available') await addressesSettled(ec2, ids, interruptible(wait));
  return { NatGatewayIds: ids, State: wanted };
}

async function describeNats(ec2: EC2Client, ids: string[]): Promise<NatState[]> {
  return ((await send(ec2, 'DescribeNatGateways', { NatGatewayIds: ids })).NatGateways ?? []) as NatState[];
}

async function notFailed(ec2: EC2Client, ids: string[]): Promise<string[]> {
  try {
    const failed = new Set((await describeNats(ec2, ids)).filter((n) => n.State === 'failed').map((n) => n.NatGatewayId));
    return ids.filter((id) => !failed.has(id));
  } catch (error) {
    if (NOT_FOUND.test(errorCode(error))) return [];
    throw error;
  }
}

/** The waiter reports only FAILURE: which NAT gateway, in which state, and AWS's reason. */
async function whyNot(ec2: EC2Client, ids: string[], wanted: string): Promise<string> {
  try {
    const bad = (await describeNats(ec2, ids)).find((n) => n.State !== wanted);
    if (bad) return `NAT gateway ${bad.NatGatewayId} is ${bad.State}${bad.FailureCode ? ` (${bad.FailureCode}: ${bad.FailureMessage ?? ''})` : ''}`;
  } catch (error) {
    return `NAT gateway ${ids.join(', ')} did not become ${wanted}: ${errorText(error)}`;
  }
  return `NAT gateway ${ids.join(', ')} did not become ${wanted}`;
}

/** A regional NAT gateway serves an AZ once that AZ's address is associated: poll until every address has. */
async function addressesSettled(ec2: EC2Client, ids: string[], wait: WaitOptions): Promise<void> {
  await poll(wait, async () => {
    const nats = (await describeNats(ec2, ids)) as (NatState & { NatGatewayAddresses?: { Status?: string }[] })[];
    return nats.every((n) => (n.NatGatewayAddresses ?? []).every((a) => a.Status === undefined || a.Status === 'succeeded')) ? true : undefined;
  }, () => `NAT gateway ${ids.join(', ')}: addresses not associated after ${Math.round(wait.timeoutMs / 1000)} s`);
}

const ENDPOINT_FAILED = new Set(['failed', 'rejected', 'expired', 'deleted', 'deleting']);

async function waitForEndpoints(ec2: EC2Client, ids: string[], wanted: 'available' | 'deleted', wait: WaitOptions): Promise<Record<string, unknown>> {
  return poll(wait, async () => {
    let states: { VpcEndpointId?: string; State?: string; LastError?: { Code?: string; Message?: string } }[];
    try {
      states = ((await send(ec2, 'DescribeVpcEndpoints', { VpcEndpointIds: ids })).VpcEndpoints ?? []) as typeof states;
    } catch (error) {
      if (wanted === 'deleted' && NOT_FOUND.test(errorCode(error))) return { VpcEndpointIds: ids, State: 'deleted' };
      throw error;
    }
    const state = (id: string) => states.find((e) => e.VpcEndpointId === id)?.State?.toLowerCase();
    if (wanted === 'available') {
      const bad = states.find((e) => ENDPOINT_FAILED.has(e.State?.toLowerCase() ?? ''));
      if (bad) throw new Error(`VPC endpoint ${bad.VpcEndpointId} is ${bad.State}${bad.LastError?.Code ? ` (${bad.LastError.Code}: ${bad.LastError.Message ?? ''})` : ''}`);
      if (ids.every((id) => state(id) === 'available')) return { VpcEndpointIds: ids, State: 'available' };
    } else if (ids.every((id) => state(id) === undefined || state(id) === 'deleted')) {
      return { VpcEndpointIds: ids, State: 'deleted' };
    }
    return undefined;
  }, () => `VPC endpoint ${ids.join(', ')} not ${wanted} after ${Math.round(wait.timeoutMs / 1000)} s`);
}

/** Until none of `allocations` is on the NAT gateways any more (or is disassociated), so that it can be released. */
async function waitForRelease(ec2: EC2Client, natIds: string[], allocations: string[], wait: WaitOptions): Promise<Record<string, unknown>> {
  return poll(wait, async () => {
    let nats: { NatGatewayAddresses?: { AllocationId?: string; Status?: string }[] }[];
    try {
      nats = ((await send(ec2, 'DescribeNatGateways', { NatGatewayIds: natIds })).NatGateways ?? []) as typeof nats;
    } catch (error) {
      if (NOT_FOUND.test(errorCode(error))) return { AllocationIds: allocations, State: 'released' };
      throw error;
    }
    const held = nats.flatMap((n) => n.NatGatewayAddresses ?? []).filter((a) => allocations.includes(a.AllocationId ?? '') && a.Status !== 'disassociated');
    return held.length === 0 ? { AllocationIds: allocations, State: 'released' } : undefined;
  }, () => `${allocations.join(', ')} still on ${natIds.join(', ')} after ${Math.round(wait.timeoutMs / 1000)} s`);
}
