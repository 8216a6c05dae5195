// The probe function's code, shipped as the exact text that goes into the zip (index.mjs), so a
// bundled vpcdoctor still carries it and the tests run the very bytes Lambda runs. It resolves each
// target, opens a TCP connection and, on TLS ports, completes a handshake with SNI; it sends
// nothing else and reads no credentials or environment. Every step has its own time limit.
export const HANDLER_FILE = 'index.mjs';

export const HANDLER_SOURCE = String.raw`// vpcdoctor probe: DNS, TCP connect, TLS handshake; nothing else is sent.
import { lookup as systemLookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const STEP_MS = 5000;
const DEADLINE_MS = 27000;

const since = (start) => Math.round(performance.now() - start);

function withTimeout(promise, ms, onTimeout) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(onTimeout()), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function resolveHost(host, family, lookup, stepMs) {
  const start = performance.now();
  const answer = lookup(host, { all: true, family }).then(
    (answers) => ({ ok: true, addresses: answers.map((a) => a.address), ms: since(start) }),
    (error) => ({ ok: false, error: error && error.code ? error.code : 'ERROR', ms: since(start) }));
  return withTimeout(answer, stepMs, () => ({ ok: false, error: 'TIMEOUT', ms: since(start) }));
}

// Resolves when the socket is ready (kept open when keep is set, for the TLS step), fails or times out.
function openSocket(make, readyEvent, stepMs, { keep = false, describe = () => ({}) } = {}) {
  const start = performance.now();
  return new Promise((resolve) => {
    const socket = make();
    const finish = (result, close = true) => { clearTimeout(timer); if (close) socket.destroy(); resolve({ ...result, ms: since(start) }); };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), stepMs);
    socket.once(readyEvent, () => finish({ outcome: 'ok', ...describe(socket), ...(keep ? { socket } : {}) }, !keep));
    socket.once('error', (error) => finish({ outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'error', error: error.code || error.message }));
  });
}

async function probeOne(target, lookup, stepMs) {
  const result = { target: target.target, host: target.host, port: target.port };
  let address = target.address;
  if (!address) {
    const dns = await resolveHost(target.host, target.family || 0, lookup, stepMs);
    result.dns = dns.ok ? { addresses: dns.addresses, ms: dns.ms } : { error: dns.error, ms: dns.ms };
    if (!dns.ok) return { ...result, outcome: dns.error === 'TIMEOUT' ? 'dns-timeout' : 'dns-failed' };
    address = dns.addresses[0];
  }
  const tcp = await openSocket(() => tcpConnect({ host: address, port: target.port }), 'connect', stepMs, { keep: Boolean(target.tls) });
  result.tcp = { address, outcome: tcp.outcome === 'ok' ? 'connected' : tcp.outcome, ms: tcp.ms, ...(tcp.error ? { error: tcp.error } : {}) };
  // A refused or timed-out connection is the finding; later steps would only repeat it.
  if (tcp.outcome !== 'ok') return { ...result, outcome: tcp.outcome };
  if (!target.tls) return { ...result, outcome: 'connected' };
  // Certificates are reported, not enforced: a completed handshake proves the path.
  const describeTls = (socket) => ({ protocol: socket.getProtocol(), certificateValid: socket.authorized });
  const tls = await openSocket(() => tlsConnect({ socket: tcp.socket, servername: target.host, rejectUnauthorized: false }), 'secureConnect', stepMs, { describe: describeTls });
  tcp.socket.destroy();
  const { outcome, ms, ...facts } = tls;
  result.tls = { outcome: outcome === 'ok' ? 'handshake' : outcome, ms, ...facts };
  return { ...result, outcome: tls.outcome === 'ok' ? 'connected' : 'tls-failed' };
}

export async function probeTargets(event, options = {}) {
  const lookup = options.lookup || systemLookup;
  const stepMs = Math.min(Number(event.stepMs) || STEP_MS, STEP_MS);
  const deadlineMs = Math.min(Number(event.deadlineMs) || DEADLINE_MS, DEADLINE_MS);
  const start = performance.now();
  const targets = Array.isArray(event.targets) ? event.targets : [];
  const results = await Promise.all(targets.map((target) => withTimeout(
    probeOne(target, lookup, stepMs).catch((error) => ({ target: target.target, outcome: 'error', error: String(error && error.message) })),
    deadlineMs, () => ({ target: target.target, outcome: 'deadline' }))));
  return { probeVersion: 1, ms: since(start), results };
}

export const handler = (event) => probeTargets(event || {});
`;
