// EC2 calls by action name. The SDK is loaded lazily, here only, so that analysing a snapshot
// never loads it. WaitNatGateway* are vpcdoctor's own steps: DescribeNatGateways polled (and
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
  if (action === WAIT_ENDPOINT_AVAILABLE || action === WAIT_ENDPOINT_DELETED) return waitForEndpoints(ec2, params.VpcEndpointIds as string[], action === WAIT_ENDPOINT_AVAILABLE ? 'available' : 'deleted', wait);
  if (action === WAIT_EXCLUSION_COMPLETE || action === WAIT_EXCLUSION_DELETED) {
    return waitForExclusions((a, p) => send(ec2, a, p), errorCode, params.ExclusionIds as string[], action === WAIT_EXCLUSION_COMPLETE ? 'complete' : 'deleted', wait);
  }
  if (action === WAIT_ADDRESS_RELEASED) return waitForRelease(ec2, params.NatGatewayIds as string[], params.AllocationIds as string[], wait);
  return send(ec2, action, params);
}

const NOT_FOUND = /NotFound/i;

async function waitFor(ec2: EC2Client, ids: string[], wanted: 'available' | 'deleted', wait: WaitOptions): Promise<Record<string, unknown>> {
  const deadline = Date.now() + wait.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await wait.sleep(wait.pollIntervalMs);
    let states: { NatGatewayId?: string; State?: string; FailureCode?: string; FailureMessage?: string; NatGatewayAddresses?: { Status?: string }[] }[];
    try {
      const output = await send(ec2, 'DescribeNatGateways', { NatGatewayIds: ids });
      states = (output.NatGateways ?? []) as typeof states;
    } catch (error) {
      if (wanted === 'deleted' && NOT_FOUND.test(errorCode(error))) return { NatGatewayIds: ids, State: 'deleted' };
      throw error;
    }
    const state = (id: string) => states.find((n) => n.NatGatewayId === id);
    if (wanted === 'available') {
      const bad = states.find((n) => n.State === 'failed' || n.State === 'deleting' || n.State === 'deleted');
      if (bad) throw new Error(`NAT gateway ${bad.NatGatewayId} is ${bad.State}${bad.FailureCode ? ` (${bad.FailureCode}: ${bad.FailureMessage ?? ''})` : ''}`);
      // A regional NAT gateway serves an AZ once that AZ's address is associated.
      const settled = (id: string) => (state(id)?.NatGatewayAddresses ?? []).every((a) => a.Status === undefined || a.Status === 'succeeded');
      if (ids.every((id) => state(id)?.State === 'available' && settled(id))) return { NatGatewayIds: ids, State: 'available' };
    } else if (ids.every((id) => !state(id) || state(id)!.State === 'deleted' || state(id)!.State === 'failed')) {
      return { NatGatewayIds: ids, State: 'deleted' };
    }
    if (Date.now() + wait.pollIntervalMs >= deadline) throw new Error(`NAT gateway ${ids.join(', ')} not ${wanted} after ${Math.round(wait.timeoutMs / 1000)} s`);
  }
}

const ENDPOINT_FAILED = new Set(['failed', 'rejected', 'expired', 'deleted', 'deleting']);

async function waitForEndpoints(ec2: EC2Client, ids: string[], wanted: 'available' | 'deleted', wait: WaitOptions): Promise<Record<string, unknown>> {
  const deadline = Date.now() + wait.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await wait.sleep(wait.pollIntervalMs);
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
    if (Date.now() + wait.pollIntervalMs >= deadline) throw new Error(`VPC endpoint ${ids.join(', ')} not ${wanted} after ${Math.round(wait.timeoutMs / 1000)} s`);
  }
}

/** Until none of `allocations` is on the NAT gateways any more (or is disassociated), so that it can be released. */
async function waitForRelease(ec2: EC2Client, natIds: string[], allocations: string[], wait: WaitOptions): Promise<Record<string, unknown>> {
  const deadline = Date.now() + wait.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await wait.sleep(wait.pollIntervalMs);
    let nats: { NatGatewayAddresses?: { AllocationId?: string; Status?: string }[] }[];
    try {
      nats = ((await send(ec2, 'DescribeNatGateways', { NatGatewayIds: natIds })).NatGateways ?? []) as typeof nats;
    } catch (error) {
      if (NOT_FOUND.test(errorCode(error))) return { AllocationIds: allocations, State: 'released' };
      throw error;
    }
    const held = nats.flatMap((n) => n.NatGatewayAddresses ?? []).filter((a) => allocations.includes(a.AllocationId ?? '') && a.Status !== 'disassociated');
    if (held.length === 0) return { AllocationIds: allocations, State: 'released' };
    if (Date.now() + wait.pollIntervalMs >= deadline) throw new Error(`${allocations.join(', ')} still on ${natIds.join(', ')} after ${Math.round(wait.timeoutMs / 1000)} s`);
  }
}
