// An RDS Proxy target: function → proxy endpoint (its VPC, subnets, security groups; an endpoint
// can be in another VPC, reached by peering or a transit gateway like any private address) → the
// proxy's own connection to the database (proxy-leg.ts), which AWS also judges (TargetHealth).
import { cidrSet } from '../../model/ipv4-set.js';
import { endpointAddresses, proxyPort, type Proxy } from '../proxies.js';
import { destinationIngress } from './filters.js';
import { dnsSupportHop } from './dns.js';
import type { PathTrace } from './path.js';
import { vpcsConnected, tracePrivate } from './private.js';
import { traceProxyLeg } from './proxy-leg.js';

export function traceProxy(trace: PathTrace, proxy: Proxy, port: number, host: string | undefined): void {
  if (proxy.missing) {
    trace.requireRds('rds-proxy', proxy.name, proxy.missing);
    return;
  }
  const { endpoint } = proxy;
  if (host) dnsSupportHop(trace, host, "resolves to the proxy endpoint's private addresses");
  const subnets = endpointAddresses(trace.model, endpoint);
  const label = endpoint.isDefault ? proxy.name : endpoint.name;
  const refs = { proxy: { name: proxy.name, port, functionVpc: trace.scope.vpcId, functionGroups: trace.scope.groupIds } };
  if (subnets.length === 0) {
    if (endpoint.vpcId && endpoint.vpcId !== trace.scope.vpcId && !vpcsConnected(trace, endpoint.vpcId)) {
      const code = trace.raise('RDS_PROXY_OTHER_VPC', { resource: label, detail: `it is in ${endpoint.vpcId}, and no peering connection or transit gateway joins it to ${trace.scope.vpcId}` }, { refs: { ...refs, peerVpc: endpoint.vpcId } });
      trace.add('rds-proxy', label, false, `endpoint in ${endpoint.vpcId}, not connected to ${trace.scope.vpcId}`, [code]);
      return;
    }
    trace.add('rds-proxy', label, null, "where the proxy endpoint lives is not in the snapshot (its subnets are missing)");
    return;
  }
  const { groupReferences } = tracePrivate(trace, {
    label, vpcId: endpoint.vpcId, subnetId: subnets[0]!.subnetId, addresses: subnets.map((s) => s.cidr), groupIds: endpoint.groupIds,
    crossVpcCode: 'RDS_PROXY_OTHER_VPC', refs, subnets: subnets.map((s) => ({ subnetId: s.subnetId, addresses: cidrSet(s.cidr) })),
  }, port);
  destinationIngress(trace, endpoint.groupIds, port, { groupReferences });
  proxyHop(trace, proxy, port, label);
  traceProxyLeg(trace, proxy);
  trace.flow.deliver();
}

/** The proxy and its endpoint must both be available; TLS and the endpoint's role are worth a word. */
function proxyHop(trace: PathTrace, proxy: Proxy, port: number, label: string): void {
  const { endpoint } = proxy;
  const down = [
    proxy.status.toLowerCase() !== 'available' ? `proxy status ${proxy.status}` : '',
    !endpoint.isDefault && endpoint.status.toLowerCase() !== 'available' ? `endpoint ${endpoint.name} status ${endpoint.status}` : '',
  ].filter(Boolean);
  const codes = down.length > 0 ? [trace.raise('RDS_PROXY_NOT_AVAILABLE', { resource: proxy.name, detail: down.join(', ') })] : [];
  const which = endpoint.isDefault ? 'default endpoint' : `endpoint ${endpoint.name} (${endpoint.role}${endpoint.vpcId && endpoint.vpcId !== proxy.vpcId ? `, in ${endpoint.vpcId}` : ''})`;
  const tls = proxy.requireTls ? '; TLS required: clients must connect with TLS' : '';
  const state = down.length > 0 ? down.join(', ') : 'available';
  const expected = proxyPort(proxy);
  const wrongPort = expected > 0 && port !== expected ? `; it listens on ${expected} (${proxy.engineFamily}), not ${port}` : '';
  const ok = down.length > 0 || wrongPort ? false : trace.soFar();
  trace.add('rds-proxy', label, ok, `${state}, ${proxy.engineFamily || 'engine unknown'}, ${which}, port ${port}${wrongPort}${tls}`, codes);
}

