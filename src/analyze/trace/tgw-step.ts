// The transit gateway route-table hop over sets: the table associated with an attachment splits the
// travelling addresses by longest-prefix match and precedence (model/transit.ts). Out, blackholes and
// addresses no route covers are dropped here and every other slice follows its own attachment; back,
// the reply to every address the function may have must lead to the function VPC's attachment.
import type { TransitGatewayRoute } from '../../snapshot/types.js';
import { cidrSet, describeWithin, formatShare } from '../../model/ipv4-set.js';
import type { IntervalSet } from '../../model/interval-set.js';
import { associatedRouteTable, attachmentById, describeTgwRoute, splitTgwRoutes, type TgwPiece } from '../../model/transit.js';
import type { Hop } from '../types.js';
import type { PathTrace } from './path.js';

export interface TgwStep {
  hop: Hop;
  tableId: string;
  /** The slices that go on to an attachment (blackholes and unrouted addresses are dropped), largest first. */
  pieces: TgwPiece[];
}

type FailCode = 'TGW_NO_ROUTE' | 'TGW_RETURN_ROUTE_MISSING';

/** The routes of the table associated with `fromAttachment`, or null after a hop that says why there are none. */
function associatedRoutes(trace: PathTrace, tgwId: string, fromAttachment: string, failCode: FailCode, expected?: string): { tableId: string; routes: TransitGatewayRoute[] } | null {
  const label = `route table of ${fromAttachment}`;
  const refs = { refs: { tgw: tgwId, tgwAttachment: expected } };
  if (!trace.requireEc2('route-table', label, 'TransitGatewayAttachments')) return null;
  const tableId = associatedRouteTable(trace.model, fromAttachment);
  const attachment = attachmentById(trace.model, fromAttachment);
  const owner = attachment?.TransitGatewayOwnerId;
  if (!tableId && attachment?.Association === undefined && owner && owner !== attachment?.ResourceOwnerId) {
    // A shared gateway's associations are the gateway owner's to see, so no association here proves nothing.
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: fromAttachment, detail: `route-table association of ${tgwId}, account ${owner}` });
    trace.add('route-table', label, null, `${tgwId} belongs to account ${owner}: its route tables are not in the snapshot; merge that account's snapshot or pass --peer-profile`, [code]);
    return null;
  }
  if (!tableId) {
    const code = trace.raise(failCode, { resource: fromAttachment, detail: 'the attachment is associated with no transit gateway route table' }, refs);
    trace.add('route-table', label, false, 'not associated with a transit gateway route table', [code]);
    return null;
  }
  if (!trace.requireEc2('route-table', tableId, 'TransitGatewayRoutes')) return null;
  const routes = trace.model.snapshot.ec2.TransitGatewayRoutes?.[tableId];
  if (!routes) {
    const code = trace.raise('TGW_PEER_NOT_VISIBLE', { resource: tableId, detail: `routes of ${tgwId}${owner ? `, account ${owner}` : ''}` });
    trace.add('route-table', tableId, null, `routes not in the snapshot${owner ? ` (${tgwId} belongs to account ${owner})` : ''}: merge that account's snapshot or pass --peer-profile`, [code]);
    return null;
  }
  return { tableId, routes };
}

