// `vpcdoctor undo` as a user runs it: the built binary against a local EC2 endpoint (the Query
// protocol's XML), with a journal sealed by the same state directory. It shows the undo plan and
// asks; without a terminal and without --yes it sends nothing; --dry-run sends each call with DryRun.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, type FixPlan } from '../src/fix/index.js';
import { runAsync } from './helpers/cli.js';

const received: { action: string; form: URLSearchParams }[] = [];
const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
let lockTag: string | undefined;

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += String(chunk)));
    request.on('end', () => resolve(text));
  });
}

async function answer(request: IncomingMessage): Promise<{ status: number; text: string }> {
  const form = new URLSearchParams(await body(request));
  const action = form.get('Action') ?? '?';
  received.push({ action, form });
  if (form.get('DryRun') === 'true') {
    return { status: 412, text: '<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>r</RequestID></Response>' };
  }
  // The VPC's lock tag (one fix at a time per VPC): written, read back, removed.
  if (action === 'CreateTags') lockTag = form.get('Tag.1.Value') ?? undefined;
  if (action === 'DeleteTags' && form.get('Tag.1.Value') === lockTag) lockTag = undefined;
  const tags = lockTag === undefined ? '<tagSet/>' : `<tagSet><item><resourceId>vpc-1</resourceId><resourceType>vpc</resourceType><key>vpcdoctor:lock</key><value>${lockTag}</value></item></tagSet>`;
  const inner = action === 'DescribeVpcs' ? '<vpcSet><item><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId></item></vpcSet>' : action === 'DescribeTags' ? tags : '<return>true</return>';
  return { status: 200, text: `<${action}Response xmlns="${EC2_XMLNS}"><requestId>r</requestId>${inner}</${action}Response>` };
}

const run = runAsync;

const PLAN: FixPlan = {
  refused: null,
  steps: [{ action: 'AllocateAddress', params: { Domain: 'vpc' }, why: 'test', iamAction: 'ec2:AllocateAddress', undo: [{ action: 'ReleaseAddress', params: { AllocationId: '${1.AllocationId}' } }] }],
};

describe('vpcdoctor undo (built binary, local endpoint)', () => {
  let server: Server;
  let url: string;
  let dir: string;
  let env: Record<string, string>;
  let journalPath: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      void answer(request).then(({ status, text }) => response.writeHead(status, { 'content-type': 'text/xml' }).end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-undo-'));
    env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: dir, XDG_STATE_HOME: join(dir, 'state') };
    // The journal of a run that allocated one address, sealed with the key the binary will find.
    process.env.XDG_STATE_HOME = env.XDG_STATE_HOME;
    const ec2Mock = mockClient(sdk.EC2Client);
    ec2Mock.on(sdk.AllocateAddressCommand).resolves({ AllocationId: 'eipalloc-1' });
    journalPath = join(dir, 'journal.json');
    await applyPlan(PLAN, { ec2: new sdk.EC2Client({ region: 'us-west-2' }), journalPath, origin: { account: '123456789012', region: 'us-west-2', vpcId: 'vpc-1', endpoint: url } });
    ec2Mock.restore();
    received.length = 0;
  });

  it('without a terminal and without --yes: exit 2, one line, nothing sent', async () => {
    const result = await run(['undo', journalPath], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['vpcdoctor: undo changes your account: confirm on a terminal, or pass --yes (or --dry-run to only validate); nothing was sent']);
    expect(received).toEqual([]);
  });

  it('--dry-run: shows the undo plan and sends each call with DryRun; the journal stays as it was', async () => {
    const before = readFileSync(journalPath, 'utf8');
    const result = await run(['undo', journalPath, '--dry-run'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Undo plan for .*journal\.json, applied .* in account 123456789012, us-west-2 \(vpc-1\): 1 call$/m);
    expect(result.stderr).toMatch(/^ {2}1\. ReleaseAddress on eipalloc-1 \(undoes step 1, AllocateAddress\): AllocationId=eipalloc-1$/m);
    expect(result.stderr).toMatch(/ReleaseAddress on eipalloc-1: validated/);
    expect(received.map((r) => `${r.action}${r.form.get('DryRun') === 'true' ? ' (DryRun)' : ''}`)).toEqual(['DescribeVpcs', 'ReleaseAddress (DryRun)']);
    expect(readFileSync(journalPath, 'utf8')).toBe(before);
  });

  it('--yes: shows the plan, undoes without asking, and records it', async () => {
    const result = await run(['undo', journalPath, '--yes'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/1\. ReleaseAddress on eipalloc-1/);
    expect(result.stderr).toMatch(/undone: .*journal\.json \(undone\)/);
    // The VPC's lock around the undo: read, written, read back, …, removed with its own value.
    expect(received.map((r) => r.action)).toEqual(['DescribeVpcs', 'DescribeTags', 'CreateTags', 'DescribeTags', 'ReleaseAddress', 'DeleteTags']);
    expect(received[4]!.form.get('AllocationId')).toBe('eipalloc-1');
    expect(received[5]!.form.get('Tag.1.Value')).toBe(received[2]!.form.get('Tag.1.Value'));
    expect(lockTag).toBeUndefined();
    expect(JSON.parse(readFileSync(journalPath, 'utf8')).state).toBe('undone');
  });
});
