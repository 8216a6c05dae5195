// The probe's lifecycle against a fake Lambda (aws-sdk-client-mock): create → wait Active → invoke →
// delete, with a failure injected at each step and a Ctrl-C at each step; whatever happens, no probe
// function is left, and permission problems end in one line naming the missing action.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { findLeftovers, removeLeftovers, STALE_AFTER_MS } from '../src/probe/cleanup.js';
import { runProbes, type ProbeSubject } from '../src/probe/lifecycle.js';
import { CREATED_BY_TAG, PROBE_RUNTIME } from '../src/probe/package.js';
import type { ProbeTarget } from '../src/probe/types.js';
import { AnalysisError } from '../src/errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/mobile-auth-handler-role';
const subject: ProbeSubject = {
  functionName: 'mobile-auth-handler', role: ROLE, securityGroupIds: ['sg-0aaa'],
  subnets: [{ subnetId: 'subnet-0a', availabilityZone: 'us-west-2a' }, { subnetId: 'subnet-0b', availabilityZone: 'us-west-2b' }],
};
const targets: ProbeTarget[] = [{ target: 'ses', host: 'email.us-west-2.amazonaws.com', port: 443, tls: true }];
const answer = { probeVersion: 1, ms: 40, results: [{ target: 'ses', outcome: 'connected', tcp: { address: '127.0.0.1', outcome: 'connected', ms: 3 } }] };

type Step = 'CreateFunction' | 'GetFunction' | 'Invoke' | 'DeleteFunction';
const lambda = mockClient(LambdaClient);
/** The fake account: probe functions that exist, with their tags. */
let functions: Map<string, { tags: Record<string, string>; lastModified: string }>;
let sentActions: string[];
let signals: EventEmitter;

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

function fakeAccount(fail: Partial<Record<Step, Error>> = {}, interruptAt?: Step) {
  const step = (name: Step) => {
    sentActions.push(name === 'Invoke' ? 'lambda:InvokeFunction' : `lambda:${name}`);
    if (interruptAt === name) signals.emit('SIGINT');
    if (fail[name]) throw fail[name];
  };
  lambda.on(CreateFunctionCommand).callsFake((input) => {
    sentActions.push('iam:PassRole', 'lambda:TagResource');
    step('CreateFunction');
    functions.set(input.FunctionName, { tags: input.Tags ?? {}, lastModified: new Date().toISOString() });
    return { FunctionName: input.FunctionName, State: 'Pending' };
  });
  lambda.on(GetFunctionCommand).callsFake(() => { step('GetFunction'); return { Configuration: { State: 'Active' } }; });
  lambda.on(InvokeCommand).callsFake(() => { step('Invoke'); return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) }; });
  lambda.on(DeleteFunctionCommand).callsFake((input) => {
    step('DeleteFunction');
    if (!functions.delete(input.FunctionName)) throw awsError('ResourceNotFoundException', 'Function not found');
    return {};
  });
}

const run = () => runProbes(subject, targets, {
  lambda: new LambdaClient({ region: 'us-west-2' }), region: 'us-west-2', runId: 'run-1', signals, deletePauseMs: 1, pollMs: 5,
});

beforeEach(() => {
  lambda.reset();
  functions = new Map();
  sentActions = [];
  signals = new EventEmitter();
});

