// collect/ through the real SDK stack (credential chain, signing, adaptive retries, error parsing)
// with a fake HTTP handler instead of the network: what aws-sdk-client-mock, which replaces
// `send`, cannot show.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_ATTEMPTS, createClients, withoutNodeVersionNotice } from '../src/collect/clients.js';
import { listPrivateZones } from '../src/collect/blockers.js';
import { Caller } from '../src/collect/call.js';
import { collect } from '../src/collect/index.js';
import { AnalysisError } from '../src/errors.js';

interface FakeRequest { hostname: string; path: string; method: string; body?: unknown; headers: Record<string, string>; query?: Record<string, string> }
type Reply = { statusCode: number; headers?: Record<string, string>; body: string };

/** Every action the fake handler saw, for the policy check at the end. */
const sent = new Set<string>();

function fakeHandler(reply: (action: string, request: FakeRequest) => Reply) {
  const requests: { action: string; request: FakeRequest }[] = [];
  const handler = {
    async handle(request: FakeRequest) {
      const action = actionOf(request);
      requests.push({ action, request });
      sent.add(action);
      const { statusCode, headers = {}, body } = reply(action, request);
      return { response: { statusCode, headers: { 'x-amzn-requestid': 'req-1', ...headers }, body: Buffer.from(body) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() { return {}; },
    destroy() {},
  };
  return { handler, requests };
}

function actionOf(request: FakeRequest): string {
  if (request.path.startsWith('/2015-03-31/functions')) {
    if (/\/functions\/[^/]+\/configuration$/.test(request.path)) return 'lambda:GetFunctionConfiguration';
    if (/\/functions\/?$/.test(request.path)) return 'lambda:ListFunctions';
    return `lambda:?${request.path}`;
  }
  if (request.path === '/2013-04-01/hostedzonesbyvpc') return 'route53:ListHostedZonesByVPC';
  const body = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
  const service = body.get('Version') === '2014-10-31' ? 'rds' : 'ec2';
  return `${service}:${body.get('Action') ?? '?'}`;
}

const fn = { FunctionName: 'mobile-auth-handler', FunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:mobile-auth-handler', State: 'Active', Environment: { Variables: { A: 'secret-a' } } };
const ok = (action: string): Reply => {
  if (action === 'lambda:GetFunctionConfiguration') return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(fn) };
  const name = action.split(':')[1]!;
  const list = name === 'DescribeDBInstances' ? 'DBInstances' : 'DBClusters';
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: `<${name}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${name}Result><${list}/></${name}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${name}Response>` };
};
const throttled: Reply = {
  statusCode: 429,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
  body: JSON.stringify({ message: 'Rate exceeded', Type: 'User', Reason: 'CallerRateLimitExceeded' }),
};

const saved = { ...process.env };
beforeEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake/secret/fake/secret/fake/secret/fake';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/vpcdoctor-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/vpcdoctor-credentials';
});
afterEach(() => {
  vi.useRealTimers();
  process.env = { ...saved };
});

/** Runs `work` with fake timers, advancing them until it settles (the SDK's retry back-off sleeps). */
async function withFakeTime<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  let settled = false;
  const promise = work().finally(() => { settled = true; });
  promise.catch(() => undefined);
  for (let i = 0; i < 600 && !settled; i++) await vi.advanceTimersByTimeAsync(500);
  return promise;
}

