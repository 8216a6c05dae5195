// Before ReplaceRoute (and before undo replaces or deletes a route a step set): the route must
// still point where the plan or journal expects. Someone else may have repointed it since the
// plan was made or the journal written; overwriting their change would break what they fixed.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { send } from './calls.js';

const DESTINATIONS = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'] as const;
const TARGETS = ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId', 'InstanceId', 'NetworkInterfaceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn'] as const;

/** A route that is not where it should be: the run stops there (nothing further changed). */
export class RouteMovedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteMoved';
  }
}

/** The target fields of route parameters (ReplaceRoute/CreateRoute params, or a route as described). */
export function routeTarget(params: Record<string, unknown>): Record<string, string> {
  const target: Record<string, string> = {};
  for (const field of TARGETS) if (typeof params[field] === 'string') target[field] = params[field] as string;
  return target;
}

const describe = (target: Record<string, string>) => Object.values(target).join('/') || 'nothing';

/** Where the route of `params` (table + destination) points now, as AWS reports it; undefined if there is none. */
export async function readRoute(ec2: EC2Client, params: Record<string, unknown>): Promise<Record<string, string> | undefined> {
  const tableId = params.RouteTableId as string;
  const destination = DESTINATIONS.find((d) => params[d] !== undefined);
  if (!destination) return undefined;
  const output = await send(ec2, 'DescribeRouteTables', { RouteTableIds: [tableId] });
  const table = ((output.RouteTables ?? []) as { RouteTableId?: string; Routes?: Record<string, unknown>[] }[]).find((t) => t.RouteTableId === tableId);
  const route = table?.Routes?.find((r) => r[destination] === params[destination]);
  return route ? routeTarget(route) : undefined;
}

/**
 * Throws RouteMovedError unless the route of `params` (table + destination) points at `expected`.
 * `missingOk`: a missing route returns false instead (a route the run created, already gone).
 */
export async function checkRoutePointsAt(ec2: EC2Client, params: Record<string, unknown>, expected: Record<string, string>, who: string, missingOk = false): Promise<boolean> {
  const destination = DESTINATIONS.find((d) => params[d] !== undefined);
  if (!destination) return true;
  const actual = await readRoute(ec2, params);
  const where = `${String(params.RouteTableId)}'s route ${String(params[destination])}`;
  if (!actual && missingOk) return false;
  if (!actual) throw new RouteMovedError(`${where} is gone, but ${who} expects it to point at ${describe(expected)}: it was changed by someone else; left as is`);
  const matches = Object.entries(expected).every(([field, id]) => actual[field] === id);
  if (!matches) throw new RouteMovedError(`${where} now points at ${describe(actual)}, not ${describe(expected)} as ${who} expects: it was changed by someone else; left as is`);
  return true;
}
