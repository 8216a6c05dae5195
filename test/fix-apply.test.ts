// applyPlan / undoJournal against aws-sdk-client-mock: a small stateful fake of EC2 that enforces
// what AWS would (no deleting a subnet or releasing an EIP a NAT gateway still holds) and records
// the invariant: no route ever points at a NAT gateway that is not available.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { AnalysisError, ConcurrentRunError } from '../src/errors.js';
import { applyPlan, planFix, renderUndoPlan, resolveOrigin, undoCommand, undoJournal, type FixPlan, type Journal, type JournalOrigin, type PlanOptions, type UndoPlanCall } from '../src/fix/index.js';
import { InputError, InterruptedError } from '../src/errors.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';

const root = join(import.meta.dirname, '..', 'fixtures');
function planFor(name: string, edit?: (s: Snapshot) => void, options: PlanOptions = {}): { plan: FixPlan; snapshot: Snapshot } {
  const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
  const snapshot = parseSnapshot(readFileSync(join(root, name, 'snapshot.json'), 'utf8'), name);
  edit?.(snapshot);
  return { snapshot, plan: planFix(snapshot, analyze(snapshot, { functions: [expected.function], targets: expected.targets }), undefined, options) };
}

const ec2Mock = mockClient(sdk.EC2Client);
const ec2 = new sdk.EC2Client({ region: 'us-west-2' });
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

interface Fail { action: string; occurrence: number }
type Tag = { Key: string; Value: string };
const tagsOf = (input: Record<string, any>): Tag[] => ((input.TagSpecifications ?? []) as { Tags: Tag[] }[]).flatMap((s) => s.Tags);
/** EC2's tag:KEY filters: every filter matches one of its values. */
const matches = (tags: Tag[], filters: { Name: string; Values: string[] }[] = []): boolean =>
  filters.every((f) => !f.Name.startsWith('tag:') || tags.some((t) => `tag:${t.Key}` === f.Name && f.Values.includes(t.Value)));

/** The fake's world: live created resources, routes, and the calls in order. */
class FakeEc2 {
  calls: { action: string; input: Record<string, any> }[] = [];
  violations: string[] = [];
  nats = new Map<string, { state: string; allocationId: string; subnetId: string; polls: number; tags: Tag[]; token?: string }>();
  eips = new Set<string>();
  eipTags = new Map<string, Tag[]>();
  subnets = new Set<string>();
  tables = new Map<string, Set<string>>(); // created tables → association ids
  createdTags = new Map<string, Tag[]>(); // created subnets and route tables → their tags
  associations = new Map<string, { table: string; subnet: string }>();
  routes = new Map<string, string>(); // "rtb|dest" → target
  rules = new Set<string>();
  failNats = new Set<string>();
  tags = new Map<string, string>(); // "resource|key" → value
  private counters = new Map<string, number>();
  private seen = new Map<string, number>();

  constructor(snapshot: Snapshot, private readonly fail?: Fail) {
    for (const table of snapshot.ec2.RouteTables ?? []) {
      for (const r of table.Routes ?? []) if (r.DestinationCidrBlock) this.routes.set(`${table.RouteTableId}|${r.DestinationCidrBlock}`, r.NatGatewayId ?? r.GatewayId ?? '?');
      for (const a of table.Associations ?? []) if (a.RouteTableAssociationId && a.SubnetId) this.associations.set(a.RouteTableAssociationId, { table: table.RouteTableId!, subnet: a.SubnetId });
    }
  }

