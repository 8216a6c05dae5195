// One short-lived probe function per subnet: create (that subnet, the function's own security
// groups and role) → wait until Active → invoke once → delete. Deletion runs in a finally for every
// name whose creation was attempted, so a failure at any step or a Ctrl-C leaves nothing behind.
import { AnalysisError } from '../errors.js';
import { createFailure, deniedOr, describeFailure, isFatalProbeError } from './errors.js';
import {
  CREATED_BY_TAG, PROBE_MEMORY_MB, PROBE_OF_TAG, PROBE_RUNTIME, PROBE_TIMEOUT_S, handlerZip, probeFunctionName,
} from './package.js';
import type { ProbeTarget, SubnetProbe, TargetProbe } from './types.js';

export interface Sender {
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>;
}

/** The function being probed, as far as its probes copy it. */
export interface ProbeSubject {
  functionName: string;
  role: string;
  securityGroupIds: string[];
  ipv6AllowedForDualStack?: boolean;
  subnets: { subnetId: string; availabilityZone: string }[];
}

/** Where SIGINT / SIGTERM come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface ProbeRunOptions {
  lambda: Sender;
  region: string;
  /** Distinguishes this run's probe names from any other run's. */
  runId: string;
  signals?: SignalSource;
  /** Progress lines (the spinner's text). */
  onStep?: (text: string) => void;
  /** How long to wait for a probe to become Active (s). */
  activeWaitSeconds?: number;
  /** Pause between GetFunction polls while the probe is Pending (ms). */
  pollMs?: number;
  /** Pause between delete attempts (ms); tests make it short. */
  deletePauseMs?: number;
}

export interface ProbeRun {
  subnets: SubnetProbe[];
  /** Probe functions that could not be deleted (named so the user can remove them). */
  leftovers: string[];
}

export async function runProbes(subject: ProbeSubject, targets: ProbeTarget[], options: ProbeRunOptions): Promise<ProbeRun> {
  const controller = new AbortController();
  const signals = options.signals ?? process;
  let interrupted = false;
  const onSignal = () => {
    if (!interrupted) options.onStep?.('interrupted: deleting the probe functions…');
    interrupted = true;
    controller.abort();
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  const leftovers: string[] = [];
  let fatal: unknown;
  try {
    const zip = handlerZip();
    const settled = await Promise.all(subject.subnets.map((subnet) => {
      const name = probeFunctionName(subject.functionName, options.runId, subnet.subnetId, subnet.availabilityZone);
      return probeSubnet(name, subject, subnet, targets, zip, options, controller.signal, leftovers).catch((error: unknown): SubnetProbe => {
        if (isFatalProbeError(error) || controller.signal.aborted) {
          fatal ??= error;
          controller.abort();
        }
        return { ...subnet, probeFunction: name, results: [], error: describeFailure(error) };
      });
    }));
    if (interrupted) throw new AnalysisError(`interrupted: ${leftovers.length === 0 ? 'every probe function was deleted' : `could not delete ${leftovers.join(', ')}`}`);
    if (fatal !== undefined) throw fatal;
    return { subnets: settled, leftovers };
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  }
}

async function probeSubnet(
  name: string, subject: ProbeSubject, subnet: { subnetId: string; availabilityZone: string }, targets: ProbeTarget[], zip: Uint8Array,
  options: ProbeRunOptions, signal: AbortSignal, leftovers: string[],
): Promise<SubnetProbe> {
  const { CreateFunctionCommand, InvokeCommand } = await import('@aws-sdk/client-lambda');
  signal.throwIfAborted();
  let attempted = false;
  try {
    options.onStep?.(`creating probe in ${subnet.subnetId} (${subnet.availabilityZone})`);
    attempted = true;
    await create(options.lambda, new CreateFunctionCommand({
      FunctionName: name, Runtime: PROBE_RUNTIME, Role: subject.role, Handler: 'index.handler',
      Code: { ZipFile: zip }, Timeout: PROBE_TIMEOUT_S, MemorySize: PROBE_MEMORY_MB, Publish: false,
      Description: `vpcdoctor probe of ${subject.functionName}; deleted after one run, safe to delete`,
      VpcConfig: {
        SubnetIds: [subnet.subnetId], SecurityGroupIds: subject.securityGroupIds,
        ...(subject.ipv6AllowedForDualStack ? { Ipv6AllowedForDualStack: true } : {}),
      },
      Tags: { [CREATED_BY_TAG]: 'vpcdoctor probe', [PROBE_OF_TAG]: subject.functionName },
    }), signal, (error) => createFailure(error, subject.role, options.region));
    options.onStep?.(`waiting for the probe in ${subnet.availabilityZone} to become Active`);
    await waitUntilActive(options.lambda, name, (options.activeWaitSeconds ?? 300) * 1000, signal, options.pollMs ?? 2000)
      .catch((error: unknown) => { throw deniedOr(error, 'lambda:GetFunction'); });
    options.onStep?.(`probing from ${subnet.availabilityZone}`);
    const invoke = new InvokeCommand({ FunctionName: name, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify({ targets })) });
    const response = await Promise.resolve().then(() => options.lambda.send(invoke, { abortSignal: signal }))
      .catch((error: unknown) => { throw deniedOr(error, 'lambda:InvokeFunction'); });
    return { ...subnet, probeFunction: name, results: parseAnswer(response) };
  } finally {
    if (attempted && !(await deleteProbe(options.lambda, name, options.deletePauseMs))) leftovers.push(name);
  }
}

