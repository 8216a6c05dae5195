// collect/ against aws-sdk-client-mock serving fixture snapshots (src/collect/replay.ts answers
// every call the way AWS would: filters, pages, denied keys, hidden managed ENIs).
import { readFileSync, readdirSync } from 'node:fs';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs fixture builder
import { clone, healthySnapshot, ids } from '../fixtures/make/base.mjs';
import { type AwsClients, collect, collectSnapshot, createClients } from '../src/collect/index.js';
import { REPLAY_ACTIONS, type ReplayOptions, type Service, awsError, snapshotResponder } from '../src/collect/replay.js';
import { IAM_PREFIX } from '../src/collect/replay-blockers.js';
import { AnalysisError, InputError } from '../src/errors.js';
import type { Snapshot } from '../src/snapshot/types.js';

const CAPTURED = new Date('2026-11-27T20:00:00Z');
const MODULES = { lambda: lambdaSdk, ec2: ec2Sdk, rds: rdsSdk, networkFirewall: nfwSdk, route53Resolver: resolverSdk, route53: route53Sdk } as Record<Service, Record<string, unknown>>;
const SERVICES: Service[] = ['lambda', 'ec2', 'rds', 'networkFirewall', 'route53Resolver', 'route53'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStub = AwsStub<any, any, any>;
let clients: AwsClients;
let mocks: Record<Service, AnyStub>;
/** Every action sent through the mocks in this file, for the policy test at the end. */
const sent = new Set<string>();

beforeEach(async () => {
  clients = await createClients({ region: 'us-west-2' });
  mocks = {
    lambda: mockClient(clients.lambda), ec2: mockClient(clients.ec2), rds: mockClient(clients.rds),
    networkFirewall: mockClient(clients.networkFirewall!), route53Resolver: mockClient(clients.route53Resolver!), route53: mockClient(clients.route53!),
  };
  for (const service of SERVICES) mocks[service].onAnyCommand().rejects(new Error('unmocked'));
});

afterEach(() => {
  for (const service of SERVICES) {
    for (const call of mocks[service].calls()) sent.add(`${IAM_PREFIX[service]}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`);
    mocks[service].restore();
  }
});

function serve(snapshot: Snapshot, options: ReplayOptions & { latencyMs?: number } = {}): void {
  const respond = snapshotResponder(snapshot, options);
  for (const service of SERVICES) {
    for (const action of REPLAY_ACTIONS[service]) {
      mocks[service].on(MODULES[service][`${action}Command`] as never).callsFake(async (input: Record<string, unknown>) => {
        if (options.latencyMs) await sleep(options.latencyMs);
        return respond(service, action, input);
      });
    }
  }
}

const healthy = (): Snapshot => healthySnapshot() as Snapshot;
/** The healthy base with the function's real (unredacted) environment. */
function healthyWithValues(variables: Record<string, string>): Snapshot {
  const snap = healthy();
  snap.functions[0]!.Environment = { Variables: variables };
  return snap;
}
const realValues = {
  DB_HOST: `postgres://app:pw-9f8e7d@${ids.dbHost}:5432/auth`,
  DB_PASSWORD: 'pw-9f8e7d',
  SES_FROM: 'noreply@example.com',
};
const run = (more: Partial<Parameters<typeof collect>[0]> = {}) =>
  collect({ functions: [ids.functionName], clients, now: () => CAPTURED, spinner: false, ...more });
const inputsOf = (service: Service, action: string) =>
  mocks[service].commandCalls(MODULES[service][`${action}Command`] as never).map((c) => (c.args[0] as { input: Record<string, unknown> }).input);

describe('happy path', () => {
  it('collects the healthy base exactly, environment values redacted', async () => {
    serve(healthyWithValues(realValues));
    const { snapshot, stats } = await run();
    expect(snapshot).toEqual(healthy());
    expect(snapshot.denied).toBeUndefined();
    expect(stats.rounds).toBe(2);
  });

  it('finds the function by full ARN, partial ARN, name:alias and --qualifier', async () => {
    serve(healthyWithValues(realValues), { qualifiers: ['live'] });
    const arn = `arn:aws:lambda:us-west-2:${ids.account}:function:${ids.functionName}`;
    for (const functions of [[arn], [`${ids.account}:function:${ids.functionName}`], [`${ids.functionName}:live`]]) {
      expect((await run({ functions })).snapshot.functions).toHaveLength(1);
    }
    expect((await run({ functions: [ids.functionName], qualifier: 'live' })).snapshot.functions).toHaveLength(1);
    const asked = inputsOf('lambda', 'GetFunctionConfiguration');
    expect(asked.at(-2)).toEqual({ FunctionName: ids.functionName, Qualifier: 'live' });
    expect(asked.at(-1)).toEqual({ FunctionName: ids.functionName, Qualifier: 'live' });
    await expect(run({ functions: [`${ids.functionName}:live`], qualifier: 'blue' })).rejects.toBeInstanceOf(InputError);
    await expect(run({ functions: [arn], region: 'eu-west-1' })).rejects.toThrow(/ARN is in us-west-2/);
  });

  it('asks for managed ENIs and filters every VPC call by the VPC', async () => {
    serve(healthyWithValues(realValues));
    await run();
    expect(inputsOf('ec2', 'DescribeNetworkInterfaces')[0]).toMatchObject({ IncludeManagedResources: true });
    expect(inputsOf('ec2', 'DescribeNatGateways')[0]).toEqual({ Filter: [{ Name: 'vpc-id', Values: [ids.vpc] }] });
    expect(inputsOf('ec2', 'DescribeInternetGateways')[0]).toEqual({ Filters: [{ Name: 'attachment.vpc-id', Values: [ids.vpc] }] });
    expect(inputsOf('ec2', 'DescribeVpcPeeringConnections').map((i) => (i.Filters as { Name: string }[])[0]!.Name).sort())
      .toEqual(['accepter-vpc-info.vpc-id', 'requester-vpc-info.vpc-id']);
    expect(inputsOf('ec2', 'DescribeVpcAttribute').map((i) => i.Attribute).sort()).toEqual(['enableDnsHostnames', 'enableDnsSupport']);
    for (const action of ['DescribeVpcs', 'DescribeSubnets', 'DescribeRouteTables', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeVpcEndpoints']) {
      expect(inputsOf('ec2', action)[0], action).toMatchObject({ Filters: [{ Name: 'vpc-id', Values: [ids.vpc] }] });
    }
  });

  it('merges the VPCs of several functions into one snapshot', async () => {
    const snap = healthyWithValues(realValues);
    const other = clone(snap.functions[0]) as Snapshot['functions'][number];
    other.FunctionName = 'billing-worker';
    other.FunctionArn = `arn:aws:lambda:us-west-2:${ids.account}:function:billing-worker`;
    other.VpcConfig = { ...other.VpcConfig, VpcId: 'vpc-0aaaabbbbccccdddd' };
    snap.functions.push(other);
    snap.ec2.Vpcs!.push({ VpcId: 'vpc-0aaaabbbbccccdddd', CidrBlock: '10.1.0.0/16' });
    serve(snap);
    const { snapshot } = await run({ functions: [ids.functionName, 'billing-worker'] });
    expect(snapshot.functions.map((f) => f.FunctionName)).toEqual([ids.functionName, 'billing-worker']);
    expect(snapshot.ec2.Vpcs!.map((v) => v.VpcId)).toEqual([ids.vpc, 'vpc-0aaaabbbbccccdddd']);
    expect(inputsOf('ec2', 'DescribeSubnets')[0]).toEqual({ Filters: [{ Name: 'vpc-id', Values: [ids.vpc, 'vpc-0aaaabbbbccccdddd'] }] });
    expect(Object.keys(snapshot.ec2.VpcAttributes!)).toEqual([ids.vpc, 'vpc-0aaaabbbbccccdddd']);
  });

  it('a function outside any VPC: no EC2 call, empty EC2 keys, databases still read', async () => {
    const snap = healthyWithValues(realValues);
    delete snap.functions[0]!.VpcConfig;
    serve(snap);
    const { snapshot, stats } = await run();
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(snapshot.ec2.Subnets).toEqual([]);
    expect(snapshot.rds.DBInstances).toHaveLength(1);
    expect(snapshot.functions[0]!.Environment!.Variables!.DB_HOST).toBe(`<redacted:rds:${ids.db}>`);
    expect(stats.rounds).toBe(2);
  });

  it('--all lists the VPC functions of the region', async () => {
    const snap = healthyWithValues(realValues);
    snap.functions.push({ FunctionName: 'no-vpc', FunctionArn: `arn:aws:lambda:us-west-2:${ids.account}:function:no-vpc`, Environment: { Variables: { X: 'secret-x' } } });
    serve(snap, { pageSize: 1 });
    const { snapshot } = await run({ functions: [], all: true });
    expect(snapshot.functions.map((f) => f.FunctionName)).toEqual([ids.functionName]);
    expect(inputsOf('lambda', 'ListFunctions')).toEqual([{}, { Marker: '1' }]);
  });
});

describe('round 3: only what round 2 references', () => {
  /** The healthy base plus a prefix-list route, an SG rule naming a peer group, a stray IGW route and a DB in a peered VPC. */
  function withReferences(): Snapshot {
    const snap = healthyWithValues(realValues);
    const peer = 'vpc-0f1e2d3c4b5a69788';
    const peerSubnet = 'subnet-0f0e0d0c0b0a09081';
    const peerSg = 'sg-0f1f2f3f4f5f6f7f8';
    snap.ec2.ManagedPrefixLists = [{ PrefixListId: 'pl-0123456789abcdef0', PrefixListName: 'office', AddressFamily: 'IPv4', State: 'create-complete', MaxEntries: 5 }];
    snap.ec2.PrefixListEntries = { 'pl-0123456789abcdef0': [{ Cidr: '203.0.113.0/24', Description: 'office' }, { Cidr: '198.51.100.0/24' }] };
    snap.ec2.RouteTables!.find((t) => t.RouteTableId === ids.lambdaRtbA)!.Routes!.push(
      { DestinationPrefixListId: 'pl-0123456789abcdef0', NatGatewayId: ids.natA, Origin: 'CreateRoute', State: 'active' },
      { DestinationCidrBlock: '10.20.0.0/16', VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60718', Origin: 'CreateRoute', State: 'active' },
      { DestinationCidrBlock: '192.0.2.0/24', GatewayId: 'igw-0deadbeef0000beef', Origin: 'CreateRoute', State: 'active' },
    );
    snap.ec2.InternetGateways!.push({ InternetGatewayId: 'igw-0deadbeef0000beef', Attachments: [] });
    snap.ec2.SecurityGroups!.find((g) => g.GroupId === ids.lambdaSg)!.IpPermissionsEgress!.push(
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: peerSg, VpcId: peer, VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60718' }] },
    );
    snap.ec2.VpcPeeringConnections = [{ VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60718', Status: { Code: 'active' },
      RequesterVpcInfo: { VpcId: ids.vpc, CidrBlock: ids.vpcCidr, OwnerId: ids.account, Region: 'us-west-2' },
      AccepterVpcInfo: { VpcId: peer, CidrBlock: '10.20.0.0/16', OwnerId: ids.account, Region: 'us-west-2' } }];
    snap.ec2.Subnets!.push({ SubnetId: peerSubnet, VpcId: peer, CidrBlock: '10.20.1.0/24', AvailabilityZone: 'us-west-2a' });
    snap.ec2.RouteTables!.push({ RouteTableId: 'rtb-0f9e8d7c6b5a49382', VpcId: peer, Routes: [{ DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local', State: 'active' }],
      Associations: [{ Main: true, RouteTableId: 'rtb-0f9e8d7c6b5a49382' }] });
    snap.ec2.NetworkAcls!.push({ NetworkAclId: 'acl-0f9e8d7c6b5a49382', VpcId: peer, IsDefault: true, Entries: [], Associations: [{ SubnetId: peerSubnet, NetworkAclId: 'acl-0f9e8d7c6b5a49382' }] });
    snap.ec2.SecurityGroups!.push({ GroupId: peerSg, GroupName: 'reports-db', VpcId: peer, IpPermissions: [], IpPermissionsEgress: [] });
    snap.ec2.NetworkInterfaces!.push({ NetworkInterfaceId: 'eni-0f9f9f9f9f9f9f9f9', SubnetId: peerSubnet, VpcId: peer, Description: 'RDSNetworkInterface', InterfaceType: 'interface', PrivateIpAddress: '10.20.1.10', Groups: [{ GroupId: peerSg }] });
    snap.rds.DBInstances!.push({ DBInstanceIdentifier: 'reports-db', DBInstanceStatus: 'available', Engine: 'postgres',
      Endpoint: { Address: 'reports-db.c9akciq32.us-west-2.rds.amazonaws.com', Port: 5432 }, VpcSecurityGroups: [{ VpcSecurityGroupId: peerSg, Status: 'active' }],
      DBSubnetGroup: { DBSubnetGroupName: 'reports', VpcId: peer, Subnets: [{ SubnetIdentifier: peerSubnet }] } });
    return snap;
  }

  it('fetches prefix lists and entries, outside groups, unattached gateways and the peer VPC of a database', async () => {
    const snap = withReferences();
    // Noise the collector must not pick up: a non-RDS interface in the peer VPC, a VPC nobody references.
    const noise = clone(snap) as Snapshot;
    noise.ec2.NetworkInterfaces!.push({ NetworkInterfaceId: 'eni-0e0e0e0e0e0e0e0e0', VpcId: 'vpc-0f1e2d3c4b5a69788', Description: 'some instance', InterfaceType: 'interface' });
    noise.ec2.Subnets!.push({ SubnetId: 'subnet-0999999999999999a', VpcId: 'vpc-0999999999999999a' });
    serve(noise);
    const { snapshot, stats } = await run();
    const expected = withReferences();
    expected.functions = healthy().functions;
    expect(snapshot).toEqual(expected);
    expect(stats.rounds).toBe(3);
    expect(inputsOf('ec2', 'GetManagedPrefixListEntries')).toEqual([{ PrefixListId: 'pl-0123456789abcdef0' }]);
  });

  it('a denied round-3 call leaves the rest and names the action', async () => {
    const snap = withReferences();
    snap.denied = ['ec2:GetManagedPrefixListEntries'];
    serve(snap);
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual(['ec2:GetManagedPrefixListEntries']);
    expect(snapshot.ec2.PrefixListEntries).toBeUndefined();
    expect(snapshot.ec2.ManagedPrefixLists).toHaveLength(1);
  });
});

describe('pagination', () => {
  it('follows NextToken and Marker pages to the same snapshot', async () => {
    serve(healthyWithValues(realValues), { pageSize: 1 });
    const { snapshot, stats } = await run();
    expect(snapshot).toEqual(healthy());
    expect(inputsOf('ec2', 'DescribeSubnets').map((i) => i.NextToken)).toEqual([undefined, '1', '2', '3', '4', '5']);
    expect(inputsOf('ec2', 'DescribeNetworkInterfaces')).toHaveLength(7);
    expect(stats.calls).toBe(55); // 36 calls (14 of them the blockers', 3 transit gateway and group-association lists, which this endpoint lacks or holds empty), 19 more pages
  });

  it('follows RDS Marker pages', async () => {
    const snap = healthyWithValues(realValues);
    snap.rds.DBInstances!.push({ ...clone(snap.rds.DBInstances![0]), DBInstanceIdentifier: 'second-db', Endpoint: { Address: 'second-db.c9akciq32.us-west-2.rds.amazonaws.com', Port: 5432 } });
    serve(snap, { pageSize: 1 });
    const { snapshot } = await run();
    expect(snapshot.rds.DBInstances!.map((d) => d.DBInstanceIdentifier)).toEqual([ids.db, 'second-db']);
    expect(inputsOf('rds', 'DescribeDBInstances')).toEqual([{}, { Marker: '1' }]);
  });
});

describe('denied, throttled, credentials, not found', () => {
  it('AccessDenied on DescribeNetworkAcls: key absent, action in denied, everything else collected', async () => {
    const snap = healthyWithValues(realValues);
    snap.denied = ['ec2:DescribeNetworkAcls'];
    serve(snap);
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual(['ec2:DescribeNetworkAcls']);
    expect(snapshot.ec2).not.toHaveProperty('NetworkAcls');
    const { NetworkAcls: _acls, ...rest } = healthy().ec2;
    expect(snapshot.ec2).toEqual(rest);
  });

  it.each([
    ['ec2:DescribeVpcAttribute', 'VpcAttributes'],
    ['rds:DescribeDBInstances', 'DBInstances'],
  ])('%s denied: %s absent', async (action, key) => {
    const snap = healthyWithValues(realValues);
    snap.denied = [action];
    serve(snap);
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual([action]);
    expect({ ...snapshot.ec2, ...snapshot.rds }).not.toHaveProperty(key);
    // Without RDS data the endpoint host still names its database by its first label.
    if (action.startsWith('rds:')) expect(snapshot.functions[0]!.Environment!.Variables!.DB_HOST).toBe('<redacted:rds:mobile-auth-db>');
  });

  it('a denied GetFunctionConfiguration is fatal', async () => {
    mocks.lambda.on(lambdaSdk.GetFunctionConfigurationCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as Error).message).toBe('access denied to lambda:GetFunctionConfiguration: grant it (policies/check-readonly.json lists every action vpcdoctor needs)');
  });

  it('ResourceNotFoundException → InputError (exit 2)', async () => {
    serve(healthyWithValues(realValues));
    const error = await run({ functions: ['no-such-function'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^no such Lambda function or qualifier: no-such-function in us-west-2/);
    await expect(run({ qualifier: 'v7' })).rejects.toBeInstanceOf(InputError);
  });

  it('a malformed --region is an input error (exit 2) before any call', async () => {
    await expect(run({ region: 'us west 2' })).rejects.toThrow(new InputError('not an AWS region: us west 2 (e.g. us-west-2)'));
    expect(mocks.lambda.calls()).toHaveLength(0);
  });

  it.each([
    ['throttled after the retries', lambdaSdk.GetFunctionConfigurationCommand, Object.assign(awsError('TooManyRequestsException', 'Rate exceeded', 429), { $metadata: { httpStatusCode: 429, attempts: 5 } }),
      'AWS throttled lambda:GetFunctionConfiguration after 5 attempts: wait a minute and run again (other tools in the account share the API rate limit)'],
    ['no credentials', lambdaSdk.GetFunctionConfigurationCommand, Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'no AWS credentials found: set AWS_PROFILE or pass --profile, or run aws configure / aws sso login'],
    ['expired token', lambdaSdk.GetFunctionConfigurationCommand, awsError('ExpiredTokenException', 'The security token included in the request is expired', 403),
      'AWS credentials have expired (ExpiredTokenException): refresh them, e.g. aws sso login, or export new keys'],
    ['unknown region', lambdaSdk.GetFunctionConfigurationCommand, Object.assign(new Error('getaddrinfo ENOTFOUND lambda.us-wset-2.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'lambda.us-wset-2.amazonaws.com' }),
      'cannot resolve lambda.us-wset-2.amazonaws.com: check that region us-west-2 exists (--region, AWS_REGION) and that DNS works here'],
    ['malformed region from the environment', lambdaSdk.GetFunctionConfigurationCommand, new Error('Region not accepted: region="us west 2" is not a valid hostname component.'),
      'the AWS region us-west-2 is not valid: set --region, AWS_REGION or the profile\'s region to one like us-west-2'],
    ['network failure', lambdaSdk.GetFunctionConfigurationCommand, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'network error calling lambda:GetFunctionConfiguration (ECONNREFUSED) at the AWS endpoint for us-west-2: check the connection, proxy settings, then run again'],
  ])('%s → AnalysisError (exit 3) with one line', async (_name, command, thrown, message) => {
    serve(healthyWithValues(realValues));
    mocks.lambda.on(command as never).rejects(thrown);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as AnalysisError).exitCode).toBe(3);
    expect((error as Error).message).toBe(message);
  });

  it('throttling in round 2 is exit 3 too, not a silent gap', async () => {
    serve(healthyWithValues(realValues));
    mocks.ec2.on(ec2Sdk.DescribeRouteTablesCommand).rejects(Object.assign(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503), { $metadata: { attempts: 5 } }));
    await expect(run()).rejects.toThrow('AWS throttled ec2:DescribeRouteTables after 5 attempts');
  });
});

describe('endpoints that implement less than AWS (emulators)', () => {
  it('retries DescribeNetworkInterfaces without IncludeManagedResources when the endpoint rejects it', async () => {
    const snap = healthyWithValues(realValues);
    serve(snap);
    const respond = snapshotResponder(snap);
    mocks.ec2.on(ec2Sdk.DescribeNetworkInterfacesCommand).callsFake(async (input: Record<string, unknown>) => {
      if ('IncludeManagedResources' in input) throw awsError('UnknownParameter', 'The parameter IncludeManagedResources is not recognized');
      return respond('ec2', 'DescribeNetworkInterfaces', { ...input, IncludeManagedResources: true });
    });
    const { snapshot } = await run();
    expect(snapshot.ec2.NetworkInterfaces).toEqual(healthy().ec2.NetworkInterfaces);
    expect(snapshot.denied).toBeUndefined();
  });

  it('leaves out a key whose action the endpoint does not implement, without calling it denied', async () => {
    serve(healthyWithValues(realValues));
    mocks.ec2.on(ec2Sdk.DescribeTransitGatewayAttachmentsCommand).rejects(awsError('InvalidAction', 'The action DescribeTransitGatewayAttachments is not valid for this web service.'));
    const { snapshot } = await run();
    expect(snapshot.ec2).not.toHaveProperty('TransitGatewayAttachments');
    expect(snapshot.denied).toBeUndefined();
    expect(snapshot.ec2.RouteTables).toEqual(healthy().ec2.RouteTables);
  });
});

describe('secrets', () => {
  it('a sentinel secret in the environment appears nowhere: snapshot, log, errors', async () => {
    const sentinel = 'SENTINEL-7c1e0f-do-not-leak';
    const snap = healthyWithValues({
      DB_URL: `postgresql://admin:${sentinel}@${ids.dbHost.toUpperCase()}:5432/auth?sslmode=require`,
      DB_HOST: ids.dbHost,
      API_KEY: sentinel,
      JSON_CONFIG: JSON.stringify({ password: sentinel, host: `${ids.dbHost}` }),
      NOT_A_DB: `https://${ids.dbHost}.evil.example.com/${sentinel}`,
    });
    snap.functions[0]!.Environment!.Error = { ErrorCode: 'KMSAccessDeniedException', Message: `could not decrypt ${sentinel}` };
    serve(snap);
    const lines: string[] = [];
    const { snapshot } = await run({ log: (line) => lines.push(line) });
    const json = JSON.stringify(snapshot);
    expect(json).not.toContain(sentinel);
    expect(lines.join('\n')).not.toContain(sentinel);
    expect(lines.length).toBeGreaterThan(15);
    expect(snapshot.functions[0]!.Environment).toEqual({
      Variables: {
        DB_URL: `<redacted:rds:${ids.db}>`, DB_HOST: `<redacted:rds:${ids.db}>`, API_KEY: '<redacted>',
        JSON_CONFIG: `<redacted:rds:${ids.db}>`, NOT_A_DB: '<redacted>',
      },
      Error: { ErrorCode: 'KMSAccessDeniedException' },
    });
  });

  it('the --verbose log names each call with its duration', async () => {
    serve(healthyWithValues(realValues));
    const lines: string[] = [];
    await run({ log: (line) => lines.push(line) });
    expect(lines).toContainEqual(expect.stringMatching(/^aws lambda:GetFunctionConfiguration mobile-auth-handler: \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^aws ec2:DescribeSubnets ${ids.vpc}: \\d+ ms$`)));
    // The seed holds no route53 section: this endpoint lacks the call, so it is left out, not denied.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^aws route53:ListHostedZonesByVPC ${ids.vpc}: \\d+ ms, not supported by this endpoint \\(UnknownOperationException\\)$`)));
    expect(lines).toHaveLength(36);
  });
});

describe('latency', () => {
  const LATENCY = 40;
  it('takes about rounds × latency, not calls × latency (2 rounds)', async () => {
    serve(healthyWithValues(realValues), { latencyMs: LATENCY });
    await run(); // warm-up: module loads are not what this measures
    const started = performance.now();
    const { stats } = await run();
    const elapsed = performance.now() - started;
    expect(stats.rounds).toBe(2);
    expect(stats.calls).toBe(36);
    expect(elapsed).toBeGreaterThanOrEqual(2 * LATENCY - 2);
    expect(elapsed).toBeLessThan(3.5 * LATENCY + 80); // calls x latency would be 760+ ms
  });

  it('three rounds when round 2 references more', async () => {
    const snap = healthyWithValues(realValues);
    snap.ec2.RouteTables![1]!.Routes!.push({ DestinationPrefixListId: 'pl-0123456789abcdef0', GatewayId: ids.igw, State: 'active' });
    snap.ec2.ManagedPrefixLists = [{ PrefixListId: 'pl-0123456789abcdef0' }];
    snap.ec2.PrefixListEntries = { 'pl-0123456789abcdef0': [{ Cidr: '203.0.113.0/24' }] };
    serve(snap, { latencyMs: LATENCY });
    await run();
    const started = performance.now();
    const { stats } = await run();
    const elapsed = performance.now() - started;
    expect(stats.rounds).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * LATENCY - 2);
    expect(elapsed).toBeLessThan(3.5 * LATENCY + 80); // calls x latency would be 760+ ms
  });
});

describe('loading', () => {
  it('no module of src/collect imports the SDK or ora at top level', () => {
    const dir = new URL('../src/collect/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      const eager = [...source.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(@aws-sdk\/[^']+|@smithy\/[^']+|ora)'/gm)].map((m) => m[1]);
      expect(eager, file).toEqual([]);
    }
  });
});

describe('policy', () => {
  it('every action sent in this file is in policies/check-readonly.json and is read-only', () => {
    const policy = JSON.parse(readFileSync(new URL('../policies/check-readonly.json', import.meta.url), 'utf8')) as { Statement: { Action: string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    expect(sent.size).toBeGreaterThan(15);
    for (const action of sent) {
      expect(allowed, action).toContain(action);
      expect(action, action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|Search)[A-Za-z]+$/);
    }
    for (const action of allowed) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|Search)[A-Za-z]+$/);
  });
});