  id(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-fake${n}`;
  }

  handle(action: string, input: Record<string, any>): Record<string, unknown> {
    this.calls.push({ action, input });
    const seen = (this.seen.get(action) ?? 0) + 1;
    this.seen.set(action, seen);
    if (this.fail && this.fail.action === action && this.fail.occurrence === seen) throw awsError('InjectedFailure', `${action} failed on purpose`);
    const checkNat = () => {
      const nat = input.NatGatewayId && this.nats.get(input.NatGatewayId);
      if (nat && nat.state !== 'available') this.violations.push(`${action} → ${input.NatGatewayId} while ${nat.state}`);
    };
    switch (action) {
      case 'AllocateAddress': {
        const id = this.id('eipalloc');
        this.eips.add(id);
        this.eipTags.set(id, tagsOf(input));
        return { AllocationId: id, PublicIp: '198.51.100.7' };
      }
      case 'DescribeAddresses':
        return { Addresses: [...this.eips].filter((id) => matches(this.eipTags.get(id) ?? [], input.Filters)).map((id) => ({ AllocationId: id, PublicIp: '198.51.100.7', Tags: this.eipTags.get(id) })) };
      case 'ReleaseAddress':
        if ([...this.nats.values()].some((n) => n.allocationId === input.AllocationId && n.state !== 'deleted')) throw awsError('InvalidIPAddress.InUse');
        this.eips.delete(input.AllocationId); return {};
      case 'CreateNatGateway': {
        if (!this.eips.has(input.AllocationId)) throw awsError('InvalidAllocationID.NotFound');
        // AWS answers a repeated ClientToken with the NAT gateway it already made.
        const same = [...this.nats].find(([, n]) => input.ClientToken && n.token === input.ClientToken);
        if (same) return { NatGateway: { NatGatewayId: same[0], State: same[1].state }, ClientToken: input.ClientToken };
        const id = this.id('nat');
        this.nats.set(id, { state: 'pending', allocationId: input.AllocationId, subnetId: input.SubnetId, polls: 0, tags: tagsOf(input), token: input.ClientToken });
        if (this.createdThenLost) throw awsError('TimeoutError', 'socket hang up after the NAT gateway was made');
        return { NatGateway: { NatGatewayId: id, State: 'pending' } };
      }
      case 'DeleteNatGateway': this.nats.get(input.NatGatewayId)!.state = 'deleting'; return { NatGatewayId: input.NatGatewayId };
      case 'DescribeNatGateways':
        if (input.Filter) return { NatGateways: [...this.nats].filter(([, n]) => matches(n.tags, input.Filter)).map(([id, n]) => ({ NatGatewayId: id, State: n.state, Tags: n.tags })) };
        return { NatGateways: (input.NatGatewayIds as string[]).map((id) => {
          const nat = this.nats.get(id);
          if (!nat) return { NatGatewayId: id, State: this.failNats.has(id) ? 'failed' : 'available' }; // pre-existing
          if (nat.state === 'pending' && nat.polls++ > 0) nat.state = this.failNats.has(id) ? 'failed' : 'available';
          else if (nat.state === 'deleting' && nat.polls++ > 0) nat.state = 'deleted';
          return { NatGatewayId: id, State: nat.state, ...(nat.state === 'failed' ? { FailureCode: 'InsufficientFreeAddressesInSubnet', FailureMessage: 'no room' } : {}) };
        }) };
      case 'CreateSubnet': { const id = this.id('subnet'); this.subnets.add(id); this.createdTags.set(id, tagsOf(input)); return { Subnet: { SubnetId: id } }; }
      case 'DescribeSubnets': return { Subnets: [...this.subnets].filter((id) => matches(this.createdTags.get(id) ?? [], input.Filters)).map((id) => ({ SubnetId: id })) };
      case 'DeleteSubnet':
        if ([...this.nats.values()].some((n) => n.subnetId === input.SubnetId && n.state !== 'deleted')) throw awsError('DependencyViolation');
        this.subnets.delete(input.SubnetId); return {};
      case 'CreateRouteTable': { const id = this.id('rtb'); this.tables.set(id, new Set()); this.createdTags.set(id, tagsOf(input)); return { RouteTable: { RouteTableId: id } }; }
      case 'DeleteRouteTable':
        if ([...this.associations.values()].some((a) => a.table === input.RouteTableId)) throw awsError('DependencyViolation');
        this.tables.delete(input.RouteTableId);
        for (const key of [...this.routes.keys()]) if (key.startsWith(`${input.RouteTableId}|`)) this.routes.delete(key);
        return {};
      case 'CreateRoute': checkNat(); this.routes.set(`${input.RouteTableId}|${input.DestinationCidrBlock}`, input.NatGatewayId ?? input.GatewayId); return { Return: true };
      case 'ReplaceRoute': checkNat(); this.routes.set(`${input.RouteTableId}|${input.DestinationCidrBlock}`, input.NatGatewayId ?? input.GatewayId); return {};
      case 'DeleteRoute': this.routes.delete(`${input.RouteTableId}|${input.DestinationCidrBlock}`); return {};
      case 'AssociateRouteTable': { const id = this.id('rtbassoc'); this.associations.set(id, { table: input.RouteTableId, subnet: input.SubnetId }); return { AssociationId: id }; }
      case 'DisassociateRouteTable': this.associations.delete(input.AssociationId); return {};
      case 'ReplaceRouteTableAssociation': {
        const old = this.associations.get(input.AssociationId)!;
        this.associations.delete(input.AssociationId);
        const id = this.id('rtbassoc');
        this.associations.set(id, { table: input.RouteTableId, subnet: old.subnet });
        return { NewAssociationId: id };
      }
      case 'AuthorizeSecurityGroupEgress': case 'AuthorizeSecurityGroupIngress': {
        const id = this.id('sgr'); this.rules.add(id); return { Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: id }] };
      }
      case 'RevokeSecurityGroupEgress': case 'RevokeSecurityGroupIngress':
        for (const id of input.SecurityGroupRuleIds) this.rules.delete(id); return { Return: true };
      case 'DescribeRouteTables':
        if (input.Filters) return { RouteTables: [...this.tables.keys()].filter((id) => matches(this.createdTags.get(id) ?? [], input.Filters)).map((id) => ({ RouteTableId: id })) };
        return { RouteTables: (input.RouteTableIds as string[]).map((id) => ({ RouteTableId: id, Routes: [...this.routes].filter(([key]) => key.startsWith(`${id}|`)).map(([key, target]) => ({ DestinationCidrBlock: key.split('|')[1], [targetField(target)]: target })) })) };
      case 'CreateTags': for (const r of input.Resources) for (const t of input.Tags) this.tags.set(`${r}|${t.Key}`, t.Value); return {};
      case 'DeleteTags':
        for (const r of input.Resources) for (const t of input.Tags) if (t.Value === undefined || this.tags.get(`${r}|${t.Key}`) === t.Value) this.tags.delete(`${r}|${t.Key}`);
        return {};
      case 'DescribeTags': {
        const [resource, key] = ['resource-id', 'key'].map((name) => (input.Filters as { Name: string; Values: string[] }[]).find((f) => f.Name === name)?.Values[0]);
        const value = this.tags.get(`${resource}|${key}`);
        return { Tags: value === undefined ? [] : [{ ResourceId: resource, ResourceType: 'vpc', Key: key, Value: value }] };
      }
      default: throw awsError('UnexpectedAction', action);
    }
  }

  /** Whatever was created and still exists (a bill or a dangling change). */
  leftovers(): string[] {
    return [...this.eips, ...[...this.nats].filter(([, n]) => n.state !== 'deleted').map(([id]) => id), ...this.subnets, ...this.tables.keys(), ...this.rules];
  }

  mutations(): string[] {
    return this.calls.map((c) => c.action).filter((a) => !a.startsWith('Describe'));
  }

  /** CreateNatGateway makes the NAT gateway, then the answer is lost (a timeout, a dropped connection). */
  createdThenLost = false;
}

/** The Route field that holds a target id, as DescribeRouteTables reports it. */
function targetField(target: string): string {
  const fields: Record<string, string> = { nat: 'NatGatewayId', tgw: 'TransitGatewayId', pcx: 'VpcPeeringConnectionId', eni: 'NetworkInterfaceId', eigw: 'EgressOnlyInternetGatewayId' };
  return fields[target.split('-')[0]!] ?? 'GatewayId';
}

const ACTIONS = ['AllocateAddress', 'DescribeAddresses', 'ReleaseAddress', 'CreateNatGateway', 'DeleteNatGateway', 'DescribeNatGateways', 'CreateSubnet', 'DeleteSubnet', 'CreateRouteTable', 'DeleteRouteTable',
  'CreateRoute', 'ReplaceRoute', 'DeleteRoute', 'AssociateRouteTable', 'DisassociateRouteTable', 'ReplaceRouteTableAssociation',
  'AuthorizeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
  'DescribeRouteTables', 'DescribeSubnets', 'CreateTags', 'DeleteTags', 'DescribeTags'] as const;

function install(fake: FakeEc2): void {
  ec2Mock.reset();
  ec2Mock.onAnyCommand().rejects(awsError('UnexpectedCommand'));
  for (const action of ACTIONS) {
    const Command = (sdk as unknown as Record<string, any>)[`${action}Command`];
    ec2Mock.on(Command).callsFake(async (input: Record<string, any>) => fake.handle(action, input));
  }
}

/** A created NAT gateway that stays pending for ever (a deleting one is deleted at once). */
function neverAvailable(fake: FakeEc2): void {
  ec2Mock.on(sdk.DescribeNatGatewaysCommand).callsFake(async (input: { NatGatewayIds: string[] }) => {
    const nat = fake.nats.get(input.NatGatewayIds[0]!)!;
    if (nat.state === 'deleting') nat.state = 'deleted';
    return { NatGateways: [{ NatGatewayId: input.NatGatewayIds[0], State: nat.state }] };
  });
}

/** Nothing left billing, every route as it was, and never a route to a NAT gateway that was not available. */
function expectNothingLeft(fake: FakeEc2, routesBefore: Map<string, string>): void {
  expect(fake.leftovers()).toEqual([]);
  expect(fake.routes).toEqual(routesBefore);
  expect(fake.violations).toEqual([]);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-fix-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
  ec2Mock.reset();
  ec2Mock.onAnyCommand().rejects(awsError('UnexpectedCommand'));
});

const fast = { pollIntervalMs: 0, waitTimeoutMs: 5_000 };
const origin: JournalOrigin = { account: '123456789012', region: 'us-west-2', vpcId: 'vpc-0a1b2c3d' };
const readJ = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Journal;

/** Plans with every kind of step: the seed's (new subnets, NATs, waits, ReplaceRoute), 07's own tables, an SG rule. */
const plans: [string, () => { plan: FixPlan; snapshot: Snapshot }][] = [
  ['seed', () => planFor('seed')],
  ['seed --nat-per-az', () => planFor('seed', undefined, { natPerAz: true })],
  ['07 without NATs', () => planFor('07-function-in-public-subnets', (s) => { s.ec2.NatGateways = []; })],
  ['13-sg-egress-only-5432 + 09', () => {
    const sg = planFor('13-sg-egress-only-5432').plan;
    const routes = planFor('09-main-route-table-local-only');
    return { snapshot: routes.snapshot, plan: { ...routes.plan, steps: [...sg.steps, ...routes.plan.steps.map((s) => JSON.parse(JSON.stringify(s).replaceAll('${2.', '${3.').replaceAll('${4.', '${5.')))] } };
  }],
];

describe('applyPlan', () => {
  it('runs the seed plan (--nat-per-az) in order, resolving references, and journals every step as done', async () => {
    const { plan, snapshot } = planFor('seed', undefined, { natPerAz: true });
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'journal.json');
    const lines: string[] = [];
    const result = await applyPlan(plan, { ec2, journalPath, log: (l) => lines.push(l), ...fast });
    expect(result.ok).toBe(true);
    expect(fake.mutations()).toEqual(plan.steps.filter((s) => s.action !== 'WaitNatGatewayAvailable').map((s) => s.action));
    expect(fake.calls.find((c) => c.action === 'CreateNatGateway')!.input).toMatchObject({ SubnetId: 'subnet-fake1', AllocationId: 'eipalloc-fake1' });
    expect(fake.routes.get('rtb-e8780b93|0.0.0.0/0')).toBe('nat-fake1');
    expect(fake.routes.get('rtb-0cfe79f929a6b41a4|0.0.0.0/0')).toBe('nat-fake2');
    expect(fake.violations).toEqual([]);
    const journal = readJ(journalPath);
    expect(journal.state).toBe('done');
    expect(journal.steps.map((s) => s.status)).toEqual(plan.steps.map(() => 'done'));
    expect(journal.steps[5]!.output).toMatchObject({ NatGateway: { NatGatewayId: 'nat-fake1' } });
    expect(journal.steps[12]!.params).toMatchObject({ NatGatewayId: 'nat-fake1' });
    expect(journal.steps.every((s) => s.startedAt && s.finishedAt)).toBe(true);
    expect(lines[0]).toBe(`journal ${journalPath} (if this run stops half-way: vpcdoctor undo ${journalPath})`);
    expect(lines[1]).toMatch(/\[1\/14\] CreateRouteTable/);
  });

  it('refuses to apply a refused plan', async () => {
    await expect(applyPlan({ steps: [], refused: 'no IGW' }, { ec2, journalPath: join(dir, 'j.json') })).rejects.toThrow(AnalysisError);
  });

  describe.each(plans)('a failure at every step of %s', (_name, make) => {
    const { plan } = make();
    it.each(plan.steps.map((step, i) => [i + 1, step.action] as const))('step %i (%s): rolls back the completed steps in reverse', async (k, action) => {
      const { plan, snapshot } = make();
      const occurrence = plan.steps.slice(0, k).filter((s) => s.action === action).length;
      const waiting = action === 'WaitNatGatewayAvailable';
      const fake = new FakeEc2(snapshot, waiting ? undefined : { action, occurrence });
      if (waiting) {
        // The NAT gateway waited for turns failed: a created one (nat-fakeN) or a pre-existing one.
        const natId = (plan.steps[k - 1]!.params.NatGatewayIds as string[])[0]!;
        const creator = Number(/^\$\{(\d+)\./.exec(natId)?.[1] ?? 0);
        fake.failNats.add(creator === 0 ? natId : `nat-fake${plan.steps.slice(0, creator).filter((s) => s.action === 'CreateNatGateway').length}`);
      }
      install(fake);
      const routesBefore = new Map(fake.routes);
      const journalPath = join(dir, `journal-${k}.json`);
      const error = await applyPlan(plan, { ec2, journalPath, ...fast }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AnalysisError);
      expect((error as Error).message).toMatch(new RegExp(`^step ${k} \\(${action}\\) failed`));
      expect((error as Error).message).toMatch(/rolled back/);
      // The calls after the failure are the undo calls of steps k-1 … 1, in that order.
      const failedAt = waiting
        ? plan.steps.slice(0, k).filter((s) => s.action !== 'WaitNatGatewayAvailable').length
        : fake.mutations().findIndex((a, i, all) => a === action && all.slice(0, i + 1).filter((x) => x === action).length === occurrence) + 1;
      const expected = plan.steps.slice(0, k - 1).reverse().flatMap((s) => (s.undo ?? []).map((u) => u.action)).filter((a) => a !== 'WaitNatGatewayDeleted');
      expect(fake.mutations().slice(failedAt)).toEqual(expected);
      const journal = readJ(journalPath);
      expect(journal.state).toBe('failed-rolled-back');
      expect(journal.steps.map((s) => s.status)).toEqual(plan.steps.map((_, i) => (i + 1 < k ? 'rolled-back' : i + 1 === k ? 'failed' : 'pending')));
      expect(journal.steps[k - 1]!.error).toMatch(waiting ? /NAT gateway \S+ is failed/ : /InjectedFailure/);
      expectNothingLeft(fake, routesBefore);
    });
  });

  it('gives up on a NAT gateway that never becomes available, within the time bound, and rolls back', async () => {
    const { plan, snapshot } = planFor('01-nat-no-eip');
    const fake = new FakeEc2(snapshot);
    install(fake);
    neverAvailable(fake);
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), pollIntervalMs: 1, waitTimeoutMs: 20 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/step 3 \(WaitNatGatewayAvailable\) failed: .*not available after/);
    expect(fake.leftovers()).toEqual([]);
  });

  it('journals an incomplete rollback and says so', async () => {
    const { plan, snapshot } = planFor('13-sg-egress-only-5432');
    const steps = [...plan.steps, { ...plan.steps[0]!, params: { ...plan.steps[0]!.params, GroupId: 'sg-other' } }];
    const fake = new FakeEc2(snapshot, { action: 'AuthorizeSecurityGroupEgress', occurrence: 2 });
    install(fake);
    ec2Mock.on(sdk.RevokeSecurityGroupEgressCommand).rejects(awsError('UnauthorizedOperation'));
    const path = join(dir, 'j.json');
    await expect(applyPlan({ ...plan, steps }, { ec2, journalPath: path, ...fast })).rejects.toThrow(/rollback INCOMPLETE .*UnauthorizedOperation/);
    expect(readJ(path)).toMatchObject({ state: 'failed-rollback-incomplete', steps: [{ status: 'rollback-failed' }, { status: 'failed' }] });
  });
});

describe('applyPlan with dryRun', () => {
  it('sends DryRun: true, validates what it can, skips waits and steps that need earlier outputs, and mutates nothing', async () => {
    const { plan } = planFor('seed', undefined, { natPerAz: true });
    const sent: { action: string; input: Record<string, unknown> }[] = [];
    for (const action of ACTIONS) {
      ec2Mock.on((sdk as unknown as Record<string, any>)[`${action}Command`]).callsFake(async (input: Record<string, unknown>) => {
        sent.push({ action, input });
        throw awsError(action === 'CreateSubnet' ? 'UnauthorizedOperation' : 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
      });
    }
    const result = await applyPlan(plan, { ec2, journalPath: join(dir, 'never.json'), dryRun: true });
    expect(sent.map((s) => s.action)).toEqual(['CreateRouteTable', 'CreateSubnet', 'AllocateAddress', 'CreateSubnet', 'AllocateAddress']);
    expect(sent.every((s) => s.input.DryRun === true)).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual([
      'validated', 'skipped', 'failed', 'skipped', 'validated', 'skipped', 'failed', 'skipped', 'validated', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped',
    ]);
    expect(result.steps[1]!.detail).toMatch(/needs the output of step 1/);
    expect(result.steps[10]!.detail).toMatch(/wait/);
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
  });
});

describe('undoJournal', () => {
  it('rolls back a finished journal, newest step first, and records it', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const routesBefore = new Map(fake.routes);
    const journalPath = join(dir, 'journal.json');
    await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    const applied = fake.mutations().length;
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast });
    expect(fake.mutations().slice(applied)).toEqual([...plan.steps].reverse().flatMap((s) => (s.undo ?? []).map((u) => u.action)).filter((a) => a !== 'WaitNatGatewayDeleted'));
    expect(fake.mutations().slice(-2)).toEqual(['DeleteRoute', 'DeleteRouteTable']);
    expect(journal.state).toBe('undone');
    expect(readJ(journalPath).steps.every((s) => s.status === 'rolled-back')).toBe(true);
    expect(fake.leftovers()).toEqual([]);
    expect(fake.routes).toEqual(routesBefore);
    expect(fake.violations).toEqual([]);
    // Undoing again changes nothing.
    const again = fake.calls.length;
    await undoJournal(journalPath, { ec2, current: origin, ...fast });
    expect(fake.calls.length).toBe(again);
  });

  it('names a file that is not a journal', async () => {
    await expect(undoJournal(join(dir, 'missing.json'), { ec2, current: origin })).rejects.toThrow(/cannot read the journal/);
  });

  it('records account, Region, endpoint and profile, and refuses another Region or account before any call', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'journal.json');
    const recorded = { ...origin, endpoint: 'http://localhost:4566', profile: 'ops' };
    await applyPlan(plan, { ec2, journalPath, origin: recorded, ...fast });
    expect(readJ(journalPath).origin).toEqual(recorded);
    const calls = fake.calls.length;
    const before = readFileSync(journalPath, 'utf8');
    for (const [current, message] of [[{ ...recorded, region: 'eu-west-1' }, /applied in us-west-2, but the current Region is eu-west-1/], [{ ...recorded, account: '999999999999' }, /applied in account 123456789012, but the current credentials are for 999999999999/]] as const) {
      const error = await undoJournal(journalPath, { ec2, current, ...fast }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/\n/);
    }
    expect(fake.calls.length).toBe(calls);
    expect(readFileSync(journalPath, 'utf8')).toBe(before);
  });

  it('refuses a journal that records no account or Region', async () => {
    const { plan, snapshot } = planFor('seed');
    install(new FakeEc2(snapshot));
    const journalPath = join(dir, 'journal.json');
    await applyPlan(plan, { ec2, journalPath, ...fast });
    await expect(undoJournal(journalPath, { ec2, current: origin })).rejects.toThrow(/records no account or Region/);
  });

  it('treats NotFound as already gone for what the run created, and as an error for a route it must restore', async () => {
    const { plan, snapshot } = planFor('09-main-route-table-local-only');
    expect(plan.steps.some((s) => s.action === 'ReplaceRoute' || s.action === 'CreateRoute')).toBe(true);
    const replace: FixPlan = { ...plan, steps: [{ action: 'ReplaceRoute', params: { RouteTableId: 'rtb-x', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-new' }, why: 'test', iamAction: 'ec2:ReplaceRoute', undo: [{ action: 'ReplaceRoute', params: { RouteTableId: 'rtb-x', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-old' } }] } as FixPlan['steps'][number]] };
    const created: FixPlan = { ...plan, steps: [{ action: 'AllocateAddress', params: { Domain: 'vpc' }, why: 'test', iamAction: 'ec2:AllocateAddress', undo: [{ action: 'ReleaseAddress', params: { AllocationId: '${1.AllocationId}' } }] } as FixPlan['steps'][number]] };
    for (const [name, p, outcome] of [['restored route', replace, 'rejects'], ['created address', created, 'resolves']] as const) {
      ec2Mock.reset();
      ec2Mock.onAnyCommand().rejects(awsError('UnexpectedCommand'));
      ec2Mock.on(sdk.ReplaceRouteCommand).resolvesOnce({}).rejects(awsError('InvalidRoute.NotFound'));
      // The route where the plan, then the journal, expects it (checked before each ReplaceRoute).
      const routeAt = (nat: string) => ({ RouteTables: [{ RouteTableId: 'rtb-x', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }] }] });
      ec2Mock.on(sdk.DescribeRouteTablesCommand).resolvesOnce(routeAt('nat-old')).resolves(routeAt('nat-new'));
      ec2Mock.on(sdk.AllocateAddressCommand).resolves({ AllocationId: 'eipalloc-1' });
      ec2Mock.on(sdk.ReleaseAddressCommand).rejects(awsError('InvalidAllocationID.NotFound'));
      const journalPath = join(dir, `${name}.json`);
      await applyPlan(p, { ec2, journalPath, origin, ...fast });
      const undo = undoJournal(journalPath, { ec2, current: origin, ...fast });
      if (outcome === 'rejects') {
        await expect(undo).rejects.toThrow(/undo incomplete: .*InvalidRoute\.NotFound/);
        expect(readJ(journalPath).state).toBe('undo-incomplete');
      } else {
        expect((await undo).state).toBe('undone');
      }
    }
    void snapshot;
  });
});

describe('undoJournal refuses a journal it cannot trust, before any call', () => {
  const step = (undo: { action: string; params: Record<string, unknown> }) => ({ action: 'AllocateAddress', params: { Domain: 'vpc' }, why: 't', iamAction: 'ec2:AllocateAddress', undo: [undo] }) as FixPlan['steps'][number];
  async function applied(undo = { action: 'ReleaseAddress', params: { AllocationId: '${1.AllocationId}' } }): Promise<string> {
    ec2Mock.on(sdk.AllocateAddressCommand).resolves({ AllocationId: 'eipalloc-1' });
    const journalPath = join(dir, 'j.json');
    await applyPlan({ steps: [step(undo)], refused: null }, { ec2, journalPath, origin, ...fast });
    ec2Mock.resetHistory();
    return journalPath;
  }
  const edits: [string, (text: string) => string, RegExp][] = [
    ['tampered', (t) => t.replace('eipalloc-1', 'eipalloc-2'), /does not match its seal/],
    ['truncated', (t) => t.slice(0, t.length / 2), /truncated or not JSON/],
    ['unsealed', (t) => t.replace(/,\s*"mac": "[0-9a-f]+"/, ''), /does not match its seal/],
    ['format 1', (t) => t.replace('"vpcdoctorJournal": 2', '"vpcdoctorJournal": 1'), /journal format 1; this vpcdoctor reads format 2 only/],
  ];
  for (const [name, edit, message] of edits) {
    it(`a ${name} journal: exit 2, nothing sent`, async () => {
      const journalPath = await applied();
      writeFileSync(journalPath, edit(readFileSync(journalPath, 'utf8')));
      const error = await undoJournal(journalPath, { ec2, current: origin }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect(ec2Mock.calls()).toHaveLength(0);
    });
  }

  it('a foreign journal (sealed with another key)', async () => {
    const journalPath = await applied();
    process.env.XDG_STATE_HOME = join(dir, 'other-user');
    await expect(undoJournal(journalPath, { ec2, current: origin })).rejects.toThrow(/does not match its seal/);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('an undo action vpcdoctor never writes, or a resource the journal neither created nor changed', async () => {
    for (const [undo, message] of [[{ action: 'DeleteVpc', params: { VpcId: 'vpc-1' } }, /DeleteVpc, which vpcdoctor never writes/], [{ action: 'DeleteSubnet', params: { SubnetId: 'subnet-theirs' } }, /acts on subnet-theirs, which this journal neither created nor changed/]] as const) {
      const journalPath = await applied(undo);
      await expect(undoJournal(journalPath, { ec2, current: origin })).rejects.toThrow(message);
      expect(ec2Mock.calls()).toHaveLength(0);
    }
  });

  it('the key is created once, 0600, in the state directory', async () => {
    await applied();
    const keyPath = join(dir, 'state', 'vpcdoctor', 'journal.key');
    const key = readFileSync(keyPath, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await applied();
    expect(readFileSync(keyPath, 'utf8')).toBe(key);
  });
});

describe('resolveOrigin and undoCommand', () => {
  it('takes the account from the VPC owner the credentials see, and refuses a VPC they cannot see', async () => {
    ec2Mock.on(sdk.DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', OwnerId: '123456789012' }] });
    expect(await resolveOrigin(ec2, 'vpc-1', { profile: 'ops' })).toEqual({ account: '123456789012', region: 'us-west-2', vpcId: 'vpc-1', profile: 'ops' });
    ec2Mock.on(sdk.DescribeVpcsCommand).rejects(awsError('InvalidVpcID.NotFound'));
    await expect(resolveOrigin(ec2, 'vpc-1', {})).rejects.toThrow(/vpc-1 is not visible to the current credentials in us-west-2/);
  });

  it('prints the complete undo command, quoting what a shell would split', () => {
    expect(undoCommand('/tmp/j.json', { ...origin, profile: 'my ops', endpoint: 'http://localhost:4566' }))
      .toBe("vpcdoctor undo /tmp/j.json --region us-west-2 --profile 'my ops' --endpoint-url http://localhost:4566");
    expect(undoCommand('/tmp/j.json', origin)).toBe('vpcdoctor undo /tmp/j.json --region us-west-2');
  });
});

describe('one fix at a time per VPC: the vpcdoctor:lock tag', () => {
  const vpc = origin.vpcId;
  const lock = { settleMs: 20 };
  const timers = { sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  const planActions = (plan: FixPlan) => plan.steps.map((s) => s.action).filter((a) => a !== 'WaitNatGatewayAvailable');
  const changes = (fake: FakeEc2) => fake.mutations().filter((a) => !a.endsWith('Tags'));

  it('two concurrent runs: the later writer wins, the other is refused (exit 4) having changed nothing, and no lock is left', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const runs = await Promise.allSettled(['a', 'b'].map((name) => applyPlan(plan, { ec2, journalPath: join(dir, `${name}.json`), origin, lock, ...fast, ...timers })));
    const refused = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(ConcurrentRunError);
    expect((refused[0]!.reason as ConcurrentRunError).exitCode).toBe(4);
    expect((refused[0]!.reason as Error).message).toMatch(new RegExp(`^${vpc} is locked by another vpcdoctor run \\(\\S+, until \\S+\\): nothing changed`));
    // Exactly one plan's changes; both wrote the tag, only the winner removed it; the loser wrote no journal.
    expect(changes(fake)).toEqual(planActions(plan));
    expect(fake.calls.filter((c) => c.action === 'CreateTags')).toHaveLength(2);
    expect(fake.calls.filter((c) => c.action === 'DeleteTags')).toHaveLength(1);
    expect(fake.tags.size).toBe(0);
    expect(fake.leftovers()).toHaveLength(plan.steps.filter((s) => ['AllocateAddress', 'CreateNatGateway', 'CreateSubnet', 'CreateRouteTable'].includes(s.action)).length);
    const loser = runs[0]!.status === 'rejected' ? 'a' : 'b';
    expect(() => readFileSync(join(dir, `${loser}.json`))).toThrow();
  });

  it('refuses, before writing anything, a VPC locked by a run that has not expired', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    fake.tags.set(`${vpc}|vpcdoctor:lock`, 'other-run 2099-01-01T00:00:00.000Z');
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, lock, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect((error as Error).message).toMatch(/locked by another vpcdoctor run \(other-run, until 2099-01-01T00:00:00\.000Z\).*aws ec2 delete-tags --resources vpc-0a1b2c3d --tags Key=vpcdoctor:lock/);
    expect(fake.calls.map((c) => c.action)).toEqual(['DescribeTags']);
    expect(fake.tags.get(`${vpc}|vpcdoctor:lock`)).toBe('other-run 2099-01-01T00:00:00.000Z');
    expect(() => readFileSync(join(dir, 'j.json'))).toThrow();
  });

  it('takes over an expired lock, says so, and releases its own at the end', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    fake.tags.set(`${vpc}|vpcdoctor:lock`, 'crashed-run 2020-01-01T00:00:00.000Z');
    const lines: string[] = [];
    await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, lock: { ...lock, runId: 'me' }, log: (l) => lines.push(l), ...fast });
    expect(lines[0]).toBe(`taking over the expired lock of run crashed-run on ${vpc} (expired 2020-01-01T00:00:00.000Z)`);
    const written = fake.calls.find((c) => c.action === 'CreateTags')!.input;
    expect(written).toMatchObject({ Resources: [vpc], Tags: [{ Key: 'vpcdoctor:lock', Value: expect.stringMatching(/^me \d{4}-\d\d-\d\dT/) }] });
    expect(fake.calls.at(-1)).toMatchObject({ action: 'DeleteTags', input: { Resources: [vpc], Tags: written.Tags } });
    expect(fake.tags.size).toBe(0);
  });

  it('a lock that cannot be taken (AccessDenied on CreateTags) stops the run with exit 3, nothing changed', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    ec2Mock.on(sdk.CreateTagsCommand).rejects(awsError('UnauthorizedOperation', 'not authorized to perform ec2:CreateTags'));
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, lock, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as Error).message).toMatch(/^cannot take the lock on vpc-0a1b2c3d \(UnauthorizedOperation: .*\): nothing changed$/);
    expect(changes(fake)).toEqual([]);
  });

  it('stops and rolls back when another run\'s value replaces the lock mid-run (it is read before each change)', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    ec2Mock.on(sdk.CreateSubnetCommand).callsFake(async (input: Record<string, any>) => {
      fake.tags.set(`${vpc}|vpcdoctor:lock`, 'other-run 2099-01-01T00:00:00.000Z');
      return fake.handle('CreateSubnet', input);
    });
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, lock, ...fast }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^step 4 \(AssociateRouteTable\) failed: ConcurrentRunError: the lock on vpc-0a1b2c3d is now held by run other-run, not this one.*the completed steps were rolled back/);
    expect(changes(fake)).toEqual(['CreateRouteTable', 'CreateRoute', 'CreateSubnet', 'DeleteSubnet', 'DeleteRoute', 'DeleteRouteTable']);
    expect(fake.leftovers()).toEqual([]);
    expect(fake.tags.get(`${vpc}|vpcdoctor:lock`)).toBe('other-run 2099-01-01T00:00:00.000Z');
  });

  it('releases the lock when a step fails and the run rolls back', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot, { action: 'CreateNatGateway', occurrence: 1 });
    install(fake);
    await expect(applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, lock, ...fast })).rejects.toThrow(/rolled back/);
    expect(fake.tags.size).toBe(0);
    expect(fake.leftovers()).toEqual([]);
  });

  it('undo takes the lock too: refused while another run holds the VPC, nothing undone', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'j.json');
    await applyPlan(plan, { ec2, journalPath, origin, lock, ...fast });
    const applied = fake.calls.length;
    fake.tags.set(`${vpc}|vpcdoctor:lock`, 'other-run 2099-01-01T00:00:00.000Z');
    await expect(undoJournal(journalPath, { ec2, current: origin, lock, ...fast })).rejects.toThrow(ConcurrentRunError);
    expect(fake.calls.slice(applied).map((c) => c.action)).toEqual(['DescribeTags']);
    fake.tags.clear();
    expect((await undoJournal(journalPath, { ec2, current: origin, lock, ...fast })).state).toBe('undone');
    expect(fake.leftovers()).toEqual([]);
    expect(fake.tags.size).toBe(0);
  });
});

describe('ReplaceRoute and its undo check where the route points first', () => {
  it('stops at a route someone repointed since the plan, rolls back what the run created, and leaves their route', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    fake.routes.set('rtb-e8780b93|0.0.0.0/0', 'nat-0someoneelse');
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), origin, ...fast }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^step 8 \(ReplaceRoute\) failed: RouteMoved: rtb-e8780b93's route 0\.0\.0\.0\/0 now points at nat-0someoneelse, not nat-01e3ffe9cc512d1df as the plan expects.*the completed steps were rolled back/);
    expect(fake.calls.filter((c) => c.action === 'ReplaceRoute')).toHaveLength(0);
    expect(fake.routes.get('rtb-e8780b93|0.0.0.0/0')).toBe('nat-0someoneelse');
    expect(fake.leftovers()).toEqual([]);
  });

  it('undo stops, changing nothing further, at a route someone repointed after the run', async () => {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'j.json');
    await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    const applied = fake.mutations().length;
    fake.routes.set('rtb-0cfe79f929a6b41a4|0.0.0.0/0', 'nat-0other');
    const error = await undoJournal(journalPath, { ec2, current: origin, ...fast }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^undo incomplete: step 9 \(ReplaceRoute\): RouteMoved: rtb-0cfe79f929a6b41a4's route 0\.0\.0\.0\/0 now points at nat-0other, not nat-fake1 as the journal expects.*steps 8, 6, 5, 4, 3, 2, 1 not undone/);
    expect(fake.mutations().slice(applied)).toEqual([]);
    expect(readJ(journalPath).state).toBe('undo-incomplete');
  });
});

describe('undo shows its plan and asks first', () => {
  async function appliedSeed(): Promise<{ fake: FakeEc2; journalPath: string; plan: FixPlan }> {
    const { plan, snapshot } = planFor('seed');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'journal.json');
    await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    return { fake, journalPath, plan };
  }

  it('hands the plan to confirm: every undo call, newest step first, on the resource it names; declined sends nothing', async () => {
    const { fake, journalPath, plan } = await appliedSeed();
    const calls = fake.calls.length;
    const before = readFileSync(journalPath, 'utf8');
    let seen: UndoPlanCall[] = [];
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast, confirm: async (c) => { seen = c; return false; } });
    expect(seen.map((c) => c.action)).toEqual([...plan.steps].reverse().flatMap((s) => (s.undo ?? []).map((u) => u.action)));
    expect(seen.map((c) => c.step)).toEqual([...plan.steps.entries()].reverse().flatMap(([i, s]) => (s.undo ?? []).map(() => i + 1)));
    const nat = seen.find((c) => c.action === 'DeleteNatGateway')!;
    expect(nat).toMatchObject({ target: 'nat-fake1', stepAction: 'CreateNatGateway', params: { NatGatewayId: 'nat-fake1' } });
    expect(seen.find((c) => c.action === 'ReleaseAddress')!.target).toBe('eipalloc-fake1');
    expect(journal.state).toBe('done');
    expect(fake.calls.length).toBe(calls);
    expect(readFileSync(journalPath, 'utf8')).toBe(before);
    const text = renderUndoPlan(seen, journal, journalPath);
    expect(text.split('\n')[0]).toBe(`Undo plan for ${journalPath}, applied ${journal.createdAt} in account 123456789012, us-west-2 (vpc-0a1b2c3d): ${seen.length} calls`);
    expect(text).toMatch(/^ {2}\d+\. DeleteNatGateway on nat-fake1 \(undoes step \d+, CreateNatGateway\): NatGatewayId=nat-fake1$/m);
  });

  it('confirmed, it undoes exactly the calls it showed', async () => {
    const { fake, journalPath } = await appliedSeed();
    const applied = fake.mutations().length;
    let seen: UndoPlanCall[] = [];
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast, confirm: async (c) => { seen = c; return true; } });
    expect(journal.state).toBe('undone');
    expect(fake.mutations().slice(applied)).toEqual(seen.map((c) => c.action).filter((a) => a !== 'WaitNatGatewayDeleted'));
    expect(fake.leftovers()).toEqual([]);
  });

  it('--dry-run sends every call with DryRun, skips the wait, and changes neither the account nor the journal', async () => {
    const { journalPath } = await appliedSeed();
    const before = readFileSync(journalPath, 'utf8');
    const sent: { action: string; input: Record<string, unknown> }[] = [];
    for (const action of ACTIONS) {
      ec2Mock.on((sdk as unknown as Record<string, any>)[`${action}Command`]).callsFake(async (input: Record<string, unknown>) => {
        sent.push({ action, input });
        throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
      });
    }
    const lines: string[] = [];
    let shown: UndoPlanCall[] = [];
    await undoJournal(journalPath, { ec2, current: origin, dryRun: true, log: (l) => lines.push(l), confirm: async (c) => { shown = c; return true; } });
    expect(sent.map((s) => s.action)).toEqual(shown.map((c) => c.action).filter((a) => a !== 'WaitNatGatewayDeleted'));
    expect(sent.every((s) => s.input.DryRun === true)).toBe(true);
    expect(lines.find((l) => l.includes('WaitNatGatewayDeleted'))).toMatch(/skipped/);
    expect(readFileSync(journalPath, 'utf8')).toBe(before);
    // A call AWS would refuse: exit 3, saying which, and still nothing changed.
    ec2Mock.on(sdk.DeleteNatGatewayCommand).rejects(awsError('UnauthorizedOperation', 'not allowed'));
    await expect(undoJournal(journalPath, { ec2, current: origin, dryRun: true })).rejects.toThrow(/AWS would refuse 1 of \d+ calls: DeleteNatGateway on nat-fake1: UnauthorizedOperation/);
    expect(readFileSync(journalPath, 'utf8')).toBe(before);
  });
});

describe('SIGINT / SIGTERM during applyPlan', () => {
  describe.each(plans)('a signal at every step of %s', (_name, make) => {
    const { plan } = make();
    const cases = plan.steps.flatMap((step, i) => (['in flight', 'before its call'] as const).map((when) => [i + 1, step.action, when] as const));
    it.each(cases)('step %i (%s), %s: no new call, all it did rolled back in reverse', async (k, action, when) => {
      const { plan, snapshot } = make();
      const fake = new FakeEc2(snapshot);
      install(fake);
      const routesBefore = new Map(fake.routes);
      const controller = new AbortController();
      const waiting = action.startsWith('Wait');
      const inFlight = when === 'in flight' && !waiting;
      // Before its call: the step's line is logged first. In flight: AWS has done the call, its answer is on the way.
      const log = (line: string) => { if (!inFlight && line.startsWith(`[${k}/`)) controller.abort('SIGINT'); };
      const nth = plan.steps.slice(0, k).filter((s) => !s.action.startsWith('Wait')).length;
      let seen = 0;
      const handle = fake.handle.bind(fake);
      fake.handle = (a, input) => {
        const output = handle(a, input);
        if (inFlight && !a.startsWith('Describe') && ++seen === nth) controller.abort('SIGINT');
        return output;
      };
      const journalPath = join(dir, `journal-${k}.json`);
      const error = await applyPlan(plan, { ec2, journalPath, log, signal: controller.signal, ...fast }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InterruptedError);
      expect((error as InterruptedError).exitCode).toBe(130);
      expect((error as Error).message).toBe(`interrupted by SIGINT: what it did was rolled back (journal ${journalPath})`);
      // A call in flight finishes, so its outcome is known and undone; before its call, or in a wait, nothing is sent.
      const completed = plan.steps.slice(0, inFlight ? k : k - 1);
      const sent = completed.map((s) => s.action).filter((a) => !a.startsWith('Wait'));
      const undone = [...completed].reverse().flatMap((s) => (s.undo ?? []).map((u) => u.action)).filter((a) => !a.startsWith('Wait'));
      expect(fake.mutations()).toEqual([...sent, ...undone]);
      const journal = readJ(journalPath);
      expect(journal.state).toBe('interrupted-rolled-back');
      expect(journal.steps.map((s) => s.status)).toEqual(plan.steps.map((_, i) => (i < completed.length ? 'rolled-back' : 'pending')));
      expectNothingLeft(fake, routesBefore);
    });
  });

  it('SIGTERM exits 143; a signal during a long NAT gateway wait stops it at once, long before its bound', async () => {
    const { plan, snapshot } = planFor('01-nat-no-eip');
    const fake = new FakeEc2(snapshot);
    install(fake);
    neverAvailable(fake);
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGTERM'), 150);
    const started = Date.now();
    const error = await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), signal: controller.signal, pollIntervalMs: 20, waitTimeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(143);
    expect(fake.mutations().slice(-2)).toEqual(['DeleteNatGateway', 'ReleaseAddress']);
    expect(fake.leftovers()).toEqual([]);
    const journal = readJ(join(dir, 'j.json'));
    expect(journal.state).toBe('interrupted-rolled-back');
    expect(journal.steps.find((s) => s.action === 'WaitNatGatewayAvailable')).toMatchObject({ status: 'failed', error: 'interrupted by SIGTERM' });
  });
});

/** Applies the fixture's plan until `inFlight` is sent and its answer never comes (the process dies
 *  there; `made`: AWS did the call): the journal on disk says "running" for that step. */
async function killedDuring(name: string, inFlight: string, made = true): Promise<{ fake: FakeEc2; journalPath: string }> {
  const { plan, snapshot } = planFor(name);
  const fake = new FakeEc2(snapshot);
  install(fake);
  const Command = (sdk as unknown as Record<string, any>)[`${inFlight}Command`];
  let sent = false;
  ec2Mock.on(Command).callsFake(async (input: Record<string, any>) => {
    sent = true;
    if (made) fake.handle(inFlight, input);
    return new Promise(() => {});
  });
  const journalPath = join(dir, 'j.json');
  void applyPlan(plan, { ec2, journalPath, origin, ...fast });
  await vi.waitFor(() => expect(sent).toBe(true));
  install(fake);
  return { fake, journalPath };
}

describe('a CreateNatGateway or AllocateAddress whose outcome is unknown is never orphaned', () => {
  it('sends a ClientToken and a step tag, both journaled before the call', async () => {
    const { plan, snapshot } = planFor('01-nat-no-eip');
    const fake = new FakeEc2(snapshot);
    install(fake);
    const journalPath = join(dir, 'j.json');
    let journaled: Record<string, unknown> | undefined;
    ec2Mock.on(sdk.CreateNatGatewayCommand).callsFake(async (input: Record<string, any>) => {
      journaled = readJ(journalPath).steps.find((s) => s.action === 'CreateNatGateway' && s.status === 'running')?.params;
      return fake.handle('CreateNatGateway', input);
    });
    await applyPlan(plan, { ec2, journalPath, ...fast });
    const journal = readJ(journalPath);
    const k = plan.steps.findIndex((s) => s.action === 'CreateNatGateway') + 1;
    const sent = fake.calls.find((c) => c.action === 'CreateNatGateway')!.input;
    expect(journal.id).toMatch(/^[0-9a-f]{16}$/);
    expect(sent.ClientToken).toBe(`vpcdoctor-${journal.id}-${k}`);
    expect(sent.ClientToken.length).toBeLessThanOrEqual(64);
    expect(sent.TagSpecifications).toEqual([{ ResourceType: 'natgateway', Tags: expect.arrayContaining([{ Key: 'vpcdoctor:created-by', Value: 'vpcdoctor' }, { Key: 'vpcdoctor:journal-step', Value: `${journal.id}/${k}` }]) }]);
    expect(journaled).toEqual(sent);
    const eip = fake.calls.find((c) => c.action === 'AllocateAddress')!.input;
    expect(eip.TagSpecifications[0].Tags).toContainEqual({ Key: 'vpcdoctor:journal-step', Value: `${journal.id}/${k - 1}` });
    expect(eip.ClientToken).toBeUndefined(); // AllocateAddress takes none: its tag finds it
    // The plan itself is unchanged (a saved plan's fingerprint covers it).
    expect(plan.steps[k - 1]!.params.ClientToken).toBeUndefined();
  });

  it('an answer lost after AWS made the NAT gateway: found by its tag and rolled back with the rest', async () => {
    const { plan, snapshot } = planFor('01-nat-no-eip');
    const fake = new FakeEc2(snapshot);
    fake.createdThenLost = true;
    install(fake);
    const journalPath = join(dir, 'j.json');
    const lines: string[] = [];
    await expect(applyPlan(plan, { ec2, journalPath, log: (l) => lines.push(l), ...fast })).rejects.toThrow(/CreateNatGateway\) failed: TimeoutError.*rolled back/);
    expect(fake.mutations()).toEqual(['AllocateAddress', 'CreateNatGateway', 'DeleteNatGateway', 'ReleaseAddress']);
    expect(fake.leftovers()).toEqual([]);
    const entry = readJ(journalPath).steps.find((s) => s.action === 'CreateNatGateway')!;
    expect(entry).toMatchObject({ status: 'rolled-back', output: { NatGateway: { NatGatewayId: 'nat-fake1' } }, recovered: expect.stringMatching(/found by its tag after: TimeoutError/) });
    expect(lines.join('\n')).toMatch(/outcome was unknown; found what it created by its tag vpcdoctor:journal-step=/);
  });

  it.each(['AllocateAddress', 'CreateNatGateway'])('the process killed while %s was in flight: undo finds what it made and removes it', async (inFlight) => {
    const { fake, journalPath } = await killedDuring('01-nat-no-eip', inFlight);
    expect(readJ(journalPath).steps.find((s) => s.action === inFlight)!.status).toBe('running');
    let shown: UndoPlanCall[] = [];
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast, confirm: async (c) => { shown = c; return true; } });
    expect(shown.map((c) => `${c.action} ${c.target}`)).toEqual(inFlight === 'CreateNatGateway'
      ? ['DeleteNatGateway nat-fake1', 'WaitNatGatewayDeleted nat-fake1', 'ReleaseAddress eipalloc-fake1']
      : ['ReleaseAddress eipalloc-fake1']);
    expect(journal.state).toBe('undone');
    expect(fake.leftovers()).toEqual([]);
  });

  it('in flight, but AWS made nothing: undo says so and sends nothing for it', async () => {
    const { plan, snapshot } = planFor('01-nat-no-eip');
    const fake = new FakeEc2(snapshot);
    install(fake);
    ec2Mock.on(sdk.CreateNatGatewayCommand).callsFake(async () => new Promise(() => {}));
    const journalPath = join(dir, 'j.json');
    void applyPlan(plan, { ec2, journalPath, origin, ...fast });
    await vi.waitFor(() => expect(readJ(journalPath).steps.find((s) => s.action === 'CreateNatGateway')!.status).toBe('running'));
    install(fake);
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast });
    expect(journal.steps.find((s) => s.action === 'CreateNatGateway')).toMatchObject({ status: 'failed', error: expect.stringMatching(/it created nothing/) });
    expect(fake.mutations()).toEqual(['AllocateAddress', 'ReleaseAddress']);
    expect(fake.leftovers()).toEqual([]);
  });
});

describe('a subnet or route table made by a step cut short is found by its tag too', () => {
  it.each([
    ['CreateRouteTable', ['DeleteRouteTable rtb-fake1']],
    ['CreateSubnet', ['DeleteSubnet subnet-fake1', 'DeleteRoute rtb-fake1', 'DeleteRouteTable rtb-fake1']],
  ] as const)('the process killed while %s was in flight: undo removes it and what came before', async (inFlight, expected) => {
    const { fake, journalPath } = await killedDuring('seed', inFlight);
    const sent = fake.calls.find((c) => c.action === inFlight)!.input;
    const journalId = readJ(journalPath).id;
    expect(sent.TagSpecifications[0].Tags).toContainEqual({ Key: 'vpcdoctor:journal-step', Value: expect.stringMatching(new RegExp(`^${journalId}/\\d+$`)) });
    // CreateRouteTable takes a ClientToken (the SDK's retries cannot make a second table); CreateSubnet takes none.
    expect(sent.ClientToken).toEqual(inFlight === 'CreateRouteTable' ? expect.stringMatching(/^vpcdoctor-[0-9a-f]{16}-1$/) : undefined);
    let shown: UndoPlanCall[] = [];
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast, confirm: async (c) => { shown = c; return true; } });
    expect(shown.map((c) => `${c.action} ${c.target}`)).toEqual(expected);
    expect(journal.state).toBe('undone');
    expect(fake.leftovers()).toEqual([]);
  });
});

describe('a route step cut short: undo reads the route to learn whether it changed', () => {
  it.each([[true, 'did'], [false, 'did not']] as const)('killed while ReplaceRoute was in flight (made: %s, AWS %s change it): the routes end as they were', async (made) => {
    const routesBefore = new Map(new FakeEc2(planFor('seed').snapshot).routes);
    const { fake, journalPath } = await killedDuring('seed', 'ReplaceRoute', made);
    const k = readJ(journalPath).steps.find((s) => s.action === 'ReplaceRoute')!.index;
    let shown: UndoPlanCall[] = [];
    const journal = await undoJournal(journalPath, { ec2, current: origin, ...fast, confirm: async (c) => { shown = c; return true; } });
    // Done, its undo puts the route back first; not done, it has nothing to undo.
    expect(shown.some((c) => c.step === k)).toBe(made);
    expect(journal.steps[k - 1]).toMatchObject(made ? { status: 'rolled-back', recovered: expect.stringMatching(/points at the step's target/) } : { status: 'failed', error: expect.stringMatching(/changed nothing/) });
    expect(journal.state).toBe('undone');
    expectNothingLeft(fake, routesBefore);
  });

  it('a route someone else moved meanwhile is left for a person, and said so', async () => {
    const { fake, journalPath } = await killedDuring('seed', 'ReplaceRoute', false);
    const table = readJ(journalPath).steps.find((s) => s.action === 'ReplaceRoute')!.params!.RouteTableId as string;
    fake.routes.set(`${table}|0.0.0.0/0`, 'nat-someone-else');
    await expect(undoJournal(journalPath, { ec2, current: origin, ...fast })).rejects.toThrow(/undo incomplete: step \d+ \(ReplaceRoute\) was interrupted: check it by hand/);
    expect(fake.routes.get(`${table}|0.0.0.0/0`)).toBe('nat-someone-else');
  });
});