/**
 * GetFunction until State is Active, as waitUntilFunctionActiveV2 does, but failing at once on an
 * error (that waiter retries every error, AccessDenied included, until its time is up) and
 * naming the StateReasonCode when creation fails (e.g. SubnetOutOfIPAddresses).
 */
async function waitUntilActive(lambda: Sender, name: string, maxWaitMs: number, signal: AbortSignal, pollMs: number): Promise<void> {
  const { GetFunctionCommand } = await import('@aws-sdk/client-lambda');
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const { Configuration: c } = await lambda.send(new GetFunctionCommand({ FunctionName: name }), { abortSignal: signal }) as {
      Configuration?: { State?: string; StateReasonCode?: string; StateReason?: string };
    };
    if (c?.State === 'Active') return;
    if (c?.State === 'Failed' || c?.State === 'Inactive') throw new Error(`the probe did not become Active: ${c.State} (${c.StateReasonCode ?? 'no reason code'}: ${c.StateReason ?? ''})`);
    if (Date.now() + pollMs > deadline) throw new Error(`the probe was still ${c?.State ?? 'Pending'} after ${Math.round(maxWaitMs / 1000)} s`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
    });
  }
}

async function create(lambda: Sender, command: unknown, signal: AbortSignal, explain: (error: unknown) => Error): Promise<void> {
  try {
    await lambda.send(command, { abortSignal: signal });
  } catch (error) {
    throw signal.aborted ? error : explain(error);
  }
}

const DELETE_ATTEMPTS = 3;

/**
 * Deletes one probe function, never with the run's abort signal; gone already counts as deleted.
 * Tried again on top of the SDK's own retries: a probe left behind costs more than a second wait.
 */
export async function deleteProbe(lambda: Sender, name: string, pauseMs = 1000): Promise<boolean> {
  const { DeleteFunctionCommand } = await import('@aws-sdk/client-lambda');
  for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt += 1) {
    try {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
      return true;
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'ResourceNotFoundException') return true;
      if (attempt < DELETE_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
  return false;
}

function parseAnswer(response: { FunctionError?: string; Payload?: Uint8Array }): TargetProbe[] {
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  let body: { results?: TargetProbe[]; errorMessage?: string } = {};
  try {
    body = JSON.parse(text || '{}') as typeof body;
  } catch {
    throw new Error(`the probe answered something that is not JSON: ${text.slice(0, 100)}`);
  }
  if (response.FunctionError) throw new Error(`the probe failed (${response.FunctionError}): ${body.errorMessage ?? 'no message'}`);
  if (!Array.isArray(body.results)) throw new Error('the probe answered without results');
  return body.results;
}
