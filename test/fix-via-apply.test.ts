// The applier side of --via and the pre-checks, against aws-sdk-client-mock: an endpoint plan
// applied and undone (waits included), a regional NAT gateway waited for until every AZ's address
// is associated, the pre-flight that stops before the first mutation when the internet gateway is
// gone, and the live reading of the Elastic IP quota and endpoint service AZs.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { collectFixLimits } from '../src/collect/fix-limits.js';
import { InputError } from '../src/errors.js';
import { applyPlan, checkInternetGateways, planFix, undoJournal, type FixPlan, type JournalOrigin, type PlanOptions } from '../src/fix/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';

const root = join(import.meta.dirname, '..', 'fixtures');
function seedPlan(options: PlanOptions, targets?: string[]): FixPlan {
  const snapshot = parseSnapshot(readFileSync(join(root, 'seed', 'snapshot.json'), 'utf8'), 'seed');
  return planFix(snapshot, analyze(snapshot, { functions: ['mobile-auth-handler'], targets }), undefined, options);
}

const ec2Mock = mockClient(sdk.EC2Client);
const ec2 = new sdk.EC2Client({ region: 'us-west-2' });
const awsError = (name: string) => Object.assign(new Error(name), { name });
const fast = { pollIntervalMs: 0, waitTimeoutMs: 5_000 };
const origin: JournalOrigin = { account: '123456789012', region: 'us-west-2', vpcId: 'vpc-6144d219' };
const sent = () => ec2Mock.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-via-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
  ec2Mock.reset();
  ec2Mock.onAnyCommand().rejects(awsError('UnexpectedCommand'));
});

