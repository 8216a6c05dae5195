// Target specs (contract §1) parsed into what the trace needs. Parsing is pure; whether an RDS id
// or host exists is decided against the model.
import { InputError } from '../errors.js';
import { covers, isPublic, parseCidr, type Cidr } from '../model/cidr.js';
import { GLOBAL_UNICAST, parseCidr6, type Cidr6 } from '../model/ipv6.js';
import type { NetworkModel } from '../model/network.js';
import { didYouMean } from '../suggest.js';
import { databaseByHost, missingRdsKey, resolveDatabase, unresolvedDatabase, type Database } from './databases.js';
import { missingProxyKey, proxyByHost, proxyNames, proxyPort, resolveProxy, unresolvedProxy, type Proxy } from './proxies.js';

export type Goal =
  /** A public destination: any public address, a public host, or an AWS service endpoint. */
  | { kind: 'public'; port: number; host?: string; address?: Cidr; service?: string }
  /** An RDS instance or cluster. */
  | { kind: 'database'; port: number; host?: string; database: Database }
  /** An RDS Proxy endpoint, and through it the proxy's database. */
  | { kind: 'proxy'; port: number; host?: string; proxy: Proxy }
  /** A private address (in the VPC or a peer): the interface holding it decides. */
  | { kind: 'address'; port: number; address: Cidr }
  /** An IPv6 destination: every global unicast address (`internet6`), or one address or block. */
  | { kind: 'public6'; port: number; address: Cidr6; any: boolean };

export interface Target {
  /** The spec exactly as the user wrote it. */
  spec: string;
  goal: Goal;
}

const PORT = /^\d{1,5}$/;

function parsePort(text: string, spec: string): number {
  const port = PORT.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new InputError(`--target ${spec}: port must be a number from 1 to 65535`);
  return port;
}

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function resolveSpec(spec: string, model: NetworkModel): Target {
  const region = model.region;
  if (spec === 'internet') return { spec, goal: { kind: 'public', port: 443 } };
  if (spec === 'internet6') return { spec, goal: { kind: 'public6', port: 443, address: GLOBAL_UNICAST, any: true } };
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(spec);
  if (bracketed) {
    const address = parseCidr6(bracketed[1]);
    if (!address) throw new InputError(`--target ${spec}: ${bracketed[1]} is not an IPv6 address or block`);
    return { spec, goal: { kind: 'public6', port: parsePort(bracketed[2]!, spec), address, any: false } };
  }
  if (spec === 'ses') return { spec, goal: { kind: 'public', port: 443, host: `email.${region}.amazonaws.com`, service: 'email' } };
  if (spec === 'ses-smtp') return { spec, goal: { kind: 'public', port: 587, host: `email-smtp.${region}.amazonaws.com`, service: 'email-smtp' } };
  if (spec.startsWith('aws:')) {
    const service = spec.slice(4);
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(service)) throw new InputError(`--target ${spec}: expected aws:<service>, e.g. aws:sts`);
    return { spec, goal: { kind: 'public', port: 443, host: `${service}.${region}.amazonaws.com`, service } };
  }
  if (spec.startsWith('rds:')) {
    const id = spec.slice(4);
    const database = resolveDatabase(model, id);
    const proxy = database ? null : resolveProxy(model, id);
    if (proxy) return { spec, goal: proxyGoal(proxy, proxy.endpoint.host) };
    const found = database ?? unresolved(model, id);
    const hidden = found ? null : unresolvedProxyName(model, id);
    if (hidden) return { spec, goal: proxyGoal(hidden, undefined) };
    if (!found) throw new InputError(`--target ${spec}: no RDS instance, cluster or proxy named ${id} in ${region}`);
    return { spec, goal: { kind: 'database', port: found.port, host: found.host, database: found } };
  }
  const colon = spec.lastIndexOf(':');
  if (colon <= 0) throw new InputError(`--target ${spec}: expected internet, internet6, ses, ses-smtp, aws:<service>, rds:<id>, <ip>[/<len>]:<port>, [<ipv6>]:<port> or <host>:<port>`);
  const [where, port] = [spec.slice(0, colon), parsePort(spec.slice(colon + 1), spec)];
  if (/^[\d./]+$/.test(where)) {
    const address = parseCidr(where);
    if (!address) throw new InputError(`--target ${spec}: ${where} is not an IPv4 address or block`);
    return { spec, goal: addressGoal(model, address, port) };
  }
  if (where.includes(':')) throw new InputError(`--target ${spec}: write an IPv6 address in brackets, e.g. [2600::1]:443`);
  if (!HOST.test(where)) throw new InputError(`--target ${spec}: ${where} is not a host name`);
  const proxy = proxyByHost(model, where) ?? (PROXY_HOST.test(where) ? unresolvedProxyHost(model, where) : null);
  if (proxy) return { spec, goal: { ...proxyGoal(proxy, where), port } };
  const database = databaseByHost(model, where) ?? (/\.rds\.amazonaws\.com$/i.test(where) ? unresolved(model, where, port) : null);
  if (database) return { spec, goal: { kind: 'database', port, host: where, database } };
  return { spec, goal: { kind: 'public', port, host: where } };
}

