// The reply's way back through AWS Network Firewall. "Network Firewall doesn't support asymmetric
// routing": request and response must reach the same firewall endpoint. The reply turns around where
// the request was last translated or left the VPC, and the route table there decides its way back:
// - firewall before a NAT gateway: the NAT gateway's subnet table must send the function's address to
//   the endpoint the request came through;
// - firewall after a NAT gateway: the internet gateway's edge-associated table (ingress routing) must
//   send the NAT gateway's address to it. Without such a table the reply goes straight to the NAT gateway;
// - firewall in front of a transit gateway: the table of the attachment's subnet (in the source's AZ)
//   must send the function's address to it.
// A route to another AZ's endpoint, or to anything else, bypasses the endpoint that holds the flow's
// state: the stateful engine drops the flow. A policy that never forwards to the stateful engine judges
// each packet alone, so there the hop is only unknown.
import { addressesOf } from '../../model/addresses.js';
import { parseCidr, type Cidr } from '../../model/cidr.js';
import { lookupRoute } from '../../model/routes.js';
import type { NatGateway, RouteTable } from '../../snapshot/types.js';
import { firewallOwning, type FirewallAt } from './firewall.js';
import type { PathTrace } from './path.js';

export interface Turnaround {
  /** The table that routes the reply (undefined: none, e.g. no edge-associated table on the internet gateway). */
  table: RouteTable | undefined;
  /** What the table is, for the hop ("the route table of subnet-…", "the internet gateway's edge table"). */
  label: string;
  /** The finding's resource when there is no table (the internet gateway). */
  resource: string;
  /** The address the reply is sent to at that point. */
  replyTo: Cidr;
  /** Firewall endpoints on the path from this hop index on are the ones the reply must come back through. */
  since: number;
}

/**
 * The Network Firewall endpoint the request passed last, from `since` on, in the VPC the packet is in
 * now (null: none). An endpoint in the function's VPC before a transit gateway gets its replies back
 * through that VPC's tables, not through the egress VPC's.
 */
export function lastFirewallEndpoint(trace: PathTrace, since: number): { endpointId: string; at: FirewallAt } | null {
  for (const hop of trace.hops.slice(since).reverse()) {
    if (hop.kind !== 'vpc-endpoint' || !hop.id.startsWith('vpce-')) continue;
    if (trace.model.endpoints.find((e) => e.VpcEndpointId === hop.id)?.VpcId !== trace.vpcId) continue;
    const at = firewallOwning(trace, hop.id);
    if (at) return { endpointId: hop.id, at };
  }
  return null;
}

export function firewallReturnHop(trace: PathTrace, turnaround: Turnaround): void {
  const passed = lastFirewallEndpoint(trace, turnaround.since);
  if (!passed || passed.at.status !== 'READY') return;
  const { endpointId, at } = passed;
  const stateful = usesStatefulEngine(trace, at);
  if (stateful === null) return; // the policy is not in the snapshot: the firewall hop is unknown already
  const address = turnaround.replyTo.prefix === 32 ? turnaround.replyTo.text.slice(0, -3) : turnaround.replyTo.text;
  const match = turnaround.table ? lookupRoute(turnaround.table, { addresses: addressesOf([turnaround.replyTo]) }, trace.model).match : null;
  const id = turnaround.table?.RouteTableId ?? turnaround.label;
  if (match?.target.id === endpointId && !match.blackhole) {
    trace.add('route-table', id, true, `reply to ${address}: ${turnaround.label} sends it back through ${endpointId} (${at.az}), the endpoint the request passed`);
    return;
  }
  const elsewhere = !match ? (turnaround.table ? 'has no route for it' : 'delivers it directly') : match.target.type === 'local' ? 'routes it locally'
    : `sends it to ${match.target.id}${otherAz(trace, at, match.target.id)}`;
  const detail = `${turnaround.label} ${elsewhere}: the reply to ${address} skips ${endpointId} (${at.az}), which the request passed`;
  const firewall = at.firewall.Firewall?.FirewallName ?? at.arn;
  const resource = turnaround.table?.RouteTableId ?? turnaround.resource;
  if (stateful) {
    const code = trace.raise('FIREWALL_ASYMMETRIC_ROUTE', { resource, detail: `${detail}; the stateful engine of ${firewall} drops the flow` });
    trace.add('route-table', id, false, `${detail}: the stateful engine of ${firewall} sees one direction only and drops the flow`, [code]);
  } else {
    const code = trace.raise('FIREWALL_ASYMMETRIC_ROUTE', { resource, detail: `${detail}; ${firewall} has stateless rules only, so the reply may still pass` }, { severity: 'warning' });
    trace.add('route-table', id, null, `${detail}: Network Firewall does not support asymmetric routing; with stateless rules only the reply may still pass`, [code]);
  }
}

