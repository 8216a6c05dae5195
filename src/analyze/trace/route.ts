// The route-table hop: the subnet's effective table and the route AWS would pick.
import { describeAddresses } from '../../model/addresses.js';
import { describeDestination, lookupRoute, type RouteMatch, type RouteQuery } from '../../model/routes.js';
import type { Hop } from '../types.js';
import type { PathTrace } from './path.js';

export interface RouteStep {
  hop: Hop;
  /** The route AWS picks, blackholes included (the walk goes on to name what the route points at). */
  match: RouteMatch | null;
}

export function describeRoute(match: RouteMatch): string {
  return `${describeDestination(match.route)} → ${match.target.id}`;
}

/** Looks the query up in the subnet's table; undefined when the tables were not collected. */
export function routeStep(trace: PathTrace, subnetId: string, query: RouteQuery): RouteStep | undefined {
  if (!trace.requireEc2('route-table', `route table of ${subnetId}`, 'RouteTables')) return undefined;
  const table = trace.model.routeTableOf(subnetId);
  if (!table?.RouteTableId) {
    const code = trace.raise('NO_ROUTE', { resource: subnetId, detail: 'no route table is associated and the VPC has no main route table in the snapshot' });
    return { hop: trace.add('route-table', `route table of ${subnetId}`, false, 'no route table found', [code]), match: null };
  }
  const tableId = table.RouteTableId;
  const implicit = trace.model.usesMainRouteTable(subnetId) ? ' (main route table: no explicit association)' : '';
  const { match, overrides } = lookupRoute(table, query, trace.model);
  for (const override of overrides) {
    trace.raise('MORE_SPECIFIC_ROUTE', { resource: tableId, detail: `${describeRoute(override)}${override.blackhole ? ' (blackhole)' : ''} takes part of the internet away from ${match ? describeRoute(match) : 'the default route'}` });
  }
  const overrideCodes = overrides.length > 0 ? ['MORE_SPECIFIC_ROUTE' as const] : [];
  if (!match) {
    const code = trace.raise('NO_ROUTE', { resource: tableId, detail: `nothing matches ${describeAddresses(query.addresses)}` });
    return { hop: trace.add('route-table', tableId, false, `no route for ${describeAddresses(query.addresses)}${implicit}`, [code, ...overrideCodes]), match: null };
  }
  if (match.blackhole) {
    const code = trace.raise('ROUTE_BLACKHOLE', { resource: tableId, detail: describeRoute(match) });
    return { hop: trace.add('route-table', tableId, false, `${describeRoute(match)} is a blackhole${implicit}`, [code, ...overrideCodes]), match };
  }
  return { hop: trace.add('route-table', tableId, true, `${describeRoute(match)}${implicit}`, overrideCodes), match };
}

/** Whether the walk can go on past the route: not past a blackhole whose target is gone. */
export function canFollow(trace: PathTrace, match: RouteMatch): boolean {
  return !match.blackhole || trace.model.targetExists(match.target.id);
}

/** Marks a hop as blocking with a code raised elsewhere. */
export function block(hop: Hop, code: NonNullable<Hop['codes']>[number], detail?: string): void {
  hop.ok = false;
  hop.codes = [...(hop.codes ?? []), code];
  if (detail) hop.detail = `${hop.detail}: ${detail}`;
}

export function markUnknown(hop: Hop, code: NonNullable<Hop['codes']>[number], detail: string): void {
  if (hop.ok !== false) hop.ok = null;
  hop.codes = [...(hop.codes ?? []), code];
  hop.detail = `${hop.detail}: ${detail}`;
}
