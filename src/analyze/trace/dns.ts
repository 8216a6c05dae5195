// Name resolution inside the VPC: with enableDnsSupport off the Amazon DNS server does not answer,
// so no host-named target resolves (unless DHCP options point elsewhere, which the rule notes).
import { dnsVerdict } from '../../model/dns.js';
import type { PathTrace } from './path.js';

/** False (with a blocking or unknown hop added) when the name cannot be resolved or we cannot tell. */
export function dnsResolves(trace: PathTrace, host: string): boolean {
  if (!trace.requireEc2('dns', host, 'VpcAttributes')) return false;
  if (trace.model.vpcAttributes(trace.scope.vpcId)?.EnableDnsSupport !== false) return resolverAnswers(trace, host);
  const code = trace.raise('VPC_DNS_DISABLED', { resource: trace.scope.vpcId, detail: 'enableDnsSupport is off: the Amazon DNS server does not answer' });
  trace.add('dns', host, false, 'does not resolve: enableDnsSupport is off', [code]);
  return false;
}

/** The DNS hop for a name that needs nothing but the resolver. */
export function dnsSupportHop(trace: PathTrace, host: string, resolved: string): void {
  if (dnsResolves(trace, host)) trace.add('dns', host, true, resolved);
}

/** DHCP options, DNS Firewall, forwarding rules, private hosted zones: false (with the hop added) unless the Amazon resolver answers it as usual. */
function resolverAnswers(trace: PathTrace, host: string): boolean {
  const verdict = dnsVerdict(trace.model, trace.scope.vpcId, host);
  if (verdict.state === 'ok') return true;
  if (verdict.state === 'missing') {
    const code = verdict.missing.reason === 'denied' ? 'PERMISSION_DENIED' : 'DATA_NOT_COLLECTED';
    trace.raise(code, { resource: verdict.missing.action });
    trace.add('dns', host, null, `cannot tell whether it resolves: ${verdict.missing.action} was ${verdict.missing.reason === 'denied' ? 'denied' : 'not collected'}`, [code]);
    return false;
  }
  const code = trace.raise(verdict.code, { resource: verdict.resource, detail: verdict.detail }, verdict.state === 'unknown' ? { severity: 'warning' } : { refs: { dnsBlock: verdict.block } });
  trace.add('dns', host, verdict.state === 'blocked' ? false : null, verdict.state === 'blocked' ? `does not resolve: ${verdict.detail}` : `resolution not visible: ${verdict.detail}`, [code]);
  return false;
}
