// The route-table hop: the subnet's effective table splits the traffic still travelling by
// longest-prefix match; pieces with no route or a blackhole route are dropped here, the others
// each follow their own next hop (a path can fork).
import { describeWithin, formatShare } from '../../model/ipv4-set.js';
import type { IntervalSet } from '../../model/interval-set.js';
import { splitByRoutes } from '../../model/route-split.js';
import { describeDestination, type RouteMatch } from '../../model/routes.js';
import { toCidrs } from '../../model/ipv4-set.js';
import type { Hop } from '../types.js';
import type { PathTrace } from './path.js';

/** One next hop and the addresses the table sends to it (several routes may name the same target). */
type Code = NonNullable<Hop['codes']>[number];

export interface RoutedPiece {
  addresses: IntervalSet;
  match: RouteMatch;
  /** Every route destination that sends addresses here ("0.0.0.0/1, 128.0.0.0/1"). */
  destinations: string[];
}

export interface RouteStep {
  hop: Hop;
  /** The next hops, blackholes included (the walk goes on to name what a blackhole points at), largest first. */
  pieces: RoutedPiece[];
  /** The route of the largest piece; null when no route covers any of the traffic. */
  match: RouteMatch | null;
}

export function describeRoute(match: RouteMatch): string {
  return `${describeDestination(match.route)} → ${match.target.id}`;
}

export interface RouteOptions {
  /** Prefix lists that stand for the destination service (see splitByRoutes). */
  servicePrefixListIds?: string[];
  /** Raises the finding for addresses the table drops ("0.0.0.0/0 → nat-1 (blackhole)", "no route for …"); by default ROUTE_BLACKHOLE or NO_ROUTE on the table. */
  deadCode?: (what: string) => Code;
}

/** Looks the travelling traffic up in the subnet's table; undefined when the tables were not collected. */
export function routeStep(trace: PathTrace, subnetId: string, options: RouteOptions = {}): RouteStep | undefined {
  if (!trace.requireEc2('route-table', `route table of ${subnetId}`, 'RouteTables')) return undefined;
  const table = trace.model.routeTableOf(subnetId);
  if (!table?.RouteTableId) {
    const code = trace.raise('NO_ROUTE', { resource: subnetId, detail: 'no route table is associated and the VPC has no main route table in the snapshot' });
    return { hop: trace.add('route-table', `route table of ${subnetId}`, false, 'no route table found', [code]), pieces: [], match: null };
  }
  return tableStep(trace, table.RouteTableId, trace.model.usesMainRouteTable(subnetId) ? ' (main route table: no explicit association)' : '', options);
}

/** The hop of one route table (a subnet's, or a regional NAT gateway's own). */
export function tableStep(trace: PathTrace, tableId: string, note: string, options: RouteOptions = {}, label = ''): RouteStep {
  const table = trace.model.routeTables.get(tableId)!;
  const traffic = trace.flow.subject;
  const raw = splitByRoutes(table, traffic, trace.model, options.servicePrefixListIds);
  const unrouted = raw.find((p) => p.match === null)?.addresses;
  const pieces = mergeByTarget(raw);
  const forked = pieces.length + (unrouted ? 1 : 0) > 1;
  const share = (set: IntervalSet, rest = false) => (forked ? ` for ${rest ? 'the rest' : describeWithin(set, trace.flow.target)} (${formatShare(trace.flow.share(set))} of ${targetWord(trace)})` : '');
  const parts = pieces.map((p, i) => `${p.destinations.join(', ')} → ${p.match.target.id}${p.match.blackhole ? ' is a blackhole' : ''}${share(p.addresses, i === 0 && p.destinations.length === 1 && describeWithin(p.addresses, trace.flow.target).includes('more blocks'))}`);
  if (unrouted) parts.push(forked ? `no route${share(unrouted)}` : `no route for ${describeWithin(unrouted, trace.flow.target)}`);
  const hop = trace.add('route-table', tableId, true, `${label}${parts.join('; ') || 'no traffic left to route'}${note}`);
  const codes = new Set<Code>();
  for (const piece of pieces.filter((p) => p.match.blackhole)) {
    const what = `${piece.destinations.join(', ')} → ${piece.match.target.id}`;
    const code = options.deadCode ? options.deadCode(`${what} (blackhole)`) : trace.raise('ROUTE_BLACKHOLE', { resource: tableId, detail: what }, { refs: { cidr: piece.destinations[0] } });
    codes.add(code);
    trace.dropAt(hop, piece.addresses, code);
  }
  if (unrouted) {
    const code = options.deadCode ? options.deadCode(`no route for ${describeWithin(unrouted, trace.flow.target)}`) : trace.raise('NO_ROUTE', { resource: tableId, detail: `nothing matches ${describeWithin(unrouted, trace.flow.target)}` }, { refs: { cidr: toCidrs(unrouted)[0] } });
    codes.add(code);
    trace.dropAt(hop, unrouted, code);
  }
  if (codes.size > 0) hop.codes = [...codes];
  if (!traffic.isEmpty && pieces.every((p) => p.match.blackhole)) hop.ok = false;
  return { hop, pieces, match: pieces[0]?.match ?? null };
}