function otherAz(trace: PathTrace, at: FirewallAt, endpointId: string): string {
  const other = firewallOwning(trace, endpointId);
  return other?.arn === at.arn ? ` (the same firewall's endpoint in ${other.az}, with no state for the flow)` : '';
}

/** Whether the policy forwards anything to the stateful engine (null: the policy is not in the snapshot). */
function usesStatefulEngine(trace: PathTrace, at: FirewallAt): boolean | null {
  const section = trace.model.snapshot.networkFirewall ?? {};
  const policy = section.FirewallPolicies?.[at.firewall.Firewall?.FirewallPolicyArn ?? '']?.FirewallPolicy;
  if (!policy) return null;
  const forwards = (actions: string[] | undefined) => (actions ?? []).includes('aws:forward_to_sfe');
  if (forwards(policy.StatelessDefaultActions) || forwards(policy.StatelessFragmentDefaultActions)) return true;
  return (policy.StatelessRuleGroupReferences ?? []).some((ref) => {
    const rules = section.RuleGroups?.[ref.ResourceArn ?? '']?.RuleGroup?.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules;
    return rules === undefined || rules.some((r) => forwards(r.RuleDefinition?.Actions));
  });
}

/** At a NAT gateway: a firewall before it gets the reply back only if the NAT gateway's table sends the function's address to it. */
export function returnAtNat(trace: PathTrace, nat: NatGateway): void {
  const table = nat.AvailabilityMode === 'regional'
    ? trace.model.routeTables.get(nat.RouteTableId ?? '')
    : nat.SubnetId ? trace.model.routeTableOf(nat.SubnetId) : undefined;
  if (!table) return; // the NAT gateway's own hops say what is missing
  const label = nat.SubnetId ? `${table.RouteTableId} (${nat.NatGatewayId}'s subnet ${nat.SubnetId})` : `${nat.NatGatewayId}'s route table ${table.RouteTableId}`;
  firewallReturnHop(trace, { table, label, resource: table.RouteTableId ?? nat.NatGatewayId!, replyTo: trace.source.address, since: 0 });
}

/** At the internet gateway after a NAT gateway: a firewall between them gets the reply back only through the gateway's edge table. */
export function returnAtInternetGateway(trace: PathTrace, igwId: string): void {
  const natIndex = trace.hops.map((h) => h.kind).lastIndexOf('nat-gateway');
  if (natIndex < 0 || !lastFirewallEndpoint(trace, natIndex + 1)) return;
  const nat = trace.model.natGateways.get(trace.hops[natIndex]!.id);
  const address = nat?.NatGatewayAddresses?.find((a) => a.IsPrimary)?.PrivateIp ?? nat?.NatGatewayAddresses?.find((a) => a.PrivateIp)?.PrivateIp;
  const replyTo = parseCidr(address) ?? (nat?.SubnetId ? trace.model.subnetCidr(nat.SubnetId) : null);
  if (!replyTo) return;
  const table = [...trace.model.routeTables.values()].find((t) => t.VpcId === trace.vpcId && t.Associations?.some((a) => a.GatewayId === igwId && (a.AssociationState?.State ?? 'associated') === 'associated'));
  const label = table ? `${igwId}'s edge-associated route table ${table.RouteTableId}` : `${igwId}, with no edge-associated route table,`;
  firewallReturnHop(trace, { table, label, resource: igwId, replyTo, since: natIndex + 1 });
}

/** Back from a transit gateway: a firewall in front of it gets the reply only if the attachment subnet's table sends the function's address to it. */
export function returnAtTransitAttachment(trace: PathTrace, subnetId: string | undefined): void {
  const table = subnetId ? trace.model.routeTableOf(subnetId) : undefined;
  if (!table?.RouteTableId) return;
  const label = `${table.RouteTableId} (of ${subnetId}, where the transit gateway hands the reply back)`;
  firewallReturnHop(trace, { table, label, resource: table.RouteTableId, replyTo: trace.source.address, since: 0 });
}
