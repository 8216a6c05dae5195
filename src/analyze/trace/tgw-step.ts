// The transit gateway route-table hop over sets: the table associated with an attachment splits the
// travelling addresses by longest-prefix match and precedence (model/transit.ts). Out, blackholes and
// addresses no route covers are dropped here and every other slice follows its own attachment; back,
// the reply to every address the function may have must lead to the function VPC's attachment.
import type { TransitGatewayRoute } from '../../snapshot/types.js';
import { cidrSet, describeWithin, formatShare } from '../../model/ipv4-set.js';
import { IntervalSet, unionAll } from '../../model/interval-set.js';
import { associatedRouteTable, attachmentById, describeTgwRoute, splitTgwRoutes, type TgwPiece, type TgwRouteMatch } from '../../model/transit.js';
import type { Hop } from '../types.js';
import type { PathTrace } from './path.js';
import { targetWord } from './route.js';

/** One next hop and the addresses the table sends to it (several routes may name the same attachment). */
export interface TgwGroup extends TgwPiece {
  match: TgwRouteMatch;
  /** The first routes that send addresses here, as "0.0.0.0/1 → tgw-attach-… (propagated)", and how many there are. */
  routes: string[];
  routeCount: number;
}

export interface TgwStep {
  hop: Hop;
  tableId: string;
  /** The slices that go on to an attachment (blackholes and unrouted addresses are dropped), largest first. */
  pieces: TgwGroup[];
}

/** The table's pieces merged by next hop, largest first, so a table of thousands of routes forks a few ways only. */
const LISTED = 3;

function byNextHop(pieces: TgwPiece[]): TgwGroup[] {
  const groups = new Map<string, { parts: TgwPiece[]; largest: TgwPiece }>();
  for (const piece of pieces) {
    if (!piece.match) continue;
    const key = `${piece.match.attachmentId ?? '?'} ${piece.match.blackhole}`;
    const known = groups.get(key);
    if (!known) groups.set(key, { parts: [piece], largest: piece });
    else {
      known.parts.push(piece);
      if (piece.addresses.size > known.largest.addresses.size) known.largest = piece;
    }
  }
  return [...groups.values()]
    .map(({ parts, largest }) => ({
      addresses: unionAll(parts.map((p) => p.addresses)), match: largest.match!,
      routes: parts.slice(0, LISTED).map((p) => describeTgwRoute(p.match!)), routeCount: parts.length,
    }))
    .sort((a, b) => b.addresses.size - a.addresses.size);
}

function routesText(group: TgwGroup): string {
  const more = group.routeCount - group.routes.length;
  return more > 0 ? `${group.routes.join(', ')} and ${more} more routes` : group.routes.join(', ');
}

/** A slice in words; one of many ranges (a thousand blackholed /24s) names its first few only. */
function sliceText(trace: PathTrace, set: IntervalSet): string {
  const ranges = set.intervals.length;
  if (ranges <= LISTED + 1) return describeWithin(set, trace.flow.target);
  return `${describeWithin(IntervalSet.of(set.intervals.slice(0, LISTED)), trace.flow.target)} and ${ranges - LISTED} more ranges`;
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
  const routed = byNextHop(pieces);
  const unrouted = pieces.find((p) => !p.match)?.addresses;
  const forked = routed.length + (unrouted ? 1 : 0) > 1;
  const within = (set: IntervalSet) => sliceText(trace, set);
  const share = (set: IntervalSet) => (forked ? ` for ${within(set)} (${formatShare(trace.flow.share(set))} of ${targetWord(trace)})` : '');
  const parts = routed.map((group) => group.match.blackhole
    ? `${routesText(group)} drops ${forked ? `${within(group.addresses)} (${formatShare(trace.flow.share(group.addresses))} of ${targetWord(trace)})` : within(group.addresses)}`
    : `${routesText(group)} (${group.match.resourceId ?? group.match.resourceType ?? '?'})${share(group.addresses)}`);
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
    for (const group of routed.filter((p) => p.match.blackhole)) {
      const code = trace.raise('TGW_ROUTE_BLACKHOLE', { resource: tableId, detail: routesText(group) }, { refs: { tgw: tgwId, cidr: group.match.route.DestinationCidrBlock } });
      const { addresses } = group;
      codes.add(code);
      trace.dropAt(hop, addresses, code);
    }
    if (unrouted) {
      const code = trace.raise('TGW_NO_ROUTE', { resource: tableId, detail: `nothing matches ${within(unrouted)}` }, { refs: { tgw: tgwId } });
      codes.add(code);
      trace.dropAt(hop, unrouted, code);
    }
    if (routed.every((p) => p.match.blackhole)) hop.ok = false;
  }
  if (codes.size > 0) hop.codes = [...codes];
  return { hop, tableId, pieces: routed.filter((p) => !p.match.blackhole) };
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
