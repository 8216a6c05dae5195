// --fix for VPC Block Public Access: an allow-egress exclusion for the subnet that owns the source
// address at the gateway (the NAT gateway's; the VPC for a regional NAT gateway; the function's own
// subnet for IPv6), then a wait until it is create-complete; proved on the model, refused when the
// organization forbids exclusions; applied and undone against aws-sdk-client-mock.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { applyPlan, planFix, proveFix, renderPlan, undoJournal, type FixPlan, type JournalOrigin } from '../src/fix/index.js';
import { simulate } from '../src/fix/simulate.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { expectProved } from './helpers/fix.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const CREATE = 'CreateVpcBlockPublicAccessExclusion';
const WAIT = 'WaitVpcBlockPublicAccessExclusionComplete';

function load(name: string) {
  const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
  const snapshot = parseSnapshot(readFileSync(join(root, name, 'snapshot.json'), 'utf8'), name);
  const request = { functions: [expected.function], targets: expected.targets };
  return { snapshot, request, plan: planFix(snapshot, analyze(snapshot, request)) };
}

const actions = (plan: FixPlan) => plan.steps.map((s) => s.action);
const excluded = (plan: FixPlan) => plan.steps.filter((s) => s.action === CREATE).map((s) => s.params.SubnetId ?? s.params.VpcId);


describe('planFix: VPC Block Public Access', () => {
  it('block-bidirectional, no exclusion: allow-egress exclusions for the two NAT gateways\' subnets, each waited for, proved', () => {
    const { snapshot, request, plan } = load('29-bpa-bidirectional-no-exclusion');
    expect(plan.refused).toBeNull();
    expect(actions(plan)).toEqual([CREATE, CREATE, WAIT]);
    expect(excluded(plan)).toEqual(['subnet-0a7c3e5f9d1b2a401', 'subnet-0b8d4f6a0e2c3b502']);
    const [create, , wait] = plan.steps;
    expect(create!.params).toMatchObject({ InternetGatewayExclusionMode: 'allow-egress', TagSpecifications: [{ ResourceType: 'vpc-block-public-access-exclusion' }] });
    expect(create!.undo).toEqual([
      { action: 'DeleteVpcBlockPublicAccessExclusion', params: { ExclusionId: '${1.VpcBlockPublicAccessExclusion.ExclusionId}' } },
      { action: 'WaitVpcBlockPublicAccessExclusionDeleted', params: { ExclusionIds: ['${1.VpcBlockPublicAccessExclusion.ExclusionId}'] } },
    ]);
    expect(wait!.params).toEqual({ ExclusionIds: ['${1.VpcBlockPublicAccessExclusion.ExclusionId}', '${2.VpcBlockPublicAccessExclusion.ExclusionId}'] });
    expect(wait!.iamAction).toBe('ec2:DescribeVpcBlockPublicAccessExclusions');
    expect(plan.addresses).toEqual(['VPC_BLOCK_PUBLIC_ACCESS']);
    expect(plan.monthlyUsd).toBe(0);
    expect(plan.warnings?.join(' ')).toMatch(/every resource in subnet subnet-0a7c3e5f9d1b2a401 and every resource in subnet subnet-0b8d4f6a0e2c3b502 start connections to the internet.*allow-egress keeps inbound blocked.*allow-bidirectional would let the internet in too/);
    expect(renderPlan(plan)).toMatch(/Warning: the exclusions let every resource in subnet subnet-0a7c3e5f9d1b2a401 and every resource in subnet subnet-0b8d4f6a0e2c3b502/);
    expectProved(snapshot, plan, request);
  });

  it('the proof needs the wait: without it the exclusion is still create-in-progress and BPA still drops the traffic', () => {
    const { snapshot, request, plan } = load('29-bpa-bidirectional-no-exclusion');
    const noWait = { ...plan, steps: plan.steps.filter((s) => s.action !== WAIT) };
    const proof = proveFix(snapshot, noWait, request);
    expect(proof.proved).toBe(false);
    expect(proof.reason).toMatch(/still blocked by VPC_BLOCK_PUBLIC_ACCESS/);
    expect(simulate(snapshot, noWait.steps).ec2.VpcBlockPublicAccessExclusions?.map((e) => e.State)).toEqual(['create-in-progress', 'create-in-progress']);
    expect(simulate(snapshot, plan.steps).ec2.VpcBlockPublicAccessExclusions?.map((e) => e.State)).toEqual(['create-complete', 'create-complete']);
  });

  it('only the function subnets excluded: still the NAT gateways\' subnets (the gateway sees the NAT\'s address)', () => {
    const { snapshot, request, plan } = load('29-bpa-function-subnets-excluded-only');
    expect(excluded(plan)).toEqual(['subnet-0a7c3e5f9d1b2a401', 'subnet-0b8d4f6a0e2c3b502']);
    expectProved(snapshot, plan, request);
  });

  it('one NAT subnet already excluded: only the other one', () => {
    const { snapshot, request, plan } = load('29-bpa-one-nat-subnet-excluded');
    expect(excluded(plan)).toEqual(['subnet-0b8d4f6a0e2c3b502']);
    expectProved(snapshot, plan, request);
  });

  it('a regional NAT gateway has no subnet: the exclusion is for the whole VPC', () => {
    const { snapshot, request, plan } = load('29-bpa-regional-nat');
    expect(actions(plan)).toEqual([CREATE, WAIT]);
    expect(plan.steps[0]!.params).toMatchObject({ VpcId: 'vpc-6144d219', InternetGatewayExclusionMode: 'allow-egress' });
    expect(plan.steps[0]!.params.SubnetId).toBeUndefined();
    expect(plan.warnings?.join(' ')).toMatch(/every subnet of vpc-6144d219/);
    expectProved(snapshot, plan, request);
  });

  it('IPv6 through the egress-only internet gateway: the function\'s own subnets', () => {
    const { snapshot, request, plan } = load('29-bpa-eigw-bidirectional');
    expect(excluded(plan)).toEqual(['subnet-b94c40f2', 'subnet-d6e605ae']);
    expectProved(snapshot, plan, request);
  });

  it('refuses when the organization forbids exclusions, saying why', () => {
    const { plan } = load('29-bpa-org-managed-no-exclusions');
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/VPC_BLOCK_PUBLIC_ACCESS: exclusions cannot be created here \(ExclusionsAllowed not-allowed, managed by declarative-policy/);
  });

  it('refuses in block-ingress mode, where only allow-bidirectional would help and it lets the internet in', () => {
    const { plan } = load('29-bpa-ipv6-igw-direct-ingress-only');
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/only an allow-bidirectional exclusion .* lets the internet in too: vpcdoctor does not plan it.*egress-only internet gateway/);
  });

  it('does not add an exclusion beside one still being created: says to wait for it', () => {
    const { plan } = load('29-bpa-exclusion-pending');
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/exclusion-0a1b2c3d4e5f6a7b1 already covers subnet-0a7c3e5f9d1b2a401 \(through its VPC vpc-6144d219\) but is create-in-progress; it takes effect when complete/);
  });

  it('plans nothing for BPA when it is not what blocks', () => {
    for (const name of ['29-bpa-ingress-only-healthy', '29-bpa-nat-subnets-excluded-healthy', '29-bpa-eigw-ingress-only-healthy']) {
      expect(load(name).plan.steps).toEqual([]);
    }
  });
});

