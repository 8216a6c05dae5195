// `check --fix --yes` and `undo --yes` end to end: the built binary, the real SDK stack, and a
// stateful local EC2 endpoint (test/helpers/fake-aws.ts). The VPC is a default-VPC layout: its
// public subnets are implicitly on the main table (0.0.0.0/0 → the attached internet gateway), in
// other AZs than the function's, whose tables send 0.0.0.0/0 to a NAT gateway that cannot reach
// the internet (it sits in a function subnet, whose table routes back to it: the seed incident).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/snapshot/types.js';
import { BIN, ROOT } from './helpers/cli.js';
import { FakeAws } from './helpers/fake-aws.js';

const FUNCTION_TABLES = ['rtb-e8780b93', 'rtb-0cfe79f929a6b41a4'];
const PUBLIC_SUBNET = 'subnet-0c9e5a7b1f3d4c603';
const OLD_NAT = 'nat-01e3ffe9cc512d1df';

/** fixtures/fix-default-vpc-layout: the seed VPC, its public subnets in other AZs on a main table that routes to the internet gateway. */
function brokenDefaultVpc(): Snapshot {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', 'fix-default-vpc-layout', 'snapshot.json'), 'utf8')) as Snapshot;
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MUTATIONS = new Set(['AllocateAddress', 'CreateNatGateway', 'ReplaceRoute', 'CreateRoute', 'DeleteRoute', 'DeleteNatGateway', 'ReleaseAddress',
  'CreateSubnet', 'CreateRouteTable', 'AssociateRouteTable', 'CreateTags', 'DeleteTags']);

describe('check --fix --yes, then undo --yes, against a stateful local endpoint', () => {
  const fake = new FakeAws(brokenDefaultVpc());
  const state = mkdtempSync(join(tmpdir(), 'vpcdoctor-e2e-'));
  let env: Record<string, string>;
  let url: string;

  beforeAll(async () => {
    url = await fake.start();
    env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: state, XDG_STATE_HOME: state };
  });
  afterAll(() => fake.stop());

  it('repairs with one Elastic IP and one NAT gateway in the existing public subnet, waits for it, repoints both tables and verifies', async () => {
    const result = await run(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--endpoint-url', url, '--target', 'internet', '--fix', '--yes'], env);
    expect(result.stderr).not.toMatch(/internal error|NodeDeprecation|upgrade to node/);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const writes = fake.calls.filter((c) => MUTATIONS.has(c.action));
    const repair = writes.filter((c) => !c.action.endsWith('Tags'));
    expect(repair.map((c) => c.action)).toEqual(['AllocateAddress', 'CreateNatGateway', 'ReplaceRoute', 'ReplaceRoute']);
    const nat = fake.ec2.NatGateways!.find((n) => n.SubnetId === PUBLIC_SUBNET)!;
    expect(repair[1]!.params).toMatchObject({ SubnetId: PUBLIC_SUBNET, AllocationId: fake.ec2.Addresses!.at(-1)!.AllocationId, ConnectivityType: 'public' });
    expect(repair.slice(2).map((c) => [c.params.RouteTableId, c.params.DestinationCidrBlock, c.params.NatGatewayId])).toEqual(
      FUNCTION_TABLES.map((t) => [t, '0.0.0.0/0', nat.NatGatewayId]));
    // The wait polled DescribeNatGateways for the new gateway until it turned available, before any route moved.
    const actions = fake.actions();
    const polls = fake.calls.map((c, i) => ({ c, i })).filter(({ c }) => c.action === 'DescribeNatGateways' && (c.params.NatGatewayId as string[] | undefined)?.includes(nat.NatGatewayId as string));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.at(-1)!.i).toBeLessThan(actions.indexOf('ReplaceRoute'));
    // The second analysis (verify) collected again after the repair and saw it.
    expect(actions.lastIndexOf('DescribeRouteTables')).toBeGreaterThan(actions.lastIndexOf('ReplaceRoute'));
    expect(result.stdout).toMatch(/After the repair:\nFunction mobile-auth-handler — ✓ reachable/);
    expect(result.stdout).toContain(`reachable via ${nat.NatGatewayId} →\n      igw-509d6629`);
    for (const id of FUNCTION_TABLES) expect(fake.table(id)!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toMatchObject({ NatGatewayId: nat.NatGatewayId, State: 'active' });
    expect(nat.State).toBe('available');
    expect(nat.Tags).toEqual(expect.arrayContaining([expect.objectContaining({ Key: 'vpcdoctor:created-by' })]));
    // One fix at a time per VPC: the lock tag was written before the first change and removed after.
    const lock = writes.filter((c) => c.action.endsWith('Tags'));
    expect(lock.map((c) => [c.action, c.params.ResourceId, (c.params.Tag as { Key: string }[])[0]!.Key])).toEqual([
      ['CreateTags', ['vpc-6144d219'], 'vpcdoctor:lock'], ['DeleteTags', ['vpc-6144d219'], 'vpcdoctor:lock']]);
    expect(fake.calls.indexOf(lock[0]!)).toBeLessThan(fake.calls.indexOf(repair[0]!));
    expect(JSON.stringify(fake.ec2.Vpcs)).not.toContain('vpcdoctor:lock');
    // Nothing else was created: no subnet, no route table, one address.
    expect(writes.map((c) => c.action)).not.toContain('CreateSubnet');
    expect(writes.map((c) => c.action)).not.toContain('CreateRouteTable');
  }, 90_000);

  it('undo restores the routes and deletes what the run created', async () => {
    const journals = readdirSync(join(state, 'vpcdoctor'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(journals).toHaveLength(1);
    const journal = join(state, 'vpcdoctor', journals[0]!);
    const before = fake.calls.length;
    const nat = fake.ec2.NatGateways!.find((n) => n.SubnetId === PUBLIC_SUBNET)!;
    const allocation = fake.ec2.Addresses!.at(-1)!.AllocationId;
    const result = await run(['undo', journal, '--yes'], env);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const undo = fake.calls.slice(before).filter((c) => MUTATIONS.has(c.action) && !c.action.endsWith('Tags'));
    expect(undo.map((c) => c.action)).toEqual(['ReplaceRoute', 'ReplaceRoute', 'DeleteNatGateway', 'ReleaseAddress']);
    expect(undo.slice(0, 2).map((c) => [c.params.RouteTableId, c.params.NatGatewayId])).toEqual([...FUNCTION_TABLES].reverse().map((t) => [t, OLD_NAT]));
    expect(undo[2]!.params.NatGatewayId).toBe(nat.NatGatewayId);
    expect(undo[3]!.params.AllocationId).toBe(allocation);
    // The final state: the routes are back on the old NAT gateway, the created one is deleted and its address released.
    for (const id of FUNCTION_TABLES) expect(fake.table(id)!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toMatchObject({ NatGatewayId: OLD_NAT, State: 'active' });
    expect(nat.State).toBe('deleted');
    expect(fake.ec2.Addresses!.some((a) => a.AllocationId === allocation)).toBe(false);
    expect(JSON.stringify(fake.ec2.Vpcs)).not.toContain('vpcdoctor:lock');
  }, 90_000);
});

describe('a blackhole default route (its NAT gateway deleted): undo removes the route it cannot recreate', () => {
  const snapshot = brokenDefaultVpc();
  Object.assign(snapshot.ec2.NatGateways!.find((n) => n.NatGatewayId === OLD_NAT)!, { State: 'deleted', DeleteTime: '2026-11-27T19:02:37.000Z' });
  for (const id of FUNCTION_TABLES) snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === id)!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!.State = 'blackhole';
  // Available on the first description: this run does not need to show the wait again (it costs a 15 s poll).
  const fake = new FakeAws(snapshot, 0);
  const state = mkdtempSync(join(tmpdir(), 'vpcdoctor-e2e-'));
  const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: state, XDG_STATE_HOME: state };
  let url: string;
  beforeAll(async () => { url = await fake.start(); });
  afterAll(() => fake.stop());

  it('repairs, then undo deletes the two routes (AWS refuses a route to a deleted NAT gateway) and what it created', async () => {
    const fixed = await run(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--endpoint-url', url, '--target', 'internet', '--fix', '--yes'], env);
    expect(fixed.code, `${fixed.stdout}\n${fixed.stderr}`).toBe(0);
    expect(fixed.stdout).toMatch(/After the repair:\nFunction mobile-auth-handler — ✓ reachable/);
    const nat = fake.ec2.NatGateways!.find((n) => n.SubnetId === PUBLIC_SUBNET)!;
    const before = fake.calls.length;
    const journal = readdirSync(join(state, 'vpcdoctor'), { recursive: true }).map(String).find((f) => f.endsWith('.json'))!;
    const undone = await run(['undo', join(state, 'vpcdoctor', journal), '--yes'], env);
    expect(undone.code, `${undone.stdout}\n${undone.stderr}`).toBe(0);
    const undo = fake.calls.slice(before).filter((c) => MUTATIONS.has(c.action) && !c.action.endsWith('Tags'));
    expect(undo.map((c) => [c.action, c.params.RouteTableId ?? c.params.NatGatewayId ?? c.params.AllocationId])).toEqual([
      ['DeleteRoute', FUNCTION_TABLES[1]], ['DeleteRoute', FUNCTION_TABLES[0]], ['DeleteNatGateway', nat.NatGatewayId], ['ReleaseAddress', expect.stringMatching(/^eipalloc-/)]]);
    for (const id of FUNCTION_TABLES) expect(fake.table(id)!.Routes!.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(false);
    expect(nat.State).toBe('deleted');
  }, 90_000);
});
