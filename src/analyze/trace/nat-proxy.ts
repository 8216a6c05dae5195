// A NAT gateway with an attached AWS Network Firewall proxy (NatGateway.AttachedAppliances, the Query
// API's AttachedApplianceSet, Type network-firewall-proxy): what the NAT gateway forwards is filtered
// by the proxy's configuration (rule groups by phase PreDNS / PreREQUEST / PostRESPONSE, ALLOW | DENY |
// ALERT, and a default action per phase). Those live behind DescribeProxy / DescribeProxyConfiguration /
// DescribeProxyRuleGroup, which vpcdoctor does not collect: an attached proxy makes the hop unknown,
// with the reason, never reachable. A detached one is not in the path.
import type { NatGateway, NatGatewayAttachedAppliance } from '../../snapshot/types.js';
import type { PathTrace } from './path.js';

const NOT_IN_PATH = new Set(['detached']);

export function natProxyHop(trace: PathTrace, nat: NatGateway): void {
  for (const appliance of nat.AttachedAppliances ?? []) {
    const state = appliance.AttachmentState ?? 'unknown';
    if (NOT_IN_PATH.has(state)) continue;
    const id = appliance.ApplianceArn ?? appliance.VpcEndpointId ?? `${nat.NatGatewayId} appliance`;
    const why = reason(appliance, state);
    const code = trace.raise('FIREWALL_RULES_UNJUDGED', { resource: id, detail: why }, { alsoAbout: nat.NatGatewayId ? [nat.NatGatewayId] : [] });
    // A hop of its own kind: the NAT gateway's hop stays the one that names the NAT gateway (graphs, --fix).
    trace.add('vpc-endpoint', id, null, `${describe(appliance)} on ${nat.NatGatewayId}${appliance.VpcEndpointId ? ` (${appliance.VpcEndpointId})` : ''}: ${why}`, [code]);
  }
}

function describe(appliance: NatGatewayAttachedAppliance): string {
  return appliance.Type === 'network-firewall-proxy' ? 'Network Firewall proxy' : `appliance ${appliance.Type ?? '(no type)'}`;
}

function reason(appliance: NatGatewayAttachedAppliance, state: string): string {
  const failure = appliance.FailureCode ? ` (${appliance.FailureCode}${appliance.FailureMessage ? `: ${appliance.FailureMessage}` : ''})` : '';
  if (state === 'attached') {
    return appliance.ModificationState === 'modifying'
      ? 'its configuration is being modified, and its rules are not in the snapshot: whether it lets the traffic out cannot be told'
      : 'it filters what the NAT gateway forwards, and its rules (network-firewall:DescribeProxyConfiguration, DescribeProxyRuleGroup) are not in the snapshot: whether it lets the traffic out cannot be told';
  }
  return `its attachment is ${state}${failure}: whether it filters the traffic cannot be told`;
}
