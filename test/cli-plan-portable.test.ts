// A plan reviewed on one machine and applied on another, through the built binary, the real SDK
// stack and a stateful local EC2 endpoint (test/helpers/fake-aws.ts): machine A (its own HOME and
// state directory, so its own journal key) writes the plan; machine B applies it, trusted only
// because planning again on the live network gives the same steps.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/snapshot/types.js';
import { ROOT, runAsync } from './helpers/cli.js';
import { FakeAws } from './helpers/fake-aws.js';

const FUNCTION = 'mobile-auth-handler';
const WRITES = new Set(['AllocateAddress', 'CreateNatGateway', 'ReplaceRoute', 'CreateRoute', 'DeleteRoute', 'DeleteVpc', 'CreateSubnet', 'CreateRouteTable', 'AssociateRouteTable', 'CreateTags', 'DeleteTags']);

describe('check --fix --plan-out on machine A, apply on machine B', () => {
  const fake = new FakeAws(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'fix-default-vpc-layout', 'snapshot.json'), 'utf8')) as Snapshot);
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-portable-bin-'));
  const plan = join(dir, 'plan.json');
  const machine = (name: string) => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', HOME: join(dir, name), XDG_STATE_HOME: join(dir, name, 'state') });
  const writes = () => fake.calls.filter((c) => WRITES.has(c.action));
  let url: string;

  beforeAll(async () => {
    url = await fake.start();
    const run = await runAsync(['check', FUNCTION, '--region', 'us-west-2', '--endpoint-url', url, '--target', 'internet', '--fix', '--plan-out', plan], machine('a'));
    expect(run.code, run.stderr).toBe(1);
  }, 60_000);
  afterAll(() => fake.stop());

  it('refuses an edited plan with its seal stripped (a DeleteVpc injected): exit 2, nothing sent', async () => {
    const document = JSON.parse(readFileSync(plan, 'utf8')) as { mac?: string; sealedBy?: string; plan: { steps: unknown[] } };
    document.plan.steps.push({ action: 'DeleteVpc', params: { VpcId: 'vpc-6144d219' }, why: 'tidy up', iamAction: 'ec2:DeleteVpc' });
    delete document.mac;
    delete document.sealedBy;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(document));
    const before = fake.calls.length;
    const run = await runAsync(['apply', edited, '--yes', '--endpoint-url', url], machine('b'));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/plan written elsewhere: checked by re-planning/);
    expect(run.stderr).toMatch(/step \d+ \(DeleteVpc \{"VpcId":"vpc-6144d219"\}\) is not in the plan made now/);
    expect(fake.calls.slice(before).filter((c) => WRITES.has(c.action))).toEqual([]);
  }, 60_000);

  it('applies the plan as written when the network is unchanged, journaled under machine B\'s key', async () => {
    const steps = (JSON.parse(readFileSync(plan, 'utf8')) as { plan: { steps: { action: string }[] } }).plan.steps;
    const run = await runAsync(['apply', plan, '--yes', '--endpoint-url', url], machine('b'));
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/plan written elsewhere: checked by re-planning/);
    expect(writes().filter((c) => !c.action.endsWith('Tags')).map((c) => c.action)).toEqual(steps.map((s) => s.action).filter((a) => !a.startsWith('Wait')));
    expect(run.stdout).toMatch(/After the repair:\nFunction mobile-auth-handler — ✓ reachable/);
    expect(run.stderr).toMatch(new RegExp(`journal ${join(dir, 'b', 'state').replaceAll('/', '\\/')}`));
  }, 90_000);

  it('refuses the same plan once the network has changed (it is repaired now): exit 2, naming what changed', async () => {
    const before = fake.calls.length;
    const run = await runAsync(['apply', plan, '--yes', '--endpoint-url', url], machine('b'));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/the network no longer matches .*plan\.json: rtb-/);
    expect(fake.calls.slice(before).filter((c) => WRITES.has(c.action))).toEqual([]);
  }, 60_000);
});