describe('probe lifecycle', () => {
  it('creates one probe per subnet with that subnet, the function\'s groups and role, invokes it, deletes it', async () => {
    fakeAccount();
    const result = await run();
    expect(result.subnets.map((s) => [s.subnetId, s.results[0]?.outcome])).toEqual([['subnet-0a', 'connected'], ['subnet-0b', 'connected']]);
    expect(result.leftovers).toEqual([]);
    expect(functions.size).toBe(0);
    const created = lambda.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input);
    expect(created.map((c) => c.VpcConfig)).toEqual([
      { SubnetIds: ['subnet-0a'], SecurityGroupIds: ['sg-0aaa'] }, { SubnetIds: ['subnet-0b'], SecurityGroupIds: ['sg-0aaa'] }]);
    for (const c of created) {
      expect(c).toMatchObject({ Role: ROLE, Runtime: PROBE_RUNTIME, Handler: 'index.handler', Timeout: 30, Tags: { [CREATED_BY_TAG]: expect.any(String) } });
      expect(c.FunctionName).toMatch(/^vpcdoctor-probe-[0-9a-f]{8}-us-west-2[ab]$/);
      expect(c.Code?.ZipFile?.length).toBeGreaterThan(100);
    }
    const payload = JSON.parse(new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array));
    expect(payload).toEqual({ targets });
  });

  it.each<Step>(['GetFunction', 'Invoke'])('a failure at %s is that subnet\'s evidence, and leaves no probe function', async (step) => {
    fakeAccount({ [step]: awsError('ServiceException', `${step} broke`) });
    const result = await run();
    expect(result.subnets.every((s) => s.error?.includes(`${step} broke`) || s.error !== undefined)).toBe(true);
    expect(functions.size).toBe(0);
  });

  it('a function that fails to become Active (e.g. its subnet has no free address) leaves nothing', async () => {
    fakeAccount();
    lambda.on(GetFunctionCommand).resolvesOnce({ Configuration: { State: 'Pending' } }).resolves({ Configuration: { State: 'Failed', StateReasonCode: 'SubnetOutOfIPAddresses' } });
    const result = await run();
    expect(result.subnets[0]!.error).toMatch(/did not become Active: Failed \(SubnetOutOfIPAddresses/);
    expect(functions.size).toBe(0);
  });

  it('a probe still Pending when the wait is over counts as failed, and is deleted', async () => {
    fakeAccount();
    lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Pending' } });
    const result = await runProbes(subject, targets, { lambda: new LambdaClient({ region: 'us-west-2' }), region: 'us-west-2', runId: 'r', signals, pollMs: 20, activeWaitSeconds: 0.1 });
    expect(result.subnets[0]!.error).toMatch(/still Pending after/);
    expect(functions.size).toBe(0);
  });

  it('a CreateFunction failure stops the probe (exit 3) and leaves nothing', async () => {
    fakeAccount({ CreateFunction: awsError('ServiceException', 'internal error') });
    await expect(run()).rejects.toBeInstanceOf(AnalysisError);
    expect(functions.size).toBe(0);
  });

  it('a delete that fails once is tried again; one that keeps failing is named as left behind', async () => {
    fakeAccount();
    lambda.on(DeleteFunctionCommand).rejectsOnce(awsError('ServiceException', 'try later')).callsFake((input) => { functions.delete(input.FunctionName); return {}; });
    expect((await run()).leftovers).toEqual([]);
    expect(functions.size).toBe(0);
    lambda.on(DeleteFunctionCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:DeleteFunction'));
    const result = await run();
    expect(result.leftovers).toHaveLength(2);
    expect(result.leftovers.every((name) => functions.has(name))).toBe(true);
  });

  it.each<Step>(['CreateFunction', 'GetFunction', 'Invoke'])('Ctrl-C during %s deletes every probe function', async (step) => {
    fakeAccount({}, step);
    await expect(run()).rejects.toThrow(/interrupted: every probe function was deleted/);
    expect(functions.size).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('AccessDenied on CreateFunction: exit 3, one line naming the action, nothing created', async () => {
    fakeAccount({ CreateFunction: awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-west-2:123456789012:function:vpcdoctor-probe-1 because no identity-based policy allows the lambda:CreateFunction action') });
    const error = await run().catch((e: unknown) => e) as AnalysisError;
    expect(error).toBeInstanceOf(AnalysisError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^access denied to lambda:CreateFunction: nothing was created \(policies\/probe\.json/);
    expect(error.message).not.toContain('\n');
    expect(functions.size).toBe(0);
  });

  it('AccessDenied on iam:PassRole names PassRole and the role', async () => {
    fakeAccount({ CreateFunction: awsError('AccessDeniedException', `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:PassRole on resource: ${ROLE}`) });
    await expect(run()).rejects.toThrow(`access denied to iam:PassRole on ${ROLE}: nothing was created`);
    expect(functions.size).toBe(0);
  });

  it.each<Step>(['GetFunction', 'Invoke'])('AccessDenied on %s stops the probe with one line, and deletes what it made', async (step) => {
    fakeAccount({ [step]: awsError('AccessDeniedException', `User: u is not authorized to perform: lambda:${step === 'Invoke' ? 'InvokeFunction' : step} on resource: f`) });
    await expect(run()).rejects.toThrow(`access denied to lambda:${step === 'Invoke' ? 'InvokeFunction' : step}: the probe functions were deleted`);
    expect(functions.size).toBe(0);
  });

  it('a role without the VPC permissions: one line that says which and why, nothing created', async () => {
    fakeAccount({ CreateFunction: awsError('InvalidParameterValueException', 'The provided execution role does not have permissions to call CreateNetworkInterface on EC2') });
    const error = await run().catch((e: unknown) => e) as AnalysisError;
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(new RegExp(`^the function's execution role ${ROLE} lacks ec2:CreateNetworkInterface`));
    expect(functions.size).toBe(0);
  });

  it('sends no action outside policies/probe.json, and scopes the function actions to vpcdoctor-probe-*', async () => {
    fakeAccount();
    await run();
    const stale = new Date(Date.now() - STALE_AFTER_MS - 1000).toISOString();
    functions.set('vpcdoctor-probe-deadbeef-us-west-2a', { tags: { [CREATED_BY_TAG]: 'vpcdoctor probe' }, lastModified: stale });
    lambda.on(ListFunctionsCommand).callsFake(() => { sentActions.push('lambda:ListFunctions'); return { Functions: [...functions].map(([name, f]) => ({ FunctionName: name, FunctionArn: `arn:aws:lambda:us-west-2:123456789012:function:${name}`, LastModified: f.lastModified })) }; });
    lambda.on(ListTagsCommand).callsFake((input) => { sentActions.push('lambda:ListTags'); return { Tags: functions.get(input.Resource.split(':').pop())?.tags }; });
    const client = new LambdaClient({ region: 'us-west-2' });
    await removeLeftovers(client, await findLeftovers(client, { olderThanMs: STALE_AFTER_MS }));
    expect(functions.size).toBe(0);
    const policy = JSON.parse(readFileSync(new URL('../policies/probe.json', import.meta.url), 'utf8')) as { Statement: { Action: string | string[]; Resource: string }[] };
    const allowed = new Map(policy.Statement.flatMap((s) => [s.Action].flat().map((a) => [a, s.Resource] as const)));
    const outside = [...new Set(sentActions)].filter((a) => !allowed.has(a));
    expect(outside).toEqual([]);
    for (const action of ['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:ListTags']) {
      expect(allowed.get(action)).toBe('arn:aws:lambda:*:*:function:vpcdoctor-probe-*');
    }
    expect(allowed.get('iam:PassRole')).toMatch(/:role\//);
  });

  it('cleanup of a later run leaves young probes (another run may be using them) and untagged look-alikes alone', async () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const list = [
      { FunctionName: 'vpcdoctor-probe-11111111-us-west-2a', FunctionArn: 'arn:f:vpcdoctor-probe-11111111-us-west-2a', LastModified: '2026-12-01T11:00:00.000+0000' },
      { FunctionName: 'vpcdoctor-probe-22222222-us-west-2a', FunctionArn: 'arn:f:vpcdoctor-probe-22222222-us-west-2a', LastModified: '2026-12-01T11:58:00.000+0000' },
      { FunctionName: 'vpcdoctor-probe-33333333-us-west-2a', FunctionArn: 'arn:f:vpcdoctor-probe-33333333-us-west-2a', LastModified: '2026-12-01T10:00:00.000+0000' },
      { FunctionName: 'orders-api', FunctionArn: 'arn:f:orders-api', LastModified: '2026-01-01T00:00:00.000+0000' },
    ];
    lambda.on(ListFunctionsCommand).resolvesOnce({ Functions: list.slice(0, 2), NextMarker: 'm' }).resolvesOnce({ Functions: list.slice(2) });
    lambda.on(ListTagsCommand).callsFake((input) => ({ Tags: input.Resource.includes('33333333') ? {} : { [CREATED_BY_TAG]: 'vpcdoctor probe' } }));
    const found = await findLeftovers(new LambdaClient({ region: 'us-west-2' }), { olderThanMs: STALE_AFTER_MS, now });
    expect(found.map((f) => f.name)).toEqual(['vpcdoctor-probe-11111111-us-west-2a']);
    expect(lambda.commandCalls(ListFunctionsCommand)[1]!.args[0].input).toEqual({ Marker: 'm' });
  });
});
