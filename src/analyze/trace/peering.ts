// Crossing into another VPC. A peering connection must be active and join the two VPCs, and the
// peer's route table must send the reply back through it; across Regions, security-group
// references to the other side do not work (vpc-peering-security-groups). Transit gateway route
// tables are not in the snapshot, so that crossing is unknown.
import { cidrSet } from '../../model/ipv4-set.js';
import { splitByRoutes } from '../../model/route-split.js';
import type { RouteTarget } from '../../model/routes.js';
import type { PathTrace } from './path.js';
import { raiseCrossVpc, type PrivateDestination } from './private.js';

/** The hop across to the other VPC; `tableId` is the route table that sent the packet there. */
export function traceVpcCrossing(trace: PathTrace, target: RouteTarget, destination: PrivateDestination, tableId: string): void {
  if (target.type === 'transit-gateway') {
    const code = trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: tableId, detail: `transit gateway ${target.id}: its route tables are not analysed` });
    trace.add('transit-gateway', target.id, null, 'transit gateway: its route tables and the far side\'s return route are not analysed', [code]);
    return;
  }
  if (!trace.requireEc2('peering', target.id, 'VpcPeeringConnections')) return;
  const peering = trace.model.peerings.get(target.id);
  const fail = (detail: string): void => {
    const code = raiseCrossVpc(trace, destination, tableId, `${target.id}: ${detail}`);
    trace.add('peering', target.id, false, detail, [code]);
  };
  if (!peering) return fail('the peering connection does not exist');
  const status = peering.Status?.Code ?? 'unknown';
  if (status !== 'active') return fail(`status ${status}${peering.Status?.Message ? ` (${peering.Status.Message})` : ''}`);
  const sides = [peering.RequesterVpcInfo, peering.AccepterVpcInfo];
  const vpcs = sides.map((s) => s?.VpcId);
  if (destination.vpcId && (!vpcs.includes(trace.scope.vpcId) || !vpcs.includes(destination.vpcId))) {
    return fail(`it joins ${vpcs.join(' and ')}, not ${destination.vpcId}`);
  }
  const regions = sides.map((s) => s?.Region).filter(Boolean);
  const crossRegion = regions.length === 2 && regions[0] !== regions[1];
  const returnOk = returnRoute(trace, target.id, destination);
  const note = crossRegion ? '; cross-Region: security groups cannot reference the other side' : '';
  trace.add('peering', target.id, returnOk.ok, `active, ${vpcs.join(' ↔ ')}; ${returnOk.detail}${note}`, returnOk.ok === false ? [returnOk.code!] : []);
}

function returnRoute(trace: PathTrace, peeringId: string, destination: PrivateDestination): { ok: boolean | null; detail: string; code?: ReturnType<PathTrace['raise']> } {
  const table = destination.subnetId ? trace.model.routeTableOf(destination.subnetId) : undefined;
  if (!table?.RouteTableId) return { ok: null, detail: 'the peer subnet\'s route table is not in the snapshot: return route unknown' };
  // The reply to every address the function may have must go back through the peering.
  const pieces = splitByRoutes(table, cidrSet(trace.source.address), trace.model);
  const wrong = pieces.find((p) => !p.match || p.match.blackhole || p.match.target.id !== peeringId);
  if (!wrong) return { ok: true, detail: `return route in ${table.RouteTableId}` };
  const match = wrong.match;
  const found = match ? `${match.target.id}${match.blackhole ? ' (blackhole)' : ''}` : 'nothing';
  const detail = `${table.RouteTableId} sends replies for ${trace.source.address.text} to ${found}, not ${peeringId}`;
  return { ok: false, detail, code: raiseCrossVpc(trace, destination, table.RouteTableId, detail) };
}
