// An RDS Proxy reduced to what a path needs: the endpoint the function connects to (the proxy's
// default endpoint, or one created beside it, perhaps in another VPC), the proxy itself (its VPC,
// subnets and groups, from which it connects to the database), and its registered targets with
// AWS's own health verdict. RDS does not report the proxy's private addresses, so its subnets'
// blocks stand in for them, as for a database without a known interface.
import type { DBProxy, DBProxyTarget, RdsKey } from '../snapshot/types.js';
import { parseCidr, type Cidr } from '../model/cidr.js';
import type { NetworkModel } from '../model/network.js';

export interface ProxyEndpoint {
  /** The endpoint's name; the proxy's name for its default endpoint. */
  name: string;
  isDefault: boolean;
  host?: string;
  vpcId?: string;
  subnetIds: string[];
  groupIds: string[];
  status: string;
  /** READ_WRITE or READ_ONLY. */
  role: string;
}

export interface Proxy {
  name: string;
  endpoint: ProxyEndpoint;
  status: string;
  engineFamily: string;
  requireTls: boolean;
  vpcId?: string;
  subnetIds: string[];
  groupIds: string[];
  /** The proxy's registered targets; undefined when DescribeDBProxyTargets was denied or not collected. */
  targets?: DBProxyTarget[];
  /** Set when the proxy data was denied or not collected: the proxy cannot be located at all. */
  missing?: RdsKey;
}

/** The port a proxy listens on: its engine family's default (RDS Proxy does not take another). */
export const PROXY_PORTS: Record<string, number> = { MYSQL: 3306, POSTGRESQL: 5432, SQLSERVER: 1433 };

export function proxyPort(proxy: Proxy): number {
  return PROXY_PORTS[proxy.engineFamily.toUpperCase()] ?? 0;
}

/**
 * The proxy key whose denial could hide a proxy, if any. A snapshot from before proxies were
 * collected has none either, but then an unknown name is a typo, as it always was.
 */
export function missingProxyKey(model: NetworkModel): RdsKey | undefined {
  return (['DBProxies', 'DBProxyEndpoints'] as const).find((key) => model.missingRds(key)?.reason === 'denied');
}

/** A proxy that cannot be looked up because DescribeDBProxies is missing: its path is unknown. */
export function unresolvedProxy(name: string, missing: RdsKey): Proxy {
  const endpoint: ProxyEndpoint = { name, isDefault: true, subnetIds: [], groupIds: [], status: 'unknown', role: 'READ_WRITE' };
  return { name, endpoint, status: 'unknown', engineFamily: '', requireTls: false, subnetIds: [], groupIds: [], missing };
}

const proxies = (model: NetworkModel): DBProxy[] => model.snapshot.rds.DBProxies ?? [];

/** A proxy by its name (its default endpoint) or by the name of one of its other endpoints. */
export function resolveProxy(model: NetworkModel, name: string): Proxy | null {
  const proxy = proxies(model).find((p) => p.DBProxyName === name);
  if (proxy) return fromProxy(model, proxy, undefined);
  const endpoint = (model.snapshot.rds.DBProxyEndpoints ?? []).find((e) => e.DBProxyEndpointName === name && !e.IsDefault);
  const owner = endpoint && proxies(model).find((p) => p.DBProxyName === endpoint.DBProxyName);
  return owner ? fromProxy(model, owner, name) : null;
}

/** The proxy whose default or other endpoint has this host name. */
export function proxyByHost(model: NetworkModel, host: string): Proxy | null {
  const wanted = host.toLowerCase().replace(/\.$/, '');
  const proxy = proxies(model).find((p) => p.Endpoint?.toLowerCase() === wanted);
  if (proxy?.DBProxyName) return resolveProxy(model, proxy.DBProxyName);
  const endpoint = (model.snapshot.rds.DBProxyEndpoints ?? []).find((e) => e.Endpoint?.toLowerCase() === wanted);
  if (!endpoint?.DBProxyEndpointName) return null;
  return endpoint.IsDefault && endpoint.DBProxyName ? resolveProxy(model, endpoint.DBProxyName) : resolveProxy(model, endpoint.DBProxyEndpointName);
}

/** Every proxy and other-endpoint name, for suggestions. */
export function proxyNames(model: NetworkModel): string[] {
  const others = (model.snapshot.rds.DBProxyEndpoints ?? []).filter((e) => !e.IsDefault).map((e) => e.DBProxyEndpointName);
  return [...proxies(model).map((p) => p.DBProxyName), ...others].filter((n): n is string => !!n);
}

function fromProxy(model: NetworkModel, proxy: DBProxy, endpointName: string | undefined): Proxy {
  const name = proxy.DBProxyName ?? '';
  const listed = (model.snapshot.rds.DBProxyEndpoints ?? []).find((e) => e.DBProxyName === name
    && (endpointName === undefined ? e.IsDefault === true : e.DBProxyEndpointName === endpointName));
  // The default endpoint lives in the proxy's own VPC and subnets, with its groups.
  const endpoint: ProxyEndpoint = {
    name: endpointName ?? name, isDefault: endpointName === undefined,
    host: listed?.Endpoint ?? (endpointName === undefined ? proxy.Endpoint : undefined),
    vpcId: listed?.VpcId ?? proxy.VpcId,
    subnetIds: listed?.VpcSubnetIds ?? proxy.VpcSubnetIds ?? [],
    groupIds: listed?.VpcSecurityGroupIds ?? proxy.VpcSecurityGroupIds ?? [],
    status: listed?.Status ?? proxy.Status ?? 'unknown',
    role: listed?.TargetRole ?? 'READ_WRITE',
  };
  const targets = model.missingRds('DBProxyTargets') ? undefined : model.snapshot.rds.DBProxyTargets?.[name] ?? [];
  return {
    name, endpoint, status: proxy.Status ?? 'unknown', engineFamily: proxy.EngineFamily ?? '', requireTls: proxy.RequireTLS === true,
    vpcId: proxy.VpcId, subnetIds: proxy.VpcSubnetIds ?? [], groupIds: proxy.VpcSecurityGroupIds ?? [], ...(targets ? { targets } : {}),
  };
}

/** The endpoint's addresses: its subnets' blocks (the proxy's interfaces sit somewhere in them). */
export function endpointAddresses(model: NetworkModel, endpoint: ProxyEndpoint): { subnetId: string; cidr: Cidr }[] {
  return [...endpoint.subnetIds].sort()
    .map((subnetId) => ({ subnetId, cidr: model.subnetCidr(subnetId) ?? parseCidr(undefined) }))
    .filter((s): s is { subnetId: string; cidr: Cidr } => s.cidr !== null);
}

/**
 * The database instances the endpoint sends connections to: for a READ_ONLY endpoint the reader
 * instances, else the writer (an instance target, or the writer of a tracked cluster).
 */
export function targetsFor(proxy: Proxy): DBProxyTarget[] {
  const instances = (proxy.targets ?? []).filter((t) => t.Type === 'RDS_INSTANCE' || t.Type === undefined);
  const wanted = proxy.endpoint.role === 'READ_ONLY' ? 'READ_ONLY' : 'READ_WRITE';
  const byRole = instances.filter((t) => t.Role === wanted);
  const chosen = byRole.length > 0 ? byRole : instances;
  return [...chosen].sort((a, b) => (a.RdsResourceId ?? '').localeCompare(b.RdsResourceId ?? ''));
}
