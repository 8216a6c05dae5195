// The probe handler's exact shipped text, run locally against loopback servers only: an open port,
// a refused port, a server that accepts but never answers TLS, a TLS server, and a name that does
// not resolve (through the injectable resolver, so no real DNS is asked). Each stays within its limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_FILE, HANDLER_SOURCE } from '../src/probe/handler-source.js';

type Lookup = (host: string, options: unknown) => Promise<{ address: string; family: number }[]>;
interface HandlerModule {
  probeTargets(event: unknown, options?: { lookup?: Lookup }): Promise<{ results: Record<string, any>[]; ms: number }>;
  handler(event: unknown): Promise<unknown>;
}

const hosts: Record<string, string> = { 'db.probe.test': '127.0.0.1', 'api.probe.test': '127.0.0.1' };
const lookup: Lookup = async (host) => {
  const address = hosts[host];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

let probe: HandlerModule;
const servers: Server[] = [];
const sockets: Socket[] = [];
let openPort = 0;
let silentPort = 0;
let refusedPort = 0;

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => { sockets.push(socket); onConnection(socket); });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-probe-'));
  writeFileSync(join(dir, HANDLER_FILE), HANDLER_SOURCE);
  probe = (await import(pathToFileURL(join(dir, HANDLER_FILE)).href)) as HandlerModule;
  openPort = await listen(() => undefined);
  silentPort = await listen(() => undefined); // accepts, never says a word: a TLS handshake hangs
  // A port that was just free: nothing listens there, so loopback refuses at once.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refusedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

const one = async (target: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const started = performance.now();
  const { results } = await probe.probeTargets({ targets: [{ target: 't', ...target }], ...extra }, { lookup });
  return { result: results[0]!, elapsed: performance.now() - started };
};

describe('probe handler (loopback only)', () => {
  it('connects to an open port and reports the DNS answer and both times', async () => {
    const { result, elapsed } = await one({ host: 'db.probe.test', port: openPort });
    expect(result.outcome).toBe('connected');
    expect(result.dns).toEqual({ addresses: ['127.0.0.1'], ms: expect.any(Number) });
    expect(result.tcp).toMatchObject({ address: '127.0.0.1', outcome: 'connected' });
    expect(result.tls).toBeUndefined();
    expect(elapsed).toBeLessThan(1000);
  });

  it('reports a refused port as refused, at once', async () => {
    const { result, elapsed } = await one({ address: '127.0.0.1', port: refusedPort });
    expect(result.outcome).toBe('refused');
    expect(result.tcp).toMatchObject({ outcome: 'refused', error: 'ECONNREFUSED' });
    expect(elapsed).toBeLessThan(1000);
  });

  it('reports a name that does not resolve as DNS failed, without connecting', async () => {
    const { result } = await one({ host: 'nowhere.probe.test', port: openPort });
    expect(result.outcome).toBe('dns-failed');
    expect(result.dns).toMatchObject({ error: 'ENOTFOUND' });
    expect(result.tcp).toBeUndefined();
  });

  it('times a DNS answer that never comes out at the step limit', async () => {
    const never: Lookup = () => new Promise(() => undefined);
    const started = performance.now();
    const { results } = await probe.probeTargets({ targets: [{ target: 't', host: 'slow.probe.test', port: openPort }], stepMs: 300 }, { lookup: never });
    expect(results[0]!.outcome).toBe('dns-timeout');
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('gives up on a TLS server that accepts but never answers within the 5 s step limit', async () => {
    const { result, elapsed } = await one({ host: 'api.probe.test', port: silentPort, tls: true });
    expect(result.outcome).toBe('tls-failed');
    expect(result.tcp).toMatchObject({ outcome: 'connected' });
    expect(result.tls).toMatchObject({ outcome: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(4900);
    expect(elapsed).toBeLessThan(6000);
  }, 10_000);

  it('never waits longer than the probe deadline, whatever the step limits', async () => {
    const never: Lookup = () => new Promise(() => undefined);
    const started = performance.now();
    const { results } = await probe.probeTargets({ targets: [{ target: 't', host: 'slow.probe.test', port: openPort }], deadlineMs: 200 }, { lookup: never });
    expect(results[0]!.outcome).toBe('deadline');
    expect(performance.now() - started).toBeLessThan(700);
  });

  it('refuses to stretch its limits beyond 5 s a step and 27 s a probe', () => {
    expect(HANDLER_SOURCE).toMatch(/Math\.min\(Number\(event\.stepMs\) \|\| STEP_MS, STEP_MS\)/);
    expect(HANDLER_SOURCE).toMatch(/const STEP_MS = 5000;/);
  });

  it('reads no credentials or environment and imports only dns, net and tls', () => {
    expect(HANDLER_SOURCE).not.toMatch(/process\.env|AWS_|@aws-sdk|fetch\(|\.write\(/);
    const imports = [...HANDLER_SOURCE.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['node:dns/promises', 'node:net', 'node:tls']);
  });
});
