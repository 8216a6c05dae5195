// Which of the report's targets a probe can test, and as what: a host (resolved inside the VPC, as
// the function would), one address, a port and whether to complete a TLS handshake.
import type { FunctionReport, TargetResult } from '../analyze/types.js';
import type { ProbeTarget } from './types.js';

/**
 * `internet` is every public address; a probe can try one. It tries an AWS-run public service that
 * no VPC endpoint serves, so that a success really went out through the NAT or internet gateway.
 */
export const INTERNET_PROBE_HOST = 'checkip.amazonaws.com';
/** Ports where a TLS handshake starts at once (587 and 5432 negotiate TLS inside their protocol: TCP only). */
const TLS_PORTS = new Set([443, 465, 636, 853, 993, 995, 8443]);

export interface ProbePlan {
  targets: ProbeTarget[];
  skipped: { target: string; reason: string }[];
}

export function probePlan(fr: FunctionReport): ProbePlan {
  const plan: ProbePlan = { targets: [], skipped: [] };
  for (const t of fr.targets) {
    const target = probeTargetOf(t);
    if (typeof target === 'string') plan.skipped.push({ target: t.target, reason: target });
    else plan.targets.push(target);
  }
  return plan;
}

/** The probe target, or why this target cannot be probed. */
function probeTargetOf(t: TargetResult): ProbeTarget | string {
  const { host, address, port } = t.destination;
  const tls = TLS_PORTS.has(port);
  if (t.target === 'internet' || t.target === 'internet6') {
    return { target: t.target, host: INTERNET_PROBE_HOST, port, tls, family: t.target === 'internet6' ? 6 : 4 };
  }
  if (host) return { target: t.target, host, port, tls };
  if (address) {
    const single = /^([\d.]+)(\/32)?$/.exec(address)?.[1];
    if (single) return { target: t.target, address: single, port, tls };
    return `${address} is a block of addresses; a probe tries one address (give --target <ip>:${port})`;
  }
  return 'no host or address to connect to';
}
