// Probe answers beside the model's verdicts: agreement, PROBE_DISAGREES naming the hop the model
// would have to be wrong about, the exit code, and the evidence in every report format. The
// Lambda side is aws-sdk-client-mock; each probe's answer is made from the targets it was sent.
import { readFileSync } from 'node:fs';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { Report } from '../src/analyze/types.js';
import { probeReport } from '../src/probe/index.js';
import { exitCodeOf } from '../src/analyze/verdicts.js';
import { exitCodeWithProbe } from '../src/probe/verdict.js';
import type { ProbeTarget } from '../src/probe/types.js';
import { renderJson } from '../src/report/json.js';
import { renderJunit } from '../src/report/junit.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import type { Snapshot } from '../src/snapshot/types.js';

const lambda = mockClient(LambdaClient);
const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}/snapshot.json`, import.meta.url), 'utf8')) as Snapshot;
type Answer = (target: ProbeTarget, subnetId: string) => Record<string, unknown>;

const connected = (t: ProbeTarget) => ({ outcome: 'connected', dns: { addresses: ['198.51.100.7'], ms: 2 }, tcp: { address: '198.51.100.7', outcome: 'connected', ms: 11 }, ...(t.tls ? { tls: { outcome: 'handshake', ms: 24, protocol: 'TLSv1.3', certificateValid: true } } : {}) });
const timedOut = () => ({ outcome: 'timeout', dns: { addresses: ['198.51.100.7'], ms: 2 }, tcp: { address: '198.51.100.7', outcome: 'timeout', ms: 5000 } });

async function probed(fixture: string, answer: Answer, targets = ['internet', 'ses']): Promise<Report> {
  const subnetOf = new Map<string, string>();
  lambda.on(CreateFunctionCommand).callsFake((input) => { subnetOf.set(input.FunctionName, input.VpcConfig.SubnetIds[0]); return {}; });
  lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Active' } });
  lambda.on(InvokeCommand).callsFake((input) => {
    const event = JSON.parse(new TextDecoder().decode(input.Payload)) as { targets: ProbeTarget[] };
    const subnetId = subnetOf.get(input.FunctionName)!;
    const results = event.targets.map((t) => ({ target: t.target, host: t.host, port: t.port, ...answer(t, subnetId) }));
    return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify({ probeVersion: 1, ms: 30, results })) };
  });
  lambda.on(DeleteFunctionCommand).resolves({});
  lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
  const snapshot = load(fixture);
  const report = analyze(snapshot, { functions: ['mobile-auth-handler'], targets });
  await probeReport(snapshot, report, { progress: false }, new LambdaClient({ region: 'us-west-2' }));
  return report;
}

beforeEach(() => lambda.reset());

describe('probe evidence in the report', () => {
  it('agreeing probes: no finding, exit 0, a side-by-side line per target and subnet', async () => {
    const report = await probed('00-healthy', connected);
    const fr = report.functions[0]!;
    expect(fr.findings.filter((f) => f.code === 'PROBE_DISAGREES')).toEqual([]);
    expect(fr.targets.flatMap((t) => t.paths.map((p) => p.probe?.agrees))).toEqual([true, true, true, true]);
    expect(exitCodeWithProbe(report)).toBe(0);
    const text = renderText(report, { color: false, width: 200 });
    expect(text).toContain('Probe (a real connection from each subnet, nodejs24.x');
    expect(text).toMatch(/✓ ses from subnet-\w+ \(us-west-2\w\): model reachable; probe resolved to 198\.51\.100\.7 in 2 ms, connected to 198\.51\.100\.7:443 in 11 ms, TLS handshake \(TLSv1\.3\) in 24 ms — agrees/);
    expect(fr.probe?.subnets).toHaveLength(2);
    expect(lambda.commandCalls(DeleteFunctionCommand)).toHaveLength(2);
  });

  it('model says reachable, the probe times out: PROBE_DISAGREES (error) names the last hop out of the VPC, exit 1', async () => {
    const report = await probed('00-healthy', (t, subnet) => (t.target === 'internet' && subnet === 'subnet-b94c40f2' ? timedOut() : connected(t)));
    const fr = report.functions[0]!;
    const finding = fr.findings.find((f) => f.code === 'PROBE_DISAGREES')!;
    expect(finding).toMatchObject({ severity: 'error', targets: ['internet'], subnetIds: ['subnet-b94c40f2'] });
    expect(finding.resourceIds[0]).toMatch(/^igw-/);
    expect(finding.message).toMatch(/^From subnet subnet-b94c40f2 in us-west-2\w to internet: the model says reachable, but the probe TCP connection to 198\.51\.100\.7:443 timed out after 5000 ms; the model would have to be wrong about internet-gateway igw-/);
    expect(fr.findings[0]!.code).toBe('PROBE_DISAGREES');
    expect(exitCodeWithProbe(report)).toBe(1);

    const json = JSON.parse(renderJson(report));
    const path = json.functions[0].targets.find((t: { target: string }) => t.target === 'internet').paths.find((p: { subnetId: string }) => p.subnetId === 'subnet-b94c40f2');
    expect(path.verdict).toBe('reachable');
    expect(path.probe).toMatchObject({ outcome: 'timeout', agrees: false, evidence: { tcp: { outcome: 'timeout', ms: 5000 }, dns: { addresses: ['198.51.100.7'] } } });
    expect(path.probe.probeFunction).toMatch(/^vpcdoctor-probe-[0-9a-f]{8}-us-west-2\w$/);
    expect(json.functions[0].probe.runtime).toBe('nodejs24.x');

    expect(renderText(report, { color: false, width: 200 })).toMatch(/✗ internet from subnet-b94c40f2 .*: model reachable; probe .*timed out after 5000 ms — DISAGREES/);
    expect(renderMarkdown(report)).toMatch(/\| `internet` \| subnet-b94c40f2 .*\| reachable \| .*timed out after 5000 ms \| ✗ DISAGREES \|/);
    expect(renderJunit(report)).toMatch(/<system-out>[^<]*PROBE_DISAGREES[^<]*✗ internet from subnet-b94c40f2/);
  });

  it('model says unreachable, the probe connects: PROBE_DISAGREES (warning) names the hop it blocked at', async () => {
    const report = await probed('01-nat-no-eip', connected, ['internet']);
    const finding = report.functions[0]!.findings.find((f) => f.code === 'PROBE_DISAGREES')!;
    expect(finding.severity).toBe('warning');
    expect(finding.message).toMatch(/the model says unreachable at nat-gateway nat-\w+ \(NAT_NO_PUBLIC_IP[^)]*\), but the probe connected/);
    expect(finding.resourceIds[0]).toMatch(/^nat-/);
  });

  it('a DNS failure where the model says reachable points at the resolver', async () => {
    const report = await probed('00-healthy', (t) => (t.target === 'ses' ? { outcome: 'dns-failed', dns: { error: 'ENOTFOUND', ms: 3 } } : connected(t)), ['ses']);
    const finding = report.functions[0]!.findings.find((f) => f.code === 'PROBE_DISAGREES')!;
    expect(finding.message).toMatch(/the probe DNS lookup of email\.us-west-2\.amazonaws\.com failed \(ENOTFOUND\); the model would have to be wrong about dns /);
  });

  it('a subnet whose probe could not run says so, and compares nothing there', async () => {
    const report = await probed('00-healthy', connected, ['ses']);
    lambda.reset();
    const again = analyze(load('00-healthy'), { functions: ['mobile-auth-handler'], targets: ['10.0.0.0/16:5432', 'ses'] });
    lambda.on(CreateFunctionCommand).resolves({});
    lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Failed', StateReasonCode: 'SubnetOutOfIPAddresses', StateReason: 'no free IP' } });
    lambda.on(DeleteFunctionCommand).resolves({});
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    await probeReport(load('00-healthy'), again, { progress: false }, new LambdaClient({ region: 'us-west-2' }));
    const paths = again.functions[0]!.targets.flatMap((t) => t.paths);
    expect(paths.every((p) => p.probe?.agrees === null && p.probe.outcome === 'not-run')).toBe(true);
    expect(paths[0]!.probe!.summary).toMatch(/^not probed: 10\.0\.0\.0\/16 is a block of addresses/);
    expect(paths.at(-1)!.probe!.summary).toMatch(/could not run here: .*SubnetOutOfIPAddresses/);
    expect(exitCodeWithProbe(again)).toBe(exitCodeOf(again));
    expect(report.functions[0]!.findings.some((f) => f.code === 'PROBE_DISAGREES')).toBe(false);
  });
});
