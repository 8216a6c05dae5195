// Name resolution inside the VPC: with enableDnsSupport off the Amazon DNS server does not answer,
// so no host-named target resolves (unless DHCP options point elsewhere, which the rule notes).
import type { PathTrace } from './path.js';

/** False (with a blocking or unknown hop added) when the name cannot be resolved or we cannot tell. */
export function dnsResolves(trace: PathTrace, host: string): boolean {
  if (!trace.requireEc2('dns', host, 'VpcAttributes')) return false;
  if (trace.model.vpcAttributes(trace.scope.vpcId)?.EnableDnsSupport !== false) return true;
  const code = trace.raise('VPC_DNS_DISABLED', { resource: trace.scope.vpcId, detail: 'enableDnsSupport is off: the Amazon DNS server does not answer' });
  trace.add('dns', host, false, 'does not resolve: enableDnsSupport is off', [code]);
  return false;
}

/** The DNS hop for a name that needs nothing but the resolver. */
export function dnsSupportHop(trace: PathTrace, host: string, resolved: string): void {
  if (dnsResolves(trace, host)) trace.add('dns', host, true, resolved);
}
