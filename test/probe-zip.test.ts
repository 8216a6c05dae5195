// The zip CreateFunction receives, unpacked and run as Lambda would run it (index.mjs, export
// handler), invoked through the lifecycle against loopback ports only: the shipped bytes work.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbes } from '../src/probe/lifecycle.js';
import { handlerZip } from '../src/probe/package.js';

const lambda = mockClient(LambdaClient);
let open: Server;
let openPort = 0;
let refusedPort = 0;

beforeAll(async () => {
  open = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => open.listen(0, '127.0.0.1', resolve));
  openPort = (open.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refusedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(() => { open.close(); });

describe('the probe zip', () => {
  it('is the same bytes on every build (a fixed timestamp), and holds only index.mjs', () => {
    expect(Buffer.from(handlerZip()).equals(Buffer.from(handlerZip()))).toBe(true);
    expect(Object.keys(unzipSync(handlerZip()))).toEqual(['index.mjs']);
  });

  it('runs as Lambda runs it: connected to an open loopback port, refused on a closed one', async () => {
    const modules = new Map<string, { handler(event: unknown): Promise<unknown> }>();
    lambda.on(CreateFunctionCommand).callsFake(async (input) => {
      const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-zip-'));
      for (const [file, bytes] of Object.entries(unzipSync(input.Code.ZipFile))) writeFileSync(join(dir, file), strFromU8(bytes));
      expect(input.Handler).toBe('index.handler');
      modules.set(input.FunctionName, await import(pathToFileURL(join(dir, 'index.mjs')).href));
      return {};
    });
    lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Active' } });
    lambda.on(InvokeCommand).callsFake(async (input) => {
      const answer = await modules.get(input.FunctionName)!.handler(JSON.parse(new TextDecoder().decode(input.Payload)));
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
    });
    lambda.on(DeleteFunctionCommand).resolves({});
    const run = await runProbes(
      { functionName: 'f', role: 'arn:aws:iam::1:role/r', securityGroupIds: ['sg-1'], subnets: [{ subnetId: 'subnet-1', availabilityZone: 'us-west-2a' }] },
      [{ target: 'open', address: '127.0.0.1', port: openPort, tls: false }, { target: 'closed', address: '127.0.0.1', port: refusedPort, tls: false }],
      { lambda: new LambdaClient({ region: 'us-west-2' }), region: 'us-west-2', runId: 'zip', signals: { on() {}, off() {} } });
    expect(run.subnets[0]!.results.map((r) => [r.target, r.outcome])).toEqual([['open', 'connected'], ['closed', 'refused']]);
    expect(lambda.commandCalls(DeleteFunctionCommand)).toHaveLength(1);
  });
});