/** `<proxy>.proxy-<hash>.<region>.rds.amazonaws.com` and `<endpoint>.endpoint.proxy-<hash>.…` (RDS Proxy endpoints). */
const PROXY_HOST = /^([a-z][a-z0-9-]*)\.(?:endpoint\.)?proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(?:\.cn)?$/i;

function proxyGoal(proxy: Proxy, host: string | undefined): Goal {
  return { kind: 'proxy', port: proxyPort(proxy), ...(host ? { host } : {}), proxy };
}

/** A proxy host while proxy data is missing: traced as unknown, named by its first label. */
function unresolvedProxyHost(model: NetworkModel, host: string): Proxy | null {
  const missing = missingProxyKey(model);
  const name = PROXY_HOST.exec(host)?.[1];
  return missing && name ? unresolvedProxy(name.toLowerCase(), missing) : null;
}

/** Private space (RFC 1918, CGNAT) or a known VPC's range is traced inside; the rest is public. */
function addressGoal(model: NetworkModel, address: Cidr, port: number): Goal {
  const inKnownVpc = [...model.vpcs.keys()].some((vpcId) => model.vpcCidrs(vpcId).some((c) => covers(c, address)));
  return inKnownVpc || !isPublic(address) ? { kind: 'address', port, address } : { kind: 'public', port, address };
}

/** internet, ses, and the databases the function's environment names or whose groups admit it. */
export function defaultTargetSpecs(model: NetworkModel, environment: Record<string, string> | undefined, groupIds: string[]): string[] {
  const specs = ['internet', 'ses'];
  const named = Object.values(environment ?? {})
    .map((value) => /^<redacted:rds(?:-proxy)?:([^>]+)>$/.exec(value)?.[1])
    .filter((id): id is string => id !== undefined);
  // A cluster's member instances are checked through the cluster.
  const standalone = [...model.dbInstances.values()].filter((i) => !i.DBClusterIdentifier).map((i) => ({ id: i.DBInstanceIdentifier, groups: i.VpcSecurityGroups }));
  const clusters = [...model.dbClusters.values()].map((c) => ({ id: c.DBClusterIdentifier, groups: c.VpcSecurityGroups }));
  const referencing = [...standalone, ...clusters]
    .filter((db) => (db.groups ?? []).some((g) => groupAdmits(model, g.VpcSecurityGroupId, groupIds)))
    .map((db) => db.id)
    .filter((id): id is string => id !== undefined);
  for (const id of [...named, ...referencing]) {
    if (!specs.includes(`rds:${id}`) && (resolveDatabase(model, id) || resolveProxy(model, id) || unresolved(model, id) || unresolvedProxyName(model, id))) specs.push(`rds:${id}`);
  }
  return specs;
}

/** A database we cannot see because RDS data is missing: traced as unknown, not "no such database". */
function unresolved(model: NetworkModel, id: string, port?: number): Database | null {
  const missing = missingRdsKey(model);
  return missing ? unresolvedDatabase(id, missing, port) : null;
}

/** A proxy named in the environment while proxy data is missing: traced as unknown. */
function unresolvedProxyName(model: NetworkModel, name: string): Proxy | null {
  const missing = missingProxyKey(model);
  return missing ? unresolvedProxy(name, missing) : null;
}

function groupAdmits(model: NetworkModel, groupId: string | undefined, sourceGroups: string[]): boolean {
  const group = groupId ? model.securityGroups.get(groupId) : undefined;
  return (group?.IpPermissions ?? []).some((p) => (p.UserIdGroupPairs ?? []).some((pair) => pair.GroupId && sourceGroups.includes(pair.GroupId)));
}

/** The specs without a parameter; the ones this build knows are those resolveSpec accepts. */
const KEYWORDS = ['internet', 'internet6', 'ses', 'ses-smtp'];

/**
 * The spec with what AWS treats as case-insensitive in lower case: the keywords and prefixes, host
 * names (DNS), and RDS identifiers (AWS stores them in lower case; an exact match still wins).
 */
function canonicalSpec(spec: string, model: NetworkModel): string {
  const lower = spec.toLowerCase();
  if (lower.startsWith('rds:')) {
    const id = spec.slice(4);
    return model.dbInstances.has(id) || model.dbClusters.has(id) || resolveProxy(model, id) ? `rds:${id}` : lower;
  }
  return /^[\d./]+:/.test(spec) ? spec : lower;
}

/** A target spec (case-insensitive where AWS is), keyed by the spec as written; a typo gets a suggestion. */
export function resolveTarget(spec: string, model: NetworkModel): Target {
  try {
    return { ...resolveSpec(canonicalSpec(spec, model), model), spec };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const hint = didYouMean(spec, suggestionsFor(spec, model));
    throw hint ? new InputError(`${error.message}${hint}`) : error;
  }
}

function suggestionsFor(spec: string, model: NetworkModel): string[] {
  if (spec.toLowerCase().startsWith('rds:')) return [...model.dbInstances.keys(), ...model.dbClusters.keys(), ...proxyNames(model)].map((id) => `rds:${id}`);
  if (spec.includes(':')) return [];
  return KEYWORDS.filter((k) => {
    try { resolveSpec(k, model); return true; } catch { return false; }
  });
}
