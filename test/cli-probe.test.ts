// The binary's probe surface: usage errors (exit 2, one line), and `probe --cleanup` through the real
// SDK stack against a local Lambda endpoint on loopback: it deletes the tagged leftover only.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, fixture, vpcdoctor } from './helpers/cli.js';

const ARN = (name: string) => `arn:aws:lambda:us-west-2:123456789012:function:${name}`;
const LEFTOVER = 'vpcdoctor-probe-0badf00d-us-west-2a';
const LOOKALIKE = 'vpcdoctor-probe-handmade';
const calls: string[] = [];
let server: Server;
let endpoint = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '';
    calls.push(`${request.method} ${url.split('?')[0]}`);
    const json = (status: number, value: unknown) => { response.writeHead(status, { 'content-type': 'application/json' }); response.end(JSON.stringify(value)); };
    if (request.method === 'GET' && url.startsWith('/2015-03-31/functions')) {
      return json(200, { Functions: [LEFTOVER, LOOKALIKE, 'orders-api'].map((n) => ({ FunctionName: n, FunctionArn: ARN(n), LastModified: '2026-11-30T10:00:00.000+0000' })) });
    }
    if (request.method === 'GET' && url.startsWith('/2017-03-31/tags/')) {
      const arn = decodeURIComponent(url.slice('/2017-03-31/tags/'.length).split('?')[0]!);
      return json(200, { Tags: arn.endsWith(LEFTOVER) ? { 'vpcdoctor:created-by': 'vpcdoctor probe' } : {} });
    }
    if (request.method === 'DELETE') { response.writeHead(204); return response.end(); }
    json(400, { message: 'unexpected' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => { server.close(); });

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', NO_COLOR: '1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-west-2' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('vpcdoctor probe (binary)', () => {
  it('refuses --probe on a snapshot: exit 2, one line', () => {
    const r = vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', fixture('00-healthy'), '--probe']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['vpcdoctor: --probe makes real connections from your account: it cannot run on --snapshot']);
  });

  it('refuses function names with --cleanup: exit 2', () => {
    const r = vpcdoctor(['probe', 'mobile-auth-handler', '--cleanup']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('probe --cleanup takes no function names');
  });

  it('lists probe and check --probe in help', () => {
    expect(vpcdoctor(['probe', '--help']).stdout).toMatch(/--cleanup/);
    expect(vpcdoctor(['check', '--help']).stdout).toMatch(/--probe/);
  });

  it('probe --cleanup deletes the tagged leftover, never an untagged look-alike or another function', async () => {
    const r = await run(['probe', '--cleanup', '--endpoint-url', endpoint]);
    expect(r.stderr).toBe(`deleted 1 probe function(s): ${LEFTOVER}\n`);
    expect(r.code).toBe(0);
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE /2015-03-31/functions/${LEFTOVER}`]);
    expect(calls.filter((c) => c.includes('/tags/'))).toHaveLength(2);
  });
});
