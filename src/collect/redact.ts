// Environment values are never stored. A value that names a collected database endpoint (instance,
// cluster writer, reader or custom endpoint; alone, with :port, or inside a URL or connection
// string) becomes `<redacted:rds:ID>`, so the analysis still knows which database the function
// uses; any other value becomes `<redacted>`. Nothing else of `Environment` is kept except the
// error code (its message could quote a value).
import type { LambdaFunction, RdsSection } from '../snapshot/types.js';

export interface DbEndpoint {
  /** Lower-case host name. */
  host: string;
  /** DBInstanceIdentifier or DBClusterIdentifier. */
  id: string;
}

export const REDACTED = '<redacted>';
export const redactedRds = (id: string): string => `<redacted:rds:${id}>`;

export function databaseEndpoints(rds: RdsSection): DbEndpoint[] {
  const endpoints: DbEndpoint[] = [];
  const add = (host: string | undefined, id: string | undefined) => {
    if (host && id) endpoints.push({ host: host.toLowerCase().replace(/\.$/, ''), id });
  };
  for (const db of rds.DBInstances ?? []) add(db.Endpoint?.Address, db.DBInstanceIdentifier);
  for (const cluster of rds.DBClusters ?? []) {
    add(cluster.Endpoint, cluster.DBClusterIdentifier);
    add(cluster.ReaderEndpoint, cluster.DBClusterIdentifier);
    for (const custom of cluster.CustomEndpoints ?? []) add(custom, cluster.DBClusterIdentifier);
  }
  // Longest first, so that a host never matches as part of a longer one.
  return endpoints.sort((a, b) => b.host.length - a.host.length);
}

const HOST_CHAR = /[a-z0-9_-]/;

/** The database whose endpoint host the value names (the first one in the value), if any. */
export function databaseNamedBy(value: string, endpoints: DbEndpoint[]): string | undefined {
  const text = value.toLowerCase();
  let best: { at: number; id: string } | undefined;
  for (const { host, id } of endpoints) {
    for (let at = text.indexOf(host); at !== -1; at = text.indexOf(host, at + 1)) {
      const before = at === 0 ? '' : text[at - 1] ?? '';
      const after = text.slice(at + host.length, at + host.length + 2);
      const boundedBefore = before === '' || !(HOST_CHAR.test(before) || before === '.');
      const boundedAfter = after === '' || !(HOST_CHAR.test(after[0] ?? '') || (after[0] === '.' && HOST_CHAR.test(after[1] ?? '')));
      if (boundedBefore && boundedAfter) {
        if (best === undefined || at < best.at) best = { at, id };
        break;
      }
    }
  }
  return best?.id;
}

/**
 * An RDS endpoint host not among the collected ones (RDS denied, or not yet described): its first
 * label is the instance or cluster id (`<id>.<hash>.<region>.rds.amazonaws.com`, `<id>.cluster-…`),
 * so the analysis can still name the database and say it could not look it up.
 */
const RDS_HOST = /(?:^|[^a-z0-9_.-])([a-z][a-z0-9-]{0,62})\.(?:cluster-(?:ro-|custom-)?)?[a-z0-9]+\.[a-z]{2}(?:-[a-z]+)+-\d\.rds\.amazonaws\.com(?:\.cn)?(?![a-z0-9-]|\.[a-z0-9])/;

export function redactValue(value: unknown, endpoints: DbEndpoint[]): string {
  if (typeof value !== 'string') return REDACTED;
  const id = databaseNamedBy(value, endpoints) ?? RDS_HOST.exec(value.toLowerCase())?.[1];
  return id !== undefined ? redactedRds(id) : REDACTED;
}

/** A copy of the function configuration with its environment values redacted. */
export function redactFunction(fn: LambdaFunction, endpoints: DbEndpoint[]): LambdaFunction {
  const { Environment, ...rest } = fn;
  if (Environment === undefined || Environment === null || typeof Environment !== 'object') return { ...rest };
  const environment: NonNullable<LambdaFunction['Environment']> = {};
  const variables = Environment.Variables;
  if (variables !== undefined && variables !== null && typeof variables === 'object') {
    environment.Variables = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, redactValue(value, endpoints)]));
  }
  const error = Environment.Error as { ErrorCode?: unknown } | undefined;
  if (error !== undefined && error !== null && typeof error === 'object' && typeof error.ErrorCode === 'string') {
    environment.Error = { ErrorCode: error.ErrorCode };
  }
  return { ...rest, Environment: environment };
}