function targetWord(trace: PathTrace): string {
  return trace.target.goal.kind === 'public' && !trace.target.goal.address ? 'public IPv4' : 'the destination';
}

function mergeByTarget(raw: ReturnType<typeof splitByRoutes>): RoutedPiece[] {
  const byTarget = new Map<string, RoutedPiece>();
  for (const piece of raw) {
    if (!piece.match) continue;
    const key = `${piece.match.target.type} ${piece.match.target.id} ${piece.match.blackhole}`;
    const known = byTarget.get(key);
    const destination = describeDestination(piece.match.route);
    if (known) {
      known.addresses = known.addresses.union(piece.addresses);
      if (!known.destinations.includes(destination)) known.destinations.push(destination);
    } else byTarget.set(key, { addresses: piece.addresses, match: piece.match, destinations: [destination] });
  }
  return [...byTarget.values()].sort((a, b) => b.addresses.size - a.addresses.size);
}

/**
 * Follows each piece in its own branch of the path. A blackhole piece is already dropped; it is
 * followed only when its target still exists (or `followGone`), to name what is wrong with it.
 */
export function followPieces(trace: PathTrace, step: RouteStep, follow: (piece: RoutedPiece) => void, followGone = false): void {
  for (const piece of step.pieces) {
    if (!followGone && piece.match.blackhole && !trace.model.targetExists(piece.match.target.id)) continue;
    trace.branch(piece.addresses, () => follow(piece));
  }
}

/** Whether the walk can go on past the route: not past a blackhole whose target is gone. */
export function canFollow(trace: PathTrace, match: RouteMatch): boolean {
  return !match.blackhole || trace.model.targetExists(match.target.id);
}

/** A hop that split the traffic into pieces (a subnet's table, a transit gateway's). */
type PieceStep = { hop: Hop; pieces: readonly unknown[] };

/**
 * The piece of the route step now travelling (one branch) goes nowhere: dropped at the route hop
 * with `code`. The hop itself blocks only when it has no other piece that passes.
 */
export function blockPiece(trace: PathTrace, step: PieceStep, code: Code, detail: string): void {
  const { hop } = step;
  trace.dropAt(hop, trace.flow.travelling, code);
  hop.codes = [...new Set([...(hop.codes ?? []), code])];
  if (!hop.detail.includes(detail)) hop.detail = `${hop.detail}: ${detail}`;
  if (step.pieces.length <= 1) hop.ok = false;
}

/** The branch now travelling goes where the model cannot follow: uncertain, at the route hop. */
export function unknownPiece(trace: PathTrace, step: PieceStep, code: Code, detail: string): void {
  const { hop } = step;
  trace.flow.doubt(trace.flow.travelling, trace.hops.indexOf(hop), detail);
  hop.codes = [...new Set([...(hop.codes ?? []), code])];
  if (!hop.detail.includes(detail)) hop.detail = `${hop.detail}: ${detail}`;
  if (step.pieces.length <= 1 && hop.ok !== false) hop.ok = null;
}
