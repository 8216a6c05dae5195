// Environment values are never stored. A value that names a collected database endpoint (instance,
// cluster writer, reader or custom endpoint; alone, with :port, or inside a URL or connection
// string) becomes `<redacted:rds:ID>`, and one that names an RDS Proxy endpoint (the proxy's own,
// or one created beside it) `<redacted:rds-proxy:NAME>`, so the analysis still knows which database
// or proxy the function uses; any other value becomes `<redacted>`. Nothing else of `Environment` is kept except the
// error code (its message could quote a value).
import type { LambdaFunction, RdsSection } from '../snapshot/types.js';

export interface DbEndpoint {
  /** Lower-case host name. */
  host: string;
  /** DBInstanceIdentifier or DBClusterIdentifier; a proxy's name, or its other endpoint's name. */
  id: string;
  proxy?: boolean;
  /** For a proxy endpoint: the proxy it belongs to (its own name for the proxy's default endpoint). */
  proxyName?: string;
}

export const REDACTED = '<redacted>';
export const redactedRds = (id: string): string => `<redacted:rds:${id}>`;
export const redactedProxy = (name: string): string => `<redacted:rds-proxy:${name}>`;

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
  const proxy = (host: string | undefined, name: string | undefined, proxyName: string | undefined) => {
    if (host && name) endpoints.push({ host: host.toLowerCase().replace(/\.$/, ''), id: name, proxy: true, ...(proxyName ? { proxyName } : {}) });
  };
  for (const p of rds.DBProxies ?? []) proxy(p.Endpoint, p.DBProxyName, p.DBProxyName);
  for (const e of rds.DBProxyEndpoints ?? []) proxy(e.Endpoint, e.IsDefault ? e.DBProxyName : e.DBProxyEndpointName, e.DBProxyName);
  // Longest first, so that a host never matches as part of a longer one.
  return endpoints.sort((a, b) => b.host.length - a.host.length);
}

const HOST_CHAR = /[a-z0-9_-]/;

/** The database or proxy endpoint whose host the value names (the first one in the value), if any. */
export function databaseNamedBy(value: string, endpoints: DbEndpoint[]): DbEndpoint | undefined {
  const text = value.toLowerCase();
  let best: { at: number; endpoint: DbEndpoint } | undefined;
  for (const endpoint of endpoints) {
    const { host } = endpoint;
    for (let at = text.indexOf(host); at !== -1; at = text.indexOf(host, at + 1)) {
      const before = at === 0 ? '' : text[at - 1] ?? '';
      const after = text.slice(at + host.length, at + host.length + 2);
      const boundedBefore = before === '' || !(HOST_CHAR.test(before) || before === '.');
      const boundedAfter = after === '' || !(HOST_CHAR.test(after[0] ?? '') || (after[0] === '.' && HOST_CHAR.test(after[1] ?? '')));
      if (boundedBefore && boundedAfter) {
        if (best === undefined || at < best.at) best = { at, endpoint };
        break;
      }
    }
  }
  return best?.endpoint;
}

/**
 * An RDS endpoint host not among the collected ones (RDS denied, or not yet described): its first
 * label is the instance or cluster id (`<id>.<hash>.<region>.rds.amazonaws.com`, `<id>.cluster-…`),
 * so the analysis can still name the database and say it could not look it up.
 */
const RDS_HOST = /(?:^|[^a-z0-9_.-])([a-z][a-z0-9-]{0,62})\.(?:cluster-(?:ro-|custom-)?)?[a-z0-9]+\.[a-z]{2}(?:-[a-z]+)+-\d\.rds\.amazonaws\.com(?:\.cn)?(?![a-z0-9-]|\.[a-z0-9])/;

/** A proxy endpoint host not among the collected ones: `<proxy>.proxy-<hash>.<region>.rds…`, `<endpoint>.endpoint.proxy-<hash>.…`. */
const PROXY_HOST = /(?:^|[^a-z0-9_.-])([a-z][a-z0-9-]{0,62})\.(?:endpoint\.)?proxy-[a-z0-9]+\.[a-z]{2}(?:-[a-z]+)+-\d\.rds\.amazonaws\.com(?:\.cn)?(?![a-z0-9-]|\.[a-z0-9])/;

export function redactValue(value: unknown, endpoints: DbEndpoint[]): string {
  if (typeof value !== 'string') return REDACTED;
  const named = databaseNamedBy(value, endpoints);
  if (named) return named.proxy ? redactedProxy(named.id) : redactedRds(named.id);
  const text = value.toLowerCase();
  const proxy = PROXY_HOST.exec(text)?.[1];
  if (proxy !== undefined) return redactedProxy(proxy);
  const id = RDS_HOST.exec(text)?.[1];
  return id !== undefined ? redactedRds(id) : REDACTED;
}

/** The names of the proxies whose endpoints the functions' environments name (no value leaves here). */
export function proxiesNamedBy(functions: LambdaFunction[], endpoints: DbEndpoint[]): string[] {
  const names = new Set<string>();
  for (const fn of functions) {
    for (const value of Object.values(fn.Environment?.Variables ?? {})) {
      const named = typeof value === 'string' ? databaseNamedBy(value, endpoints) : undefined;
      const proxy = named?.proxy ? named.proxyName : undefined;
      if (proxy) names.add(proxy);
    }
  }
  return [...names];
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