// ---- apply and undo against a fake EC2 whose exclusions take two polls to complete ----

const ec2Mock = mockClient(sdk.EC2Client);
const ec2 = new sdk.EC2Client({ region: 'us-west-2' });
const awsError = (name: string) => Object.assign(new Error(name), { name });
const origin: JournalOrigin = { account: '123456789012', region: 'us-west-2', vpcId: 'vpc-6144d219' };
const fast = { pollIntervalMs: 0, waitTimeoutMs: 5_000 };

class FakeExclusions {
  calls: string[] = [];
  exclusions = new Map<string, { state: string; polls: number; resource: string }>();
  constructor(private readonly failCreate = false) {}

  install(): void {
    ec2Mock.reset();
    ec2Mock.onAnyCommand().rejects(awsError('UnexpectedCommand'));
    ec2Mock.on(sdk.CreateVpcBlockPublicAccessExclusionCommand).callsFake(async (input) => {
      this.calls.push(CREATE);
      const id = `exclusion-fake${this.exclusions.size + 1}`;
      this.exclusions.set(id, { state: 'create-in-progress', polls: 0, resource: input.SubnetId ?? input.VpcId });
      return { VpcBlockPublicAccessExclusion: { ExclusionId: id, State: 'create-in-progress', InternetGatewayExclusionMode: input.InternetGatewayExclusionMode } };
    });
    ec2Mock.on(sdk.DescribeVpcBlockPublicAccessExclusionsCommand).callsFake(async (input) => {
      this.calls.push('Describe');
      return { VpcBlockPublicAccessExclusions: (input.ExclusionIds as string[]).flatMap((id) => {
        const e = this.exclusions.get(id);
        if (!e) return [];
        if (e.polls++ > 0) e.state = e.state === 'create-in-progress' ? (this.failCreate ? 'create-failed' : 'create-complete') : e.state === 'delete-in-progress' ? 'delete-complete' : e.state;
        return [{ ExclusionId: id, State: e.state, ...(e.state === 'create-failed' ? { Reason: 'quota' } : {}) }];
      }) };
    });
    ec2Mock.on(sdk.DeleteVpcBlockPublicAccessExclusionCommand).callsFake(async (input) => {
      this.calls.push('DeleteVpcBlockPublicAccessExclusion');
      const e = this.exclusions.get(input.ExclusionId!);
      if (!e || e.state === 'delete-complete') throw awsError('InvalidVpcBlockPublicAccessExclusionId.NotFound');
      Object.assign(e, { state: 'delete-in-progress', polls: 0 });
      return { VpcBlockPublicAccessExclusion: { ExclusionId: input.ExclusionId, State: 'delete-in-progress' } };
    });
  }

