// The built binary in live mode against a tiny local AWS endpoint (--endpoint-url): the real SDK
// stack end to end (credentials from the environment, signing, REST-JSON for Lambda, the Query
// protocol's XML for EC2 and RDS, REST-XML for Route 53), and nothing of the SDK's own on stderr (its Node 20 notice).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsync } from './helpers/cli.js';

const FUNCTION = {
  FunctionName: 'mobile-auth-handler', FunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:mobile-auth-handler',
  State: 'Active', LastUpdateStatus: 'Successful',
  VpcConfig: { SubnetIds: ['subnet-b94c40f2'], SecurityGroupIds: ['sg-039167944cbfce1b3'], VpcId: 'vpc-6144d219' },
  Environment: { Variables: { DB_PASSWORD: 'sentinel-endpoint-secret' } },
};

const calls: string[] = [];

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += String(chunk)));
    request.on('end', () => resolve(text));
  });
}

/** Empty answers in each protocol's shape: every list is empty, so the subnet is not found. */
async function answer(request: IncomingMessage): Promise<{ status: number; type: string; text: string }> {
  if (request.url?.startsWith('/2015-03-31/functions/')) {
    calls.push('lambda:GetFunctionConfiguration');
    return { status: 200, type: 'application/json', text: JSON.stringify(FUNCTION) };
  }
  if (request.url?.startsWith('/2013-04-01/hostedzonesbyvpc?')) { // Route 53's REST-XML: one private zone
    const query = new URLSearchParams(request.url.split('?')[1]);
    calls.push(`route53:ListHostedZonesByVPC ${query.get('vpcid')} ${query.get('vpcregion')}`);
    return { status: 200, type: 'text/xml', text: '<?xml version="1.0"?><ListHostedZonesByVPCResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">' +
      '<HostedZoneSummaries><HostedZoneSummary><HostedZoneId>Z0PRIVATE0CORP</HostedZoneId><Name>corp.internal.</Name><Owner><OwningAccount>123456789012</OwningAccount></Owner></HostedZoneSummary></HostedZoneSummaries>' +
      '<MaxItems>100</MaxItems></ListHostedZonesByVPCResponse>' };
  }
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') { // JSON protocol (Network Firewall, Route 53 Resolver): nothing there
    await body(request);
    calls.push(target);
    return { status: 200, type: 'application/x-amz-json-1.1', text: '{}' };
  }
  const form = new URLSearchParams(await body(request));
  const action = form.get('Action') ?? '?';
  if (form.get('Version') === '2014-10-31') {
    calls.push(`rds:${action}`);
    return { status: 200, type: 'text/xml', text: `<${action}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${action}Result></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>` };
  }
  calls.push(`ec2:${action}`);
  return { status: 200, type: 'text/xml', text: `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></${action}Response>` };
}

const run = runAsync;

describe('live mode against --endpoint-url', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      void answer(request).then(({ status, type, text }) => response.writeHead(status, { 'content-type': type }).end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('collects through the real SDK, reports, and keeps the SDK quiet', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: '/nonexistent' };
    const result = await run(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--endpoint-url', url, '--output', 'json', '--target', 'internet'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const fn = JSON.parse(result.stdout).functions[0];
    expect(fn.function.vpcId).toBe('vpc-6144d219');
    expect(fn.findings.map((f: { code: string }) => f.code)).toContain('FUNCTION_NOT_ACTIVE');
    expect(calls).toEqual(expect.arrayContaining(['lambda:GetFunctionConfiguration', 'ec2:DescribeRouteTables', 'ec2:DescribeVpcAttribute', 'rds:DescribeDBInstances',
      'ec2:DescribeVpcBlockPublicAccessOptions', 'rds:DescribeDBProxies', 'NetworkFirewall_20201112.ListFirewalls', 'Route53Resolver.ListFirewallRuleGroupAssociations',
      'route53:ListHostedZonesByVPC vpc-6144d219 us-west-2']));
    expect(result.stdout).not.toContain('sentinel-endpoint-secret');
  });

  it('honours AWS_ENDPOINT_URL as well', async () => {
    calls.length = 0;
    const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: '/nonexistent', AWS_ENDPOINT_URL: url, AWS_REGION: 'us-west-2' };
    const result = await run(['check', 'mobile-auth-handler', '--quiet', '--target', 'internet'], env);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(calls).toContain('lambda:GetFunctionConfiguration');
  });
});
