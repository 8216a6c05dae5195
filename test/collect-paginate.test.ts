// Caller.list runs the SDK v3 paginators where the SDK has one (src/collect/paginators.ts), and keeps
// what they do not do: page counts for --verbose, a copy of the input per page, a stop on a repeated
// token; commands without a paginator page by hand the same way.
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { Caller } from '../src/collect/call.js';
import { paginatorFor, registerPaginators } from '../src/collect/paginators.js';

const region = 'us-west-2';
const inputs = (mock: ReturnType<typeof mockClient>, command: unknown) =>
  mock.commandCalls(command as never).map((call) => (call.args[0] as { input: Record<string, unknown> }).input);

beforeAll(() => {
  registerPaginators(ec2Sdk, ec2Sdk.EC2Client);
  registerPaginators(lambdaSdk, lambdaSdk.LambdaClient);
});

describe('paginatorFor', () => {
  it('finds the SDK paginator of a command, only for a client of its own SDK', () => {
    const ec2 = new ec2Sdk.EC2Client({ region });
    expect(paginatorFor(ec2Sdk.DescribeRouteTablesCommand, ec2)).toBe(ec2Sdk.paginateDescribeRouteTables);
    expect(paginatorFor(lambdaSdk.ListFunctionsCommand, new lambdaSdk.LambdaClient({ region }))).toBe(lambdaSdk.paginateListFunctions);
    expect(paginatorFor(lambdaSdk.ListFunctionsCommand, ec2)).toBeUndefined();
    expect(paginatorFor(ec2Sdk.DescribeRouteTablesCommand, { send: async () => ({}) })).toBeUndefined();
    // No paginator in this SDK release: Caller.list pages by hand.
    expect(paginatorFor(ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand, ec2)).toBeUndefined();
  });
});

describe('Caller.list', () => {
  it('follows the paginator\'s pages: each request its own token, the caller\'s input untouched, pages counted', async () => {
    const ec2 = new ec2Sdk.EC2Client({ region });
    const mock = mockClient(ec2);
    mock.on(ec2Sdk.DescribeRouteTablesCommand).callsFake(async (input: { NextToken?: string }) => {
      const page = Number(input.NextToken ?? 0);
      return { RouteTables: [{ RouteTableId: `rtb-${page}` }], ...(page < 2 ? { NextToken: String(page + 1) } : {}) };
    });
    const log: string[] = [];
    const caller = new Caller({ region, log: (line) => log.push(line) });
    const input = { Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }] };
    const tables = await caller.list<{ RouteTableId: string }>(ec2, ec2Sdk.DescribeRouteTablesCommand, 'ec2:DescribeRouteTables', input, 'RouteTables');
    expect(tables?.map((t) => t.RouteTableId)).toEqual(['rtb-0', 'rtb-1', 'rtb-2']);
    expect(inputs(mock, ec2Sdk.DescribeRouteTablesCommand)).toStrictEqual([
      { Filters: input.Filters }, { Filters: input.Filters, NextToken: '1' }, { Filters: input.Filters, NextToken: '2' },
    ]);
    expect(input).toStrictEqual({ Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }] });
    expect(caller.calls).toBe(3);
    expect(log).toEqual([expect.stringMatching(/^aws ec2:DescribeRouteTables: \d+ ms, 3 pages$/)]);
  });

  it('stops on a repeated token, with a paginator and without one', async () => {
    const ec2 = new ec2Sdk.EC2Client({ region });
    const mock = mockClient(ec2);
    mock.on(ec2Sdk.DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1' }], NextToken: 'again' });
    mock.on(ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand).resolves({ VpcBlockPublicAccessExclusions: [{ ExclusionId: 'x' }], NextToken: 'again' });
    const caller = new Caller({ region });
    expect(await caller.list(ec2, ec2Sdk.DescribeSubnetsCommand, 'ec2:DescribeSubnets', {}, 'Subnets')).toHaveLength(2);
    expect(await caller.list(ec2, ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand, 'ec2:DescribeVpcBlockPublicAccessExclusions', {}, 'VpcBlockPublicAccessExclusions')).toHaveLength(2);
    expect(caller.calls).toBe(4);
  });

  it('pages by hand through a command without a paginator, with its token fields', async () => {
    const ec2 = new ec2Sdk.EC2Client({ region });
    const mock = mockClient(ec2);
    mock.on(ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand).callsFake(async (input: { NextToken?: string }) => (
      input.NextToken ? { VpcBlockPublicAccessExclusions: [{ ExclusionId: 'b' }] } : { VpcBlockPublicAccessExclusions: [{ ExclusionId: 'a' }], NextToken: 't' }));
    const caller = new Caller({ region });
    const found = await caller.list<{ ExclusionId: string }>(ec2, ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand, 'ec2:DescribeVpcBlockPublicAccessExclusions', {}, 'VpcBlockPublicAccessExclusions');
    expect(found?.map((e) => e.ExclusionId)).toEqual(['a', 'b']);
    expect(inputs(mock, ec2Sdk.DescribeVpcBlockPublicAccessExclusionsCommand)).toStrictEqual([{}, { NextToken: 't' }]);
  });

  it('asks again without a newer parameter the endpoint rejects, from the first page', async () => {
    const ec2 = new ec2Sdk.EC2Client({ region });
    const mock = mockClient(ec2);
    mock.on(ec2Sdk.DescribeNetworkInterfacesCommand).callsFake(async (input: { IncludeManagedResources?: boolean; NextToken?: string }) => {
      if (input.IncludeManagedResources !== undefined) throw Object.assign(new Error('The parameter IncludeManagedResources is not recognized'), { name: 'UnknownParameter' });
      return input.NextToken ? { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-2' }] } : { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1' }], NextToken: 'n' };
    });
    const caller = new Caller({ region });
    const enis = await caller.list<{ NetworkInterfaceId: string }>(ec2, ec2Sdk.DescribeNetworkInterfacesCommand, 'ec2:DescribeNetworkInterfaces', { IncludeManagedResources: true }, 'NetworkInterfaces');
    expect(enis?.map((e) => e.NetworkInterfaceId)).toEqual(['eni-1', 'eni-2']);
    expect(inputs(mock, ec2Sdk.DescribeNetworkInterfacesCommand)).toStrictEqual([{ IncludeManagedResources: true }, {}, { NextToken: 'n' }]);
    expect(caller.calls).toBe(3);
  });
});
