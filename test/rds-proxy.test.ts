// RDS Proxy targets beyond the fixture table: how specs resolve (proxy, proxy endpoint, host, a
// database of the same name), a port the proxy does not listen on, and a probe that reaches the
// proxy while the proxy cannot reach its database.
import { readFileSync } from 'node:fs';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { resolveTarget } from '../src/analyze/targets.js';
import { InputError } from '../src/errors.js';
import { NetworkModel } from '../src/model/network.js';
import { probeReport } from '../src/probe/index.js';
import type { ProbeTarget } from '../src/probe/types.js';
import type { Snapshot } from '../src/snapshot/types.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}/snapshot.json`, import.meta.url), 'utf8')) as Snapshot;
const HOST = 'mobile-auth-proxy.proxy-c9akciq32.us-west-2.rds.amazonaws.com';

describe('RDS Proxy target specs', () => {
  const model = new NetworkModel(load('31-rds-proxy-endpoint-in-function-vpc-healthy'));

  it('rds:<proxy> is the default endpoint, in the proxy\'s VPC, on the engine family\'s port', () => {
    const { goal } = resolveTarget('rds:mobile-auth-proxy', model);
    expect(goal).toMatchObject({ kind: 'proxy', port: 5432, host: HOST, proxy: { name: 'mobile-auth-proxy', endpoint: { isDefault: true, vpcId: 'vpc-0e7f8a9b0c1d2e3f4' } } });
  });

  it('rds:<endpoint> is that endpoint, in its own VPC, with its role', () => {
    const { goal } = resolveTarget('RDS:mobile-auth-app', model);
    expect(goal).toMatchObject({ kind: 'proxy', port: 5432, proxy: { name: 'mobile-auth-proxy', endpoint: { name: 'mobile-auth-app', isDefault: false, vpcId: 'vpc-6144d219', role: 'READ_WRITE' } } });
  });

  it('a proxy endpoint host is the proxy, whatever its case', () => {
    const { goal } = resolveTarget(`${HOST.toUpperCase()}:5432`, model);
    expect(goal).toMatchObject({ kind: 'proxy', port: 5432, proxy: { name: 'mobile-auth-proxy' } });
  });

  it('a typo suggests the proxy names too', () => {
    expect(() => resolveTarget('rds:mobile-auth-prox', model)).toThrow(InputError);
    expect(() => resolveTarget('rds:mobile-auth-prox', model)).toThrow(/rds:mobile-auth-proxy/);
  });

  it('a database of the same name wins', () => {
    const snapshot = load('31-rds-proxy-healthy');
    snapshot.rds.DBProxies![0]!.DBProxyName = 'mobile-auth-db';
    expect(resolveTarget('rds:mobile-auth-db', new NetworkModel(snapshot)).goal.kind).toBe('database');
  });
});

describe('RDS Proxy paths', () => {
  it('a port the proxy does not listen on is not reachable', () => {
    const report = analyze(load('31-rds-proxy-healthy'), { functions: ['mobile-auth-handler'], targets: [`${HOST}:3306`] });
    const path = report.functions[0]!.targets[0]!.paths[0]!;
    expect(path.verdict).toBe('unreachable');
    expect(path.hops.find((h) => h.kind === 'rds-proxy')).toMatchObject({ ok: false, detail: expect.stringContaining('listens on 5432') });
  });

  it('TargetHealth shows in the database hop, and AUTH_FAILURE leaves the network verdict alone', () => {
    const report = analyze(load('31-rds-proxy-target-auth-failure'), { functions: ['mobile-auth-handler'], targets: ['rds:mobile-auth-proxy'] });
    const path = report.functions[0]!.targets[0]!.paths[0]!;
    expect(path.verdict).toBe('reachable');
    expect(path.hops.at(-1)).toMatchObject({ kind: 'database', ok: true, codes: ['RDS_PROXY_AUTH_FAILURE'], detail: expect.stringContaining('TargetHealth UNAVAILABLE (AUTH_FAILURE)') });
  });
});

describe('a probe of a proxy path', () => {
  it('a connection to the proxy does not contradict a broken proxy → database hop', async () => {
    const lambda = mockClient(LambdaClient);
    try {
      lambda.on(CreateFunctionCommand).resolves({});
      lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Active' } });
      lambda.on(InvokeCommand).callsFake((input) => {
        const event = JSON.parse(new TextDecoder().decode(input.Payload)) as { targets: ProbeTarget[] };
        const results = event.targets.map((t) => ({ target: t.target, host: t.host, port: t.port, outcome: 'connected', dns: { addresses: ['172.31.85.9'], ms: 2 }, tcp: { address: '172.31.85.9', outcome: 'connected', ms: 3 } }));
        return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify({ probeVersion: 1, ms: 30, results })) };
      });
      lambda.on(DeleteFunctionCommand).resolves({});
      lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
      const snapshot = load('31-rds-proxy-sg-not-admitted-by-db');
      const report = analyze(snapshot, { functions: ['mobile-auth-handler'], targets: ['rds:mobile-auth-proxy'] });
      await probeReport(snapshot, report, { progress: false }, new LambdaClient({ region: 'us-west-2' }));
      const fr = report.functions[0]!;
      expect(fr.targets[0]!.verdict).toBe('unreachable');
      expect(fr.targets[0]!.paths.map((p) => p.probe?.agrees)).toEqual([true, true]);
      expect(fr.findings.map((f) => f.code)).not.toContain('PROBE_DISAGREES');
    } finally {
      lambda.restore();
    }
  });
});

describe('RDS Proxy data denied', () => {
  it('an endpoint the environment names while DescribeDBProxyEndpoints was denied is unknown, never left out', () => {
    const snapshot = load('31-rds-proxy-endpoint-in-function-vpc-healthy');
    delete snapshot.rds.DBProxyEndpoints;
    snapshot.denied = ['rds:DescribeDBProxyEndpoints'];
    const fr = analyze(snapshot, { functions: ['mobile-auth-handler'] }).functions[0]!;
    const target = fr.targets.find((t) => t.target === 'rds:mobile-auth-app');
    expect(target?.verdict).toBe('unknown');
    expect(target?.paths[0]!.hops.at(-1)).toMatchObject({ kind: 'rds-proxy', ok: null, codes: ['PERMISSION_DENIED'] });
  });
});
