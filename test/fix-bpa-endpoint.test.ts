// The BPA exclusion steps through the real EC2 client against a local endpoint: the request fields
// (SubnetId / VpcId, InternetGatewayExclusionMode, TagSpecification) as the Query protocol sends them,
// and the step references (${1.VpcBlockPublicAccessExclusion.ExclusionId}) resolved from the SDK's own
// parsing of the XML answers, for apply and for undo.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { applyPlan, planFix, undoJournal, type JournalOrigin } from '../src/fix/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';

const requests: URLSearchParams[] = [];
const states = new Map<string, { state: string; polls: number }>();

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += String(chunk)));
    request.on('end', () => resolve(text));
  });
}

const item = (id: string, state: string) => `<exclusionId>${id}</exclusionId><internetGatewayExclusionMode>allow-egress</internetGatewayExclusionMode><state>${state}</state>`;

function answer(form: URLSearchParams): string {
  const action = form.get('Action')!;
  const wrap = (inner: string) => `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${inner}</${action}Response>`;
  if (action === 'CreateVpcBlockPublicAccessExclusion') {
    const id = `exclusion-0e${states.size + 1}`;
    states.set(id, { state: 'create-in-progress', polls: 0 });
    return wrap(`<vpcBlockPublicAccessExclusion>${item(id, 'create-in-progress')}</vpcBlockPublicAccessExclusion>`);
  }
  if (action === 'DeleteVpcBlockPublicAccessExclusion') {
    const id = form.get('ExclusionId')!;
    Object.assign(states.get(id)!, { state: 'delete-in-progress', polls: 0 });
    return wrap(`<vpcBlockPublicAccessExclusion>${item(id, 'delete-in-progress')}</vpcBlockPublicAccessExclusion>`);
  }
  const ids = [...form.entries()].filter(([key]) => key.startsWith('ExclusionId.')).map(([, id]) => id);
  const items = ids.map((id) => {
    const e = states.get(id)!;
    if (e.polls++ > 0) e.state = e.state === 'create-in-progress' ? 'create-complete' : e.state === 'delete-in-progress' ? 'delete-complete' : e.state;
    return `<item>${item(id, e.state)}</item>`;
  });
  return wrap(`<vpcBlockPublicAccessExclusionSet>${items.join('')}</vpcBlockPublicAccessExclusionSet>`);
}

let server: Server;
let ec2: EC2Client;
beforeAll(async () => {
  server = createServer(async (request, response) => {
    const form = new URLSearchParams(await body(request));
    requests.push(form);
    response.writeHead(200, { 'content-type': 'text/xml' }).end(answer(form));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ec2 = new EC2Client({ region: 'us-west-2', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('BPA exclusion steps through the EC2 Query protocol', () => {
  it('sends the documented fields, waits on the parsed state, and undo deletes the exclusion by the id AWS returned', async () => {
    const name = '29-bpa-regional-nat';
    const snapshot = parseSnapshot(readFileSync(join(import.meta.dirname, '..', 'fixtures', name, 'snapshot.json'), 'utf8'), name);
    const plan = planFix(snapshot, analyze(snapshot, { functions: ['mobile-auth-handler'] }));
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-bpa-endpoint-'));
    process.env.XDG_STATE_HOME = join(dir, 'state');
    const journalPath = join(dir, 'journal.json');
    const origin: JournalOrigin = { account: '123456789012', region: 'us-west-2', vpcId: 'vpc-6144d219' };
    const result = await applyPlan(plan, { ec2, journalPath, origin, pollIntervalMs: 0, waitTimeoutMs: 5_000 });
    expect(result.ok).toBe(true);
    const create = requests.find((r) => r.get('Action') === 'CreateVpcBlockPublicAccessExclusion')!;
    expect(Object.fromEntries(create)).toMatchObject({
      VpcId: 'vpc-6144d219', InternetGatewayExclusionMode: 'allow-egress', 'TagSpecification.1.ResourceType': 'vpc-block-public-access-exclusion',
      'TagSpecification.1.Tag.1.Key': 'vpcdoctor:created-by', 'TagSpecification.1.Tag.1.Value': 'vpcdoctor',
    });
    expect(create.has('SubnetId')).toBe(false);
    expect(requests.map((r) => r.get('Action'))).toEqual(['CreateVpcBlockPublicAccessExclusion', 'DescribeVpcBlockPublicAccessExclusions', 'DescribeVpcBlockPublicAccessExclusions']);
    expect(requests[1]!.get('ExclusionId.1')).toBe('exclusion-0e1');
    expect(states.get('exclusion-0e1')!.state).toBe('create-complete');

    const journal = await undoJournal(journalPath, { ec2, current: origin, pollIntervalMs: 0, waitTimeoutMs: 5_000 });
    expect(journal.state).toBe('undone');
    const undo = requests.slice(3);
    expect(undo.map((r) => r.get('Action'))).toEqual(['DeleteVpcBlockPublicAccessExclusion', 'DescribeVpcBlockPublicAccessExclusions', 'DescribeVpcBlockPublicAccessExclusions']);
    expect(undo[0]!.get('ExclusionId')).toBe('exclusion-0e1');
    expect(states.get('exclusion-0e1')!.state).toBe('delete-complete');
  });
});
