// The CLI in live mode, in-process, against AWS clients mocked with aws-sdk-client-mock (which
// patches every client instance): the live report equals the report on the snapshot it writes, and
// a secret in the function's environment appears nowhere a user or a log could see it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import { RDSClient } from '@aws-sdk/client-rds';
import * as rdsSdk from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import * as route53Sdk from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { REPLAY_ACTIONS, awsError, snapshotResponder, type Service } from '../src/collect/replay.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import { fixture } from './helpers/cli.js';

const SENTINEL = 'sentinel-5f3c9e1a-db-password';
const MODULES = { lambda: lambdaSdk, ec2: ec2Sdk, rds: rdsSdk, networkFirewall: nfwSdk, route53Resolver: resolverSdk, route53: route53Sdk } as Record<Service, Record<string, unknown>>;
const CLASSES = { lambda: LambdaClient, ec2: EC2Client, rds: RDSClient, networkFirewall: NetworkFirewallClient, route53Resolver: Route53ResolverClient, route53: Route53Client };

const snapshot = parseSnapshot(readFileSync(fixture('seed'), 'utf8'), 'seed');
snapshot.functions[0]!.Environment = { Variables: { DB_HOST: 'mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', DB_PASSWORD: SENTINEL } };
const mocks = (Object.keys(CLASSES) as Service[]).map((service) => {
  const mock = mockClient(CLASSES[service]);
  const respond = snapshotResponder(snapshot);
  mock.onAnyCommand().rejects(new Error(`unmocked ${service} call`));
  for (const action of REPLAY_ACTIONS[service]) mock.on(MODULES[service][`${action}Command`] as never).callsFake(async (input: Record<string, unknown>) => respond(service, action, input));
  return mock;
});
afterAll(() => mocks.forEach((m) => m.restore()));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'vpcdoctor', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('live check through mocked AWS clients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-live-'));
  const written = join(dir, 'snapshot.json');
  let live: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    live = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--output', 'json', '--verbose']);
  });

  it('diagnoses the seed VPC live, with exit 1', () => {
    expect(live.code).toBe(1);
    expect(JSON.parse(live.stdout).functions[0].findings.map((f: { code: string }) => f.code)).toContain('NAT_SUBNET_NO_IGW_ROUTE');
  });

  it('logs each AWS call with its duration under --verbose', () => {
    expect(live.stderr).toMatch(/^aws lambda:GetFunctionConfiguration .*\d+ ms/m);
    expect(live.stderr).toMatch(/^aws ec2:DescribeRouteTables .*\d+ ms/m);
  });

  it('writes a snapshot whose offline report equals the live one', async () => {
    const snap = await cli(['snapshot', 'mobile-auth-handler', '--region', 'us-west-2', '-o', written]);
    expect(snap.code).toBe(0);
    const offline = await cli(['check', 'mobile-auth-handler', '--snapshot', written, '--output', 'json']);
    expect(offline.code).toBe(live.code);
    const [offlineReport, liveReport] = [JSON.parse(offline.stdout), JSON.parse(live.stdout)];
    // The same network: only the metadata's "live" flag and the moment of collection tell them apart.
    expect(offlineReport).toEqual({ ...liveReport, metadata: { ...liveReport.metadata, live: false, capturedAt: expect.stringMatching(/^\d{4}-/) } });
    expect(liveReport.metadata).toMatchObject({ live: true, region: 'us-west-2', vpcdoctorVersion: expect.any(String) });
    expect(JSON.parse(readFileSync(written, 'utf8')).functions[0].Environment.Variables).toEqual({
      DB_HOST: '<redacted:rds:mobile-auth-db>', DB_PASSWORD: '<redacted>',
    });
  });

  it('never prints, logs or stores an environment value', async () => {
    const text = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--verbose', '--target', 'internet']);
    for (const output of [live.stdout, live.stderr, text.stdout, text.stderr, readFileSync(written, 'utf8')]) {
      expect(output).not.toContain(SENTINEL);
    }
  });
});