describe('real SDK stack', () => {
  it(`retries throttling (${MAX_ATTEMPTS} attempts, adaptive), then exit 3 with one line`, async () => {
    const { handler, requests } = fakeHandler(() => throttled);
    const clients = await createClients({ region: 'us-west-2', requestHandler: handler });
    const error = await withFakeTime(() => collect({ functions: ['mobile-auth-handler'], clients, spinner: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as Error).message).toBe(`AWS throttled lambda:GetFunctionConfiguration after ${MAX_ATTEMPTS} attempts: wait a minute and run again (other tools in the account share the API rate limit)`);
    expect(requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('throttled twice, then served: the collection succeeds', async () => {
    let throttles = 2;
    const { handler, requests } = fakeHandler((action) => (action === 'lambda:GetFunctionConfiguration' && throttles-- > 0 ? throttled : ok(action)));
    const clients = await createClients({ region: 'us-west-2', requestHandler: handler });
    const lines: string[] = [];
    const { snapshot } = await withFakeTime(() => collect({ functions: ['mobile-auth-handler'], clients, spinner: false, log: (l) => lines.push(l) }));
    expect(snapshot.functions[0]!.Environment).toEqual({ Variables: { A: '<redacted>' } });
    expect(snapshot.rds).toEqual({ DBInstances: [], DBClusters: [] });
    expect(requests.map((r) => r.action).sort()).toEqual([...Array(3).fill('lambda:GetFunctionConfiguration'), 'rds:DescribeDBClusters', 'rds:DescribeDBInstances']);
    expect(lines[0]).toMatch(/^aws lambda:GetFunctionConfiguration mobile-auth-handler: \d+ ms, 3 attempts$/);
    expect(requests[0]!.request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE\//);
  });

  it('no credentials anywhere: exit 3, one line that says what to do, nothing sent', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const { handler, requests } = fakeHandler(ok);
    const clients = await createClients({ region: 'us-west-2', requestHandler: handler });
    const error = await collect({ functions: ['mobile-auth-handler'], clients, spinner: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as Error).message).toBe('no AWS credentials found: set AWS_PROFILE or pass --profile, or run aws configure / aws sso login');
    expect(requests).toHaveLength(0);
  });

  it('an unknown profile is the same line', async () => {
    const { handler } = fakeHandler(ok);
    const clients = await createClients({ region: 'us-west-2', profile: 'no-such-profile', requestHandler: handler });
    await expect(collect({ functions: ['f'], clients, spinner: false })).rejects.toThrow(/^no AWS credentials found/);
  });

  it('no region anywhere: exit 3 with what to do', async () => {
    const { handler } = fakeHandler(ok);
    const clients = await createClients({ requestHandler: handler });
    const error = await collect({ functions: ['f'], clients, spinner: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as Error).message).toBe('no AWS region: pass --region, set AWS_REGION, or set region in the profile');
  });

  it('region: flag, then AWS_REGION, then AWS_DEFAULT_REGION; --endpoint-url sends every call there', async () => {
    process.env.AWS_DEFAULT_REGION = 'eu-central-1';
    const { handler, requests } = fakeHandler(ok);
    expect(await (await createClients({ requestHandler: handler })).lambda.config.region()).toBe('eu-central-1');
    process.env.AWS_REGION = 'eu-west-3';
    expect(await (await createClients({ requestHandler: handler })).lambda.config.region()).toBe('eu-west-3');
    const clients = await createClients({ region: 'ap-south-1', endpointUrl: 'http://localhost:4566', requestHandler: handler });
    const { snapshot } = await collect({ functions: ['mobile-auth-handler'], clients, spinner: false });
    expect(snapshot.region).toBe('ap-south-1');
    expect(new Set(requests.map((r) => r.request.hostname))).toEqual(new Set(['localhost']));
  });

  it('builds clients with adaptive retries, bounded attempts and per-call timeouts', async () => {
    const clients = await createClients({ region: 'us-west-2' });
    for (const client of [clients.lambda, clients.ec2, clients.rds]) {
      expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
      expect(client.config.retryMode).toBe('adaptive');
      expect((await client.config.retryStrategy()).constructor.name).toBe('AdaptiveRetryStrategy');
      const handler = client.config.requestHandler as unknown as { configProvider: Promise<unknown> };
      expect(await handler.configProvider).toMatchObject({ connectionTimeout: 5000, requestTimeout: 20000, throwOnRequestTimeout: true });
    }
  });
});

describe('Route 53 through the real SDK stack (REST-XML, global endpoint)', () => {
  const R53 = 'https://route53.amazonaws.com/doc/2013-04-01/';
  const summary = (id: string, name: string, owner: string) => `<HostedZoneSummary><HostedZoneId>${id}</HostedZoneId><Name>${name}</Name><Owner>${owner}</Owner></HostedZoneSummary>`;
  const zonesPage = (zones: string, next?: string): Reply => ({ statusCode: 200, headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0"?><ListHostedZonesByVPCResponse xmlns="${R53}"><HostedZoneSummaries>${zones}</HostedZoneSummaries><MaxItems>1</MaxItems>${next ? `<NextToken>${next}</NextToken>` : ''}</ListHostedZonesByVPCResponse>` });
  const r53Error = (statusCode: number, code: string): Reply => ({ statusCode, headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0"?><ErrorResponse xmlns="${R53}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>` });
  const zonesOf = async (region: string, reply: (action: string, request: FakeRequest) => Reply, endpointUrl?: string) => {
    const { handler, requests } = fakeHandler(reply);
    const clients = await createClients({ region, requestHandler: handler, ...(endpointUrl ? { endpointUrl } : {}) });
    const caller = new Caller({ region });
    const module = await import('@aws-sdk/client-route-53');
    const zones = await withFakeTime(() => listPrivateZones(caller, { client: clients.route53!, module }, ['vpc-0a1b2c3d'], region));
    return { zones, requests, caller };
  };

  it('signs for us-east-1 at route53.amazonaws.com whatever the Region, follows NextToken, retries Throttling', async () => {
    let throttles = 1;
    const { zones, requests } = await zonesOf('eu-west-1', (_action, request) => {
      if (throttles-- > 0) return r53Error(400, 'Throttling');
      return request.query?.nexttoken === 'page-2'
        ? zonesPage(summary('Z0SHARED', 'amazonaws.com.', '<OwningAccount>210987654321</OwningAccount>'))
        : zonesPage(summary('Z0OWN', 'corp.internal.', '<OwningAccount>123456789012</OwningAccount>'), 'page-2');
    });
    expect(zones).toEqual({ 'vpc-0a1b2c3d': [
      { HostedZoneId: 'Z0OWN', Name: 'corp.internal.', Owner: { OwningAccount: '123456789012' } },
      { HostedZoneId: 'Z0SHARED', Name: 'amazonaws.com.', Owner: { OwningAccount: '210987654321' } },
    ] });
    expect(requests.map((r) => `${r.request.method} ${r.request.hostname}${r.request.path} ${new URLSearchParams(r.request.query).toString()}`)).toEqual([
      ...Array(2).fill('GET route53.amazonaws.com/2013-04-01/hostedzonesbyvpc vpcid=vpc-0a1b2c3d&vpcregion=eu-west-1'),
      'GET route53.amazonaws.com/2013-04-01/hostedzonesbyvpc vpcid=vpc-0a1b2c3d&vpcregion=eu-west-1&nexttoken=page-2',
    ]);
    for (const { request } of requests) expect(request.headers.authorization).toMatch(/Credential=AKIAFAKEFAKEFAKEFAKE\/\d{8}\/us-east-1\/route53\/aws4_request/);
  });

  it('China and GovCloud Regions go to their partition\'s global endpoint; --endpoint-url wins', async () => {
    const hostOf = async (region: string, endpointUrl?: string) => {
      const { requests } = await zonesOf(region, () => zonesPage(''), endpointUrl);
      return `${requests[0]!.request.hostname} ${/\/\d{8}\/([a-z0-9-]+)\/route53\//.exec(requests[0]!.request.headers.authorization ?? '')?.[1]}`;
    };
    expect(await hostOf('cn-north-1')).toBe('route53.amazonaws.com.cn cn-northwest-1');
    expect(await hostOf('us-gov-east-1')).toBe('route53.us-gov.amazonaws.com us-gov-west-1');
    expect(await hostOf('ap-south-1', 'http://localhost:4566')).toBe('localhost ap-south-1');
  });

  it('AccessDenied (403, REST-XML error) is a denied action and no zones, not "none there"', async () => {
    const { zones, caller } = await zonesOf('us-west-2', () => r53Error(403, 'AccessDenied'));
    expect(zones).toBeUndefined();
    expect([...caller.denied]).toEqual(['route53:ListHostedZonesByVPC']);
  });
});

describe('SDK Node-version notice', () => {
  it('is silenced around construction only, and only that notice', async () => {
    const core = await import('@aws-sdk/core/client') as unknown as { state: { warningEmitted: boolean } };
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      core.state.warningEmitted = false;
      await createClients({ region: 'us-west-2' });
      expect(emit).not.toHaveBeenCalled();
      expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
      // Control: without the guard this Node version does get the notice (Node < 22).
      core.state.warningEmitted = false;
      const { LambdaClient } = await import('@aws-sdk/client-lambda');
      new LambdaClient({ region: 'us-west-2' });
      if (Number(process.versions.node.split('.')[0]) < 22) expect(String(emit.mock.calls[0]?.[0])).toMatch(/NodeVersionSupportWarning/);
      // A value the user set is left as it was.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'false';
      withoutNodeVersionNotice(() => undefined);
      expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('false');
    } finally {
      emit.mockRestore();
      core.state.warningEmitted = true;
    }
  });
});

afterAll(() => {
  const policy = JSON.parse(readFileSync(new URL('../policies/check-readonly.json', import.meta.url), 'utf8')) as { Statement: { Action: string[] }[] };
  const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
  for (const action of sent) {
    if (!allowed.has(action) || !/^[a-z0-9]+:(Describe|Get|List)[A-Za-z]+$/.test(action)) throw new Error(`policy: ${action} sent but not allowed`);
  }
});