describe('--via endpoint applied', () => {
  it('creates the group, its rule and the endpoint, waits until available; undo deletes the endpoint, waits for it to go, then the group', async () => {
    const plan = seedPlan({ via: 'endpoint' }, ['ses']);
    let endpointPolls = 0;
    let deleted = false;
    ec2Mock.on(sdk.CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new1' });
    ec2Mock.on(sdk.AuthorizeSecurityGroupIngressCommand).resolves({ Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-new1' }] });
    ec2Mock.on(sdk.CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-new1', State: 'pending' } });
    ec2Mock.on(sdk.DescribeVpcEndpointsCommand).callsFake(() => {
      if (deleted) return { VpcEndpoints: endpointPolls++ > 3 ? [] : [{ VpcEndpointId: 'vpce-new1', State: 'deleting' }] };
      return { VpcEndpoints: [{ VpcEndpointId: 'vpce-new1', State: endpointPolls++ < 2 ? 'pending' : 'available' }] };
    });
    ec2Mock.on(sdk.DeleteVpcEndpointsCommand).callsFake(() => { deleted = true; endpointPolls = 0; return { Unsuccessful: [] }; });
    ec2Mock.on(sdk.RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(sdk.DeleteSecurityGroupCommand).resolves({});
    const journalPath = join(dir, 'journal.json');
    await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    expect(sent()).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'CreateVpcEndpoint', 'DescribeVpcEndpoints', 'DescribeVpcEndpoints', 'DescribeVpcEndpoints']);
    expect(ec2Mock.commandCalls(sdk.CreateVpcEndpointCommand)[0]!.args[0].input).toMatchObject({ SecurityGroupIds: ['sg-new1'], PrivateDnsEnabled: true, VpcEndpointType: 'Interface' });
    ec2Mock.resetHistory();
    await undoJournal(journalPath, { ec2, current: origin, ...fast });
    const undo = sent();
    expect(undo[0]).toBe('DeleteVpcEndpoints');
    expect(undo.slice(-2)).toEqual(['RevokeSecurityGroupIngress', 'DeleteSecurityGroup']);
    expect(undo.filter((a) => a === 'DescribeVpcEndpoints').length).toBeGreaterThan(1);
    expect(ec2Mock.commandCalls(sdk.DeleteSecurityGroupCommand)[0]!.args[0].input).toEqual({ GroupId: 'sg-new1' });
  });

  it('an endpoint whose answer was lost after AWS made it: found by its tag and rolled back with the group', async () => {
    const plan = seedPlan({ via: 'endpoint' }, ['ses']);
    let deleted = false;
    ec2Mock.on(sdk.CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new1' });
    ec2Mock.on(sdk.AuthorizeSecurityGroupIngressCommand).resolves({ Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-new1' }] });
    ec2Mock.on(sdk.CreateVpcEndpointCommand).rejects(awsError('TimeoutError'));
    ec2Mock.on(sdk.DescribeVpcEndpointsCommand).callsFake((input: { Filters?: { Name: string; Values: string[] }[] }) => {
      const sentTags = ec2Mock.commandCalls(sdk.CreateVpcEndpointCommand)[0]!.args[0].input.TagSpecifications![0]!.Tags!;
      const tagged = input.Filters?.every((f) => sentTags.some((t) => `tag:${t.Key}` === f.Name && f.Values.includes(t.Value!)));
      if (input.Filters && !tagged) return { VpcEndpoints: [] };
      return { VpcEndpoints: deleted ? [] : [{ VpcEndpointId: 'vpce-new1', State: 'pending' }] };
    });
    ec2Mock.on(sdk.DeleteVpcEndpointsCommand).callsFake(() => { deleted = true; return { Unsuccessful: [] }; });
    ec2Mock.on(sdk.RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(sdk.DeleteSecurityGroupCommand).resolves({});
    await expect(applyPlan(plan, { ec2, journalPath: join(dir, 'journal.json'), origin, ...fast })).rejects.toThrow(/CreateVpcEndpoint\) failed: TimeoutError.*the completed steps were rolled back/);
    const create = ec2Mock.commandCalls(sdk.CreateVpcEndpointCommand)[0]!.args[0].input;
    expect(create.ClientToken).toMatch(/^vpcdoctor-[0-9a-f]{16}-\d+$/);
    expect(create.TagSpecifications![0]!.Tags).toContainEqual(expect.objectContaining({ Key: 'vpcdoctor:journal-step' }));
    expect(ec2Mock.commandCalls(sdk.DeleteVpcEndpointsCommand)[0]!.args[0].input).toEqual({ VpcEndpointIds: ['vpce-new1'] });
    expect(sent().slice(-2)).toEqual(['RevokeSecurityGroupIngress', 'DeleteSecurityGroup']);
  });

  it('a failed endpoint stops the run and rolls the group back', async () => {
    const plan = seedPlan({ via: 'endpoint' }, ['ses']);
    ec2Mock.on(sdk.CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new1' });
    ec2Mock.on(sdk.AuthorizeSecurityGroupIngressCommand).resolves({ Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-new1' }] });
    ec2Mock.on(sdk.CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-new1', State: 'pending' } });
    ec2Mock.on(sdk.DescribeVpcEndpointsCommand).resolvesOnce({ VpcEndpoints: [{ VpcEndpointId: 'vpce-new1', State: 'failed', LastError: { Code: 'Quota', Message: 'too many' } }] })
      .resolves({ VpcEndpoints: [] });
    ec2Mock.on(sdk.DeleteVpcEndpointsCommand).resolves({});
    ec2Mock.on(sdk.RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(sdk.DeleteSecurityGroupCommand).resolves({});
    await expect(applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), ...fast })).rejects.toThrow(/vpce-new1 is failed \(Quota: too many\).*rolled back/);
    expect(sent().slice(-1)).toEqual(['DeleteSecurityGroup']);
  });
});

describe('--via regional-nat applied', () => {
  it('waits until the NAT gateway is available and every AZ\'s address associated before the first route', async () => {
    const plan = seedPlan({ via: 'regional-nat' });
    let n = 0;
    ec2Mock.on(sdk.DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-509d6629', Attachments: [{ VpcId: 'vpc-6144d219', State: 'available' }] }] });
    ec2Mock.on(sdk.AllocateAddressCommand).callsFake(() => ({ AllocationId: `eipalloc-${++n}` }));
    ec2Mock.on(sdk.CreateNatGatewayCommand).resolves({ NatGateway: { NatGatewayId: 'nat-regional1', State: 'pending' } });
    ec2Mock.on(sdk.DescribeNatGatewaysCommand)
      .resolvesOnce({ NatGateways: [{ NatGatewayId: 'nat-regional1', State: 'available', NatGatewayAddresses: [{ Status: 'succeeded' }, { Status: 'associating' }] }] })
      .resolves({ NatGateways: [{ NatGatewayId: 'nat-regional1', State: 'available', NatGatewayAddresses: [{ Status: 'succeeded' }, { Status: 'succeeded' }] }] });
    ec2Mock.on(sdk.ReplaceRouteCommand).resolves({});
    // Each route still where the plan found it (the applier reads it before ReplaceRoute).
    ec2Mock.on(sdk.DescribeRouteTablesCommand).callsFake((input: { RouteTableIds: string[] }) => ({
      RouteTables: input.RouteTableIds.map((id) => ({ RouteTableId: id, Routes: [{ DestinationCidrBlock: '0.0.0.0/0', ...plan.steps.find((s) => s.action === 'ReplaceRoute' && s.params.RouteTableId === id)!.expects }] })),
    }));
    await applyPlan(plan, { ec2, journalPath: join(dir, 'j.json'), preflight: (p) => checkInternetGateways(ec2, p), ...fast });
    expect(sent()).toEqual(['DescribeInternetGateways', 'AllocateAddress', 'AllocateAddress', 'CreateNatGateway', 'DescribeNatGateways', 'DescribeNatGateways', 'DescribeRouteTables', 'ReplaceRoute', 'DescribeRouteTables', 'ReplaceRoute']);
    expect(ec2Mock.commandCalls(sdk.CreateNatGatewayCommand)[0]!.args[0].input).toMatchObject({
      AvailabilityMode: 'regional', VpcId: 'vpc-6144d219',
      AvailabilityZoneAddresses: [{ AvailabilityZone: 'us-west-2a', AllocationIds: ['eipalloc-1'] }, { AvailabilityZone: 'us-west-2b', AllocationIds: ['eipalloc-2'] }],
    });
  });
});

describe('a regional NAT gateway given an address for a missing AZ', () => {
  it('associates, waits until the address succeeded; undo disassociates, waits until it has left, then releases it', async () => {
    const snapshot = parseSnapshot(readFileSync(join(root, '20a-regional-nat-az-not-served', 'snapshot.json'), 'utf8'), '20a');
    const plan = planFix(snapshot, analyze(snapshot, { functions: ['mobile-auth-handler'] }));
    const nat = (addresses: { AllocationId: string; Status: string }[]) => ({ NatGateways: [{ NatGatewayId: 'nat-0c1d2e3f4a5b6c7d8', State: 'available', NatGatewayAddresses: [{ AllocationId: 'eipalloc-07f303af9ea2b01f7', Status: 'succeeded' }, ...addresses] }] });
    ec2Mock.on(sdk.AllocateAddressCommand).resolves({ AllocationId: 'eipalloc-new' });
    ec2Mock.on(sdk.AssociateNatGatewayAddressCommand).resolves({ NatGatewayId: 'nat-0c1d2e3f4a5b6c7d8', NatGatewayAddresses: [{ AllocationId: 'eipalloc-new', AssociationId: 'eipassoc-new', Status: 'associating' }] });
    ec2Mock.on(sdk.DescribeNatGatewaysCommand)
      .resolvesOnce(nat([{ AllocationId: 'eipalloc-new', Status: 'associating' }]))
      .resolvesOnce(nat([{ AllocationId: 'eipalloc-new', Status: 'succeeded' }]))
      .resolvesOnce(nat([{ AllocationId: 'eipalloc-new', Status: 'disassociating' }]))
      .resolves(nat([]));
    ec2Mock.on(sdk.DisassociateNatGatewayAddressCommand).resolves({});
    ec2Mock.on(sdk.ReleaseAddressCommand).resolves({});
    const journalPath = join(dir, 'j.json');
    await applyPlan(plan, { ec2, journalPath, origin, ...fast });
    expect(sent()).toEqual(['AllocateAddress', 'AssociateNatGatewayAddress', 'DescribeNatGateways', 'DescribeNatGateways']);
    expect(ec2Mock.commandCalls(sdk.AssociateNatGatewayAddressCommand)[0]!.args[0].input).toEqual({ NatGatewayId: 'nat-0c1d2e3f4a5b6c7d8', AllocationIds: ['eipalloc-new'], AvailabilityZone: 'us-west-2b' });
    ec2Mock.resetHistory();
    await undoJournal(journalPath, { ec2, current: origin, ...fast });
    const undo = sent();
    expect(undo[0]).toBe('DisassociateNatGatewayAddress');
    expect(undo.slice(1, -1).every((a) => a === 'DescribeNatGateways') && undo.length >= 4).toBe(true); // polled past 'disassociating'
    expect(undo.at(-1)).toBe('ReleaseAddress');
    expect(ec2Mock.commandCalls(sdk.DisassociateNatGatewayAddressCommand)[0]!.args[0].input).toEqual({ NatGatewayId: 'nat-0c1d2e3f4a5b6c7d8', AssociationIds: ['eipassoc-new'] });
  });
});

describe('pre-flight', () => {
  it.each([
    ['detached', { InternetGateways: [{ InternetGatewayId: 'igw-509d6629', Attachments: [] }] }],
    ['attached elsewhere', { InternetGateways: [{ InternetGatewayId: 'igw-509d6629', Attachments: [{ VpcId: 'vpc-other', State: 'available' }] }] }],
  ])('internet gateway %s: stops before the first mutation, no journal, exit 2', async (_, answer) => {
    const plan = seedPlan({});
    ec2Mock.on(sdk.DescribeInternetGatewaysCommand).resolves(answer);
    const journalPath = join(dir, 'j.json');
    const error = await applyPlan(plan, { ec2, journalPath, preflight: (p) => checkInternetGateways(ec2, p), ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/igw-509d6629 is no longer attached to vpc-6144d219.*nothing was changed/);
    expect(sent()).toEqual(['DescribeInternetGateways']);
    expect(existsSync(journalPath)).toBe(false);
  });

  it('a dry run checks it too, before validating anything', async () => {
    ec2Mock.on(sdk.DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-509d6629', Attachments: [] }] });
    await expect(applyPlan(seedPlan({}), { ec2, journalPath: join(dir, 'j.json'), dryRun: true, preflight: (p) => checkInternetGateways(ec2, p) })).rejects.toThrow(/no longer attached/);
    expect(sent()).toEqual(['DescribeInternetGateways']);
  });

  it('a gone internet gateway (NotFound) is refused the same way', async () => {
    ec2Mock.on(sdk.DescribeInternetGatewaysCommand).rejects(awsError('InvalidInternetGatewayID.NotFound'));
    await expect(checkInternetGateways(ec2, seedPlan({}))).rejects.toThrow(/no longer attached/);
  });
});

describe('collectFixLimits', () => {
  const context = { region: 'us-west-2' };

  it('reads vpc-max-elastic-ips, counts the VPC addresses, and the AZs of each endpoint service', async () => {
    ec2Mock.on(sdk.DescribeAccountAttributesCommand).resolves({ AccountAttributes: [
      { AttributeName: 'max-elastic-ips', AttributeValues: [{ AttributeValue: '0' }] },
      { AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] },
    ] });
    ec2Mock.on(sdk.DescribeAddressesCommand).resolves({ Addresses: [{ Domain: 'vpc' }, { Domain: 'vpc' }, { Domain: 'vpc' }] });
    ec2Mock.on(sdk.DescribeVpcEndpointServicesCommand, { ServiceNames: ['com.amazonaws.us-west-2.email'] })
      .resolves({ ServiceDetails: [{ ServiceName: 'com.amazonaws.us-west-2.email', AvailabilityZones: ['us-west-2a', 'us-west-2b'] }] });
    ec2Mock.on(sdk.DescribeVpcEndpointServicesCommand, { ServiceNames: ['com.amazonaws.us-west-2.nosuch'] }).rejects(awsError('InvalidServiceName'));
    const read = await collectFixLimits(ec2, context, ['com.amazonaws.us-west-2.email', 'com.amazonaws.us-west-2.nosuch']);
    expect(read).toEqual({
      limits: { elasticIps: { max: 5, used: 3 }, endpointServices: { 'com.amazonaws.us-west-2.email': { zones: ['us-west-2a', 'us-west-2b'] }, 'com.amazonaws.us-west-2.nosuch': null } },
      unread: [],
    });
    expect(ec2Mock.commandCalls(sdk.DescribeAccountAttributesCommand)[0]!.args[0].input).toEqual({});
  });

  it('a denied quota call leaves the quota unread (said in the plan), not a failed run', async () => {
    ec2Mock.on(sdk.DescribeAccountAttributesCommand).rejects(awsError('UnauthorizedOperation'));
    ec2Mock.on(sdk.DescribeAddressesCommand).resolves({ Addresses: [] });
    const read = await collectFixLimits(ec2, context, []);
    expect(read.limits.elasticIps).toBeUndefined();
    expect(read.unread).toEqual([expect.stringMatching(/Elastic IP quota \(ec2:DescribeAccountAttributes denied\)/)]);
  });

  it('the quota read live makes the planner refuse a plan that needs more addresses than are free', async () => {
    ec2Mock.on(sdk.DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] });
    ec2Mock.on(sdk.DescribeAddressesCommand).resolves({ Addresses: Array.from({ length: 5 }, () => ({ Domain: 'vpc' })) });
    const { limits } = await collectFixLimits(ec2, context, []);
    expect(seedPlan({ limits }).refused).toMatch(/quota vpc-max-elastic-ips \(5, 5 in use\)/);
  });
});