describe('live --fix', () => {
  const ec2 = mocks[1]!;
  const MUTATIONS = ['AllocateAddress', 'CreateNatGateway', 'CreateSubnet', 'CreateRouteTable', 'CreateRoute', 'AssociateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'AuthorizeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress'];
  const mutationsSent = () => ec2.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, '')).filter((name) => MUTATIONS.includes(name));

  it('changes nothing without a terminal or --yes, shows the plan, and exits 2', async () => {
    ec2.resetHistory();
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/Repair plan, \d+ steps \(proved on the model\)/);
    expect(run.stderr).toMatch(/confirm on a terminal, or pass --yes/);
    expect(mutationsSent()).toEqual([]);
  });

  it('--dry-run has AWS validate every call with DryRun and changes nothing', async () => {
    ec2.resetHistory();
    for (const action of MUTATIONS) {
      ec2.on(ec2Sdk[`${action}Command` as keyof typeof ec2Sdk] as never).callsFake(async (input: { DryRun?: boolean }) => {
        if (input.DryRun !== true) throw new Error(`${action} sent without DryRun`);
        throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      });
    }
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--dry-run']);
    expect(run.stderr).toMatch(/AWS validated the plan \(DryRun\); nothing was changed/);
    expect(run.code).toBe(1);
    const sent = mutationsSent();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toContain('AllocateAddress');
  });

  it('--dry-run says so when AWS would refuse a call (exit 3), instead of "validated"', async () => {
    ec2.on(ec2Sdk.AllocateAddressCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--dry-run']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^vpcdoctor: mobile-auth-handler: AWS would refuse 1 of the plan's calls \(DryRun\): step \d+ AllocateAddress: UnauthorizedOperation: .*; nothing was changed$/m);
    expect(run.stderr).not.toMatch(/AWS validated the plan/);
    ec2.on(ec2Sdk.AllocateAddressCommand).rejects(awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412));
  });

  it('--journal in a place it cannot write: exit 2 naming the path, before anything is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-journal-'));
    writeFileSync(join(dir, 'plain'), '');
    ec2.resetHistory();
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--yes', '--journal', join(dir, 'plain', 'j.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^vpcdoctor: cannot write the journal ${join(dir, 'plain', 'j.json').replace(/[.]/g, '\\.')}: a file stands where a directory should \\(EEXIST\\); choose another place with --journal$`, 'm'));
    expect(mutationsSent()).toEqual([]);
    expect(ec2.commandCalls(ec2Sdk.CreateTagsCommand)).toHaveLength(0);
  });

  it('reads the Elastic IP quota in the fix path and refuses, before any call, a plan that needs more than are free', async () => {
    const inUse = snapshot.ec2.Addresses!.length;
    ec2.on(ec2Sdk.DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: String(inUse) }] }] });
    ec2.resetHistory();
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--yes', '--output', 'json']);
    const plan = JSON.parse(run.stdout).functions[0].plan;
    expect(plan.refused).toMatch(new RegExp(`0 free of the quota vpc-max-elastic-ips \\(${inUse}, ${inUse} in use\\)`));
    expect(mutationsSent()).toEqual([]);
    expect(ec2.commandCalls(ec2Sdk.DescribeAccountAttributesCommand)).toHaveLength(1);
  });

  it('check alone never reads the quota (the fix path does)', async () => {
    ec2.resetHistory();
    await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--output', 'json']);
    expect(ec2.commandCalls(ec2Sdk.DescribeAccountAttributesCommand)).toHaveLength(0);
  });
});

/** The EC2 writes an apply sends, answered (created ids *-0new), and the lock tag kept in a map (returned). */
function mockWrites(): Map<string, string> {
  const ec2 = mocks[1]!;
  const respond = snapshotResponder(snapshot);
  const tags = new Map<string, string>();
  const created: Record<string, Record<string, unknown>> = {
    CreateRouteTable: { RouteTable: { RouteTableId: 'rtb-0new' } }, CreateRoute: { Return: true }, CreateSubnet: { Subnet: { SubnetId: 'subnet-0new' } },
    AssociateRouteTable: { AssociationId: 'rtbassoc-0new' }, AllocateAddress: { AllocationId: 'eipalloc-0new' }, CreateNatGateway: { NatGateway: { NatGatewayId: 'nat-0new', State: 'pending' } }, ReplaceRoute: {},
  };
  for (const [action, output] of Object.entries(created)) ec2.on(ec2Sdk[`${action}Command` as keyof typeof ec2Sdk] as never).resolves(output as never);
  ec2.on(ec2Sdk.DescribeNatGatewaysCommand).callsFake(async (input: { NatGatewayIds?: string[] }) =>
    (input.NatGatewayIds?.includes('nat-0new') ? { NatGateways: [{ NatGatewayId: 'nat-0new', State: 'available' }] } : respond('ec2', 'DescribeNatGateways', input)));
  ec2.on(ec2Sdk.CreateTagsCommand).callsFake(async (input: { Resources: string[]; Tags: { Key: string; Value: string }[] }) => { tags.set(input.Resources[0]!, input.Tags[0]!.Value); return {}; });
  ec2.on(ec2Sdk.DeleteTagsCommand).callsFake(async (input: { Resources: string[]; Tags: { Value: string }[] }) => { if (tags.get(input.Resources[0]!) === input.Tags[0]!.Value) tags.delete(input.Resources[0]!); return {}; });
  ec2.on(ec2Sdk.DescribeTagsCommand).callsFake(async () => ({ Tags: [...tags].map(([ResourceId, Value]) => ({ ResourceId, ResourceType: 'vpc', Key: 'vpcdoctor:lock', Value })) }));
  return tags;
}

describe('live check --fix --plan-out, then apply PLAN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-apply-'));
  const plan = join(dir, 'plan.json');
  const saved = process.env.XDG_STATE_HOME;
  const route = () => snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-e8780b93')!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!;
  beforeAll(() => {
    process.env.XDG_STATE_HOME = join(dir, 'state');
    // Room for the plan's Elastic IP under the quota the fix path reads.
    mocks[1]!.on(ec2Sdk.DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] });
  });
  afterAll(() => { process.env.XDG_STATE_HOME = saved; });

  it('writes the plan live, applies nothing, and records where it was made', async () => {
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--plan-out', plan]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/plan written to .*plan\.json \(\d+ steps, \d+ resources fingerprinted\); nothing applied/);
    expect(JSON.parse(readFileSync(plan, 'utf8')).origin).toEqual({ account: '123456789012', region: 'us-west-2', vpcId: 'vpc-6144d219' });
  });

  it('apply --dry-run: the network still matches, the plan proves again, AWS validates it, nothing changes', async () => {
    const run = await cli(['apply', plan, '--dry-run']);
    expect(run.stderr).toMatch(/plan\.json: mobile-auth-handler in account 123456789012, us-west-2 \(vpc-6144d219\), planned \S+: unreachable, reachable on the model with the plan\./);
    expect(run.stderr).toMatch(/the network still matches the plan \(\d+ resources\) and the plan proves again/);
    expect(run.stderr).toMatch(/AWS validated the plan \(DryRun\); nothing was changed/);
    expect(run.code).toBe(1);
  });

  it('refuses without a terminal or --yes (exit 2)', async () => {
    const run = await cli(['apply', plan]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/apply changes your account: confirm on a terminal, or pass --yes/);
  });

  it('refuses another Region or account than the plan\'s (exit 2), before reading the network', async () => {
    expect((await cli(['apply', plan, '--yes', '--region', 'eu-west-1'])).stderr).toMatch(/plan\.json was planned in us-west-2, but the current Region is eu-west-1: nothing changed/);
    const vpc = snapshot.ec2.Vpcs!.find((v) => v.VpcId === 'vpc-6144d219')!;
    const owner = vpc.OwnerId;
    vpc.OwnerId = '999999999999';
    try {
      const run = await cli(['apply', plan, '--yes']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/was planned in account 123456789012, but the current credentials are for 999999999999/);
    } finally {
      vpc.OwnerId = owner;
    }
  });

  it('apply --yes sends exactly the plan\'s steps, under the VPC lock, journaled; the lock is gone after', async () => {
    const ec2 = mocks[1]!;
    const tags = mockWrites();
    ec2.resetHistory();
    const document = JSON.parse(readFileSync(plan, 'utf8')) as { plan: { steps: { action: string; params: Record<string, unknown> }[] } };
    const run = await cli(['apply', plan, '--yes', '--journal', join(dir, 'journal.json')]);
    expect(run.stderr).toMatch(/applied \d+ steps; journal .*journal\.json/);
    expect(run.stdout).toMatch(/After the repair:/);
    const names = ec2.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''));
    const changes = names.filter((n) => !n.startsWith('Describe') && !n.endsWith('Tags'));
    expect(changes).toEqual(document.plan.steps.map((s) => s.action).filter((a) => !a.startsWith('Wait')));
    // The lock around the changes: taken before the first, released after the last.
    expect(names.indexOf('CreateTags')).toBeLessThan(names.indexOf(changes[0]!));
    expect(names.lastIndexOf('DeleteTags')).toBeGreaterThan(names.lastIndexOf(changes.at(-1)!));
    expect(tags.size).toBe(0);
    const replace = ec2.commandCalls(ec2Sdk.ReplaceRouteCommand).map((c) => c.args[0].input);
    expect(replace).toEqual(document.plan.steps.filter((s) => s.action === 'ReplaceRoute').map((s) => ({ ...s.params, NatGatewayId: 'nat-0new' })));
    const journal = JSON.parse(readFileSync(join(dir, 'journal.json'), 'utf8'));
    expect(journal.state).toBe('done');
    expect(journal.plan.steps).toEqual(document.plan.steps);
  });

  it('refuses (exit 2) once the network changed, naming the resource and what changed', async () => {
    const was = route().NatGatewayId;
    route().NatGatewayId = 'nat-0changedbyhand';
    try {
      const run = await cli(['apply', plan, '--yes']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/the network no longer matches .*plan\.json: rtb-e8780b93: Routes -\{[^}]*nat-01e3ffe9cc512d1df[^}]*\} \+\{[^}]*nat-0changedbyhand/);
      expect(run.stderr).toMatch(/nothing applied/);
    } finally {
      route().NatGatewayId = was;
    }
  });
});

describe('a plan written on one machine (key A), applied on another (key B)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-portable-'));
  const plan = join(dir, 'plan.json');
  const saved = process.env.XDG_STATE_HOME;
  const [machineA, machineB] = [join(dir, 'a'), join(dir, 'b')];
  const route = () => snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-e8780b93')!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!;
  const ec2 = mocks[1]!;
  const sent = () => ec2.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, '')).filter((n) => !n.startsWith('Describe'));
  /** The plan file as another machine (or an editor) leaves it: edited, the seal and its key name gone. */
  const edited = (edit: (document: { plan: { steps: { action: string; params: Record<string, unknown>; why?: string; iamAction?: string }[] } }) => void): string => {
    const document = JSON.parse(readFileSync(plan, 'utf8')) as Parameters<typeof edit>[0] & { mac?: string; sealedBy?: string };
    edit(document);
    delete document.mac;
    delete document.sealedBy;
    const path = join(dir, `edited-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(document, null, 2));
    return path;
  };
  beforeAll(async () => {
    mocks[1]!.on(ec2Sdk.DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] });
    process.env.XDG_STATE_HOME = machineA;
    const run = await cli(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--fix', '--plan-out', plan]);
    expect(run.stderr).toMatch(/plan written to/);
    process.env.XDG_STATE_HOME = machineB;
  });
  afterAll(() => { process.env.XDG_STATE_HOME = saved; });

  it('applies it when the network is unchanged: planned again, the same steps, sent under the lock and journaled with key B', async () => {
    const tags = mockWrites();
    ec2.resetHistory();
    const document = JSON.parse(readFileSync(plan, 'utf8')) as { options: object; plan: { steps: { action: string }[] } };
    expect(document.options).toEqual({});
    const run = await cli(['apply', plan, '--yes', '--journal', join(dir, 'journal.json')]);
    expect(run.stderr.split('\n').filter((l) => /written elsewhere/.test(l))).toEqual([`${plan}: plan written elsewhere: checked by re-planning`]);
    expect(run.stderr).toMatch(/the plan proves again; planning again gives the same steps/);
    expect(run.stderr).toMatch(/applied \d+ steps; journal .*journal\.json/);
    expect(sent().filter((n) => !n.endsWith('Tags'))).toEqual(document.plan.steps.map((s) => s.action).filter((a) => !a.startsWith('Wait')));
    expect(tags.size).toBe(0);
    // The journal is sealed with this machine's key: undo here reads it.
    const { readJournal, journalKey } = await import('../src/fix/index.js');
    expect(readJournal(join(dir, 'journal.json'), journalKey).state).toBe('done');
  });

  const edits: [string, Parameters<typeof edited>[0], RegExp][] = [
    ['a DeleteVpc injected', (d) => { d.plan.steps.splice(1, 0, { action: 'DeleteVpc', params: { VpcId: 'vpc-6144d219' }, why: 'tidy up', iamAction: 'ec2:DeleteVpc' }); }, /step 2 differs \(action, iamAction, params, undo, why\): the file has DeleteVpc/],
    ['a route target changed', (d) => { d.plan.steps.find((s) => s.action === 'ReplaceRoute')!.params.NatGatewayId = 'nat-0attacker'; }, /step \d+ differs \(params\): the file has ReplaceRoute .*nat-0attacker/],
  ];
  it.each(edits)('refuses %s, seal stripped (exit 2), having sent nothing', async (_name, edit, message) => {
    mockWrites();
    ec2.resetHistory();
    const run = await cli(['apply', edited(edit), '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plan written elsewhere: checked by re-planning/);
    expect(run.stderr).toMatch(/is not the plan vpcdoctor makes now for mobile-auth-handler/);
    expect(run.stderr).toMatch(message);
    expect(sent()).toEqual([]);
  });

  it('refuses it once the network changed between plan and apply (exit 2), naming what changed, having sent nothing', async () => {
    const was = route().NatGatewayId;
    route().NatGatewayId = 'nat-0changedbyhand';
    ec2.resetHistory();
    try {
      const run = await cli(['apply', plan, '--yes']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/the network no longer matches .*plan\.json: rtb-e8780b93: Routes -\{[^}]*nat-01e3ffe9cc512d1df[^}]*\} \+\{[^}]*nat-0changedbyhand/);
      expect(sent()).toEqual([]);
    } finally {
      route().NatGatewayId = was;
    }
  });

  it('does not use the profile the plan was written with (another machine\'s), and says so: the environment\'s credentials apply it', async () => {
    const path = edited((d) => { (d as unknown as { origin: { profile: string } }).origin.profile = 'laptop-only'; });
    const run = await cli(['apply', path, '--dry-run']);
    expect(run.stderr).toMatch(/plan written elsewhere: checked by re-planning \(its profile laptop-only not used: pass --profile or --endpoint-url to choose\)/);
    expect(run.stderr).toMatch(/AWS validated the plan \(DryRun\); nothing was changed/);
    expect(run.code).toBe(1);
  });

  it('on machine A, an edited plan whose seal is kept is still refused up front (exit 2), before any AWS call', async () => {
    process.env.XDG_STATE_HOME = machineA;
    try {
      const tampered = join(dir, 'tampered.json');
      writeFileSync(tampered, readFileSync(plan, 'utf8').replace('"DestinationCidrBlock": "0.0.0.0/0"', '"DestinationCidrBlock": "0.0.0.0/1"'));
      ec2.resetHistory();
      const run = await cli(['apply', tampered, '--yes']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/does not match its seal: edited after it was written: nothing applied/);
      expect(ec2.calls()).toHaveLength(0);
    } finally {
      process.env.XDG_STATE_HOME = machineB;
    }
  });
});