/** The way out: one hop for the table, the dead slices dropped at it, the live ones returned. */
export function tgwOutStep(trace: PathTrace, tgwId: string, fromAttachment: string): TgwStep | null {
  const found = associatedRoutes(trace, tgwId, fromAttachment, 'TGW_NO_ROUTE');
  if (!found) return null;
  const { tableId, routes } = found;
  const { pieces, unresolvedPrefixLists } = splitTgwRoutes(trace.model, tableId, routes, trace.flow.subject);
  const routed = pieces.filter((p) => p.match).sort((a, b) => b.addresses.size - a.addresses.size);
  const unrouted = pieces.find((p) => !p.match)?.addresses;
  const forked = pieces.length > 1;
  const within = (set: IntervalSet) => describeWithin(set, trace.flow.target);
  const share = (set: IntervalSet) => (forked ? ` for ${within(set)} (${formatShare(trace.flow.share(set))} of the destination)` : '');
  const parts = routed.map(({ match, addresses }) => match!.blackhole
    ? `${describeTgwRoute(match!)} drops ${forked ? `${within(addresses)} (${formatShare(trace.flow.share(addresses))} of the destination)` : within(addresses)}`
    : `${describeTgwRoute(match!)} (${match!.resourceId ?? match!.resourceType ?? '?'})${share(addresses)}`);
  if (unrouted) parts.push(forked ? `no route${share(unrouted)}` : `no route for ${within(unrouted)}`);
  const hop = trace.add('route-table', tableId, true, parts.join('; ') || 'no traffic left to route');
  const codes = new Set<NonNullable<Hop['codes']>[number]>();
  if (unresolvedPrefixLists.length > 0) {
    // An entry not collected may be more specific than any route seen: every slice is in doubt.
    const lists = unresolvedPrefixLists.join(', ');
    codes.add(trace.raise('DATA_NOT_COLLECTED', { resource: lists, detail: 'entries of a prefix list a transit gateway route uses' }));
    hop.ok = null;
    hop.detail = `${hop.detail}: cannot tell, the entries of ${lists} are not in the snapshot`;
    trace.flow.doubt(trace.flow.travelling, trace.hops.indexOf(hop), hop.detail);
  } else {
    for (const { match, addresses } of routed.filter((p) => p.match!.blackhole)) {
      const code = trace.raise('TGW_ROUTE_BLACKHOLE', { resource: tableId, detail: describeTgwRoute(match!) }, { refs: { tgw: tgwId, cidr: match!.route.DestinationCidrBlock } });
      codes.add(code);
      trace.dropAt(hop, addresses, code);
    }
    if (unrouted) {
      const code = trace.raise('TGW_NO_ROUTE', { resource: tableId, detail: `nothing matches ${within(unrouted)}` }, { refs: { tgw: tgwId } });
      codes.add(code);
      trace.dropAt(hop, unrouted, code);
    }
    if (routed.every((p) => p.match!.blackhole)) hop.ok = false;
  }
  if (codes.size > 0) hop.codes = [...codes];
  return { hop, tableId, pieces: routed.filter((p) => !p.match!.blackhole) };
}

/** The way back: the reply to every address the function may have must go to `expected`. */
export function tgwReplyStep(trace: PathTrace, tgwId: string, fromAttachment: string, expected: string): void {
  const found = associatedRoutes(trace, tgwId, fromAttachment, 'TGW_RETURN_ROUTE_MISSING', expected);
  if (!found) return;
  const { tableId, routes } = found;
  const refs = { refs: { tgw: tgwId, tgwAttachment: expected } };
  const { pieces, unresolvedPrefixLists } = splitTgwRoutes(trace.model, tableId, routes, cidrSet(trace.source.address));
  const what = trace.source.address.prefix === 32 ? trace.source.address.text.slice(0, -3) : trace.source.address.text;
  const wrong = pieces.find((p) => !p.match || p.match.blackhole || p.match.attachmentId !== expected);
  if (unresolvedPrefixLists.length > 0) {
    const lists = unresolvedPrefixLists.join(', ');
    const code = trace.raise('DATA_NOT_COLLECTED', { resource: lists, detail: 'entries of a prefix list a transit gateway route uses' });
    trace.add('route-table', tableId, null, `cannot tell where replies to ${what} go: the entries of ${lists} are not in the snapshot`, [code]);
    return;
  }
  const match = wrong?.match;
  if (!wrong) {
    trace.add('route-table', tableId, true, `replies: ${describeTgwRoute(pieces[0]!.match!)}`);
  } else if (!match) {
    const code = trace.raise('TGW_RETURN_ROUTE_MISSING', { resource: tableId, detail: `nothing matches replies to ${what}` }, refs);
    trace.add('route-table', tableId, false, `no route for replies to ${what}`, [code]);
  } else if (match.blackhole) {
    const code = trace.raise('TGW_ROUTE_BLACKHOLE', { resource: tableId, detail: `replies to ${describeTgwRoute(match)}` }, { refs: { ...refs.refs, cidr: match.route.DestinationCidrBlock } });
    trace.add('route-table', tableId, false, `${describeTgwRoute(match)} drops replies to ${what}`, [code]);
  } else {
    const code = trace.raise('TGW_RETURN_ROUTE_MISSING', { resource: tableId, detail: `replies to ${what} go to ${match.attachmentId}, not ${expected}` }, refs);
    trace.add('route-table', tableId, false, `replies: ${describeTgwRoute(match)}`, [code]);
  }
}