  live(): string[] {
    return [...this.exclusions].filter(([, e]) => e.state !== 'delete-complete').map(([id]) => id);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-bpa-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
});

describe('applyPlan / undoJournal: BPA exclusions', () => {
  it('creates the exclusions, polls until both are create-complete, and undo deletes them and waits until they are gone', async () => {
    const { plan } = load('29-bpa-bidirectional-no-exclusion');
    const fake = new FakeExclusions();
    fake.install();
    const journalPath = join(dir, 'journal.json');
    const result = await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    expect(result.ok).toBe(true);
    expect(fake.calls).toEqual([CREATE, CREATE, 'Describe', 'Describe']);
    expect([...fake.exclusions.values()].map((e) => [e.resource, e.state])).toEqual([
      ['subnet-0a7c3e5f9d1b2a401', 'create-complete'], ['subnet-0b8d4f6a0e2c3b502', 'create-complete'],
    ]);
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast });
    expect(journal.state).toBe('undone');
    expect(fake.live()).toEqual([]);
    expect(fake.calls.slice(4)).toEqual(['DeleteVpcBlockPublicAccessExclusion', 'Describe', 'Describe', 'DeleteVpcBlockPublicAccessExclusion', 'Describe', 'Describe']);
  });

  it('an exclusion that fails to create stops the run and rolls back what was created', async () => {
    const { plan } = load('29-bpa-regional-nat');
    const fake = new FakeExclusions(true);
    fake.install();
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, ...fast }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/step 2 \(WaitVpcBlockPublicAccessExclusionComplete\) failed: .*exclusion-fake1 is create-failed \(quota\); the completed steps were rolled back/);
    expect(fake.calls).toContain('DeleteVpcBlockPublicAccessExclusion');
  });
});

describe('policies/fix.json', () => {
  it('allows every call of a BPA plan, its waits and its undo', () => {
    const policy = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'policies', 'fix.json'), 'utf8')) as { Statement: { Action: string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const { plan } = load('29-bpa-bidirectional-no-exclusion');
    const needed = plan.steps.flatMap((s) => [s.iamAction, ...(s.undo ?? []).map((u) => (u.action.startsWith('Wait') ? 'ec2:DescribeVpcBlockPublicAccessExclusions' : `ec2:${u.action}`))]);
    expect(needed.filter((a) => !allowed.has(a))).toEqual([]);
    expect(allowed.has('ec2:DeleteVpcBlockPublicAccessExclusion')).toBe(true);
  });
});

describe('planFix: BPA behind a NAT gateway proxy', () => {
  it('still finds the NAT gateway\'s subnet when a proxy hop follows the NAT gateway\'s', () => {
    const { snapshot, request } = load('29-bpa-bidirectional-no-exclusion');
    for (const nat of snapshot.ec2.NatGateways ?? []) {
      nat.AttachedAppliances = [{ Type: 'network-firewall-proxy', ApplianceArn: 'arn:aws:network-firewall:us-west-2:123456789012:proxy/p', AttachmentState: 'attached' }];
    }
    const plan = planFix(snapshot, analyze(snapshot, request));
    expect(excluded(plan)).toEqual(['subnet-0a7c3e5f9d1b2a401', 'subnet-0b8d4f6a0e2c3b502']);
  });
});
