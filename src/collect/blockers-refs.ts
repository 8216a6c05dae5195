// Round 3 of the blockers (see blockers.ts) and the sections they fill. Every map keeps only what
// the VPCs use: the firewalls' policies, those policies' rule groups, the rules' domain lists.
import type {
  DBProxy, DBProxyTarget, Ec2Section, FirewallRule, NetworkFirewallDescription, NetworkFirewallPolicyDescription,
  NetworkFirewallRuleGroupDescription, NetworkFirewallSection, RdsSection, Route53ResolverSection, Route53Section, Vpc,
} from '../snapshot/types.js';
import type { BlockerClients, BlockerLists } from './blockers.js';
import type { Caller } from './call.js';

/** By id or ARN; undefined where that one resource was not found (deleted meanwhile). */
type Maybe<T> = Record<string, T | undefined>;

export interface BlockerDetails {
  firewalls?: Maybe<NetworkFirewallDescription>;
  policies?: Maybe<NetworkFirewallPolicyDescription>;
  ruleGroups?: Maybe<NetworkFirewallRuleGroupDescription>;
  dnsRules?: Maybe<FirewallRule[]>;
  dnsDomains?: Maybe<string[]>;
  proxyTargets?: Maybe<DBProxyTarget[]>;
}

/** The proxies a function of these VPCs can reach: in one of them, with an endpoint in one, or named by a function's environment. */
export function proxiesOfVpcs(lists: BlockerLists, vpcIds: string[]): DBProxy[] {
  const viaEndpoint = new Set((lists.proxyEndpoints ?? []).filter((e) => vpcIds.includes(e.VpcId ?? '')).map((e) => e.DBProxyName));
  const named = new Set(lists.namedProxies ?? []);
  return (lists.proxies ?? []).filter((p) => vpcIds.includes(p.VpcId ?? '') || viaEndpoint.has(p.DBProxyName) || named.has(p.DBProxyName ?? ''));
}

export const blockersNeedRound3 = (lists: BlockerLists, vpcIds: string[]): boolean =>
  (lists.firewalls ?? []).length + (lists.dnsAssociations ?? []).length + proxiesOfVpcs(lists, vpcIds).length > 0;

export async function describeBlockers(caller: Caller, c: BlockerClients, lists: BlockerLists, vpcIds: string[]): Promise<BlockerDetails> {
  const nfw = c.networkFirewall;
  const dns = c.route53Resolver;
  const firewalls = lists.firewalls ?? [];
  const anyFirewall = nfw !== undefined && firewalls.length > 0;
  const groupIds = [...new Set((lists.dnsAssociations ?? []).map((a) => a.FirewallRuleGroupId).filter(isId))];
  // AWS-managed domain lists (threat lists) cannot be listed; their rules are judged without them.
  const ownLists = groupIds.length > 0 ? (lists.dnsDomainLists ?? []).filter((l) => l.ManagedOwnerName === undefined && isId(l.Id)) : [];
  const proxies = proxiesOfVpcs(lists, vpcIds);
  const byArn = <T>(arns: string[], work: (arn: string) => Promise<T | undefined>) =>
    Promise.all(arns.map(async (arn) => [arn, await work(arn)] as const)).then(mapOrNothing);

  const [fw, policies, ruleGroups, dnsRules, dnsDomains, proxyTargets] = await Promise.all([
    anyFirewall ? byArn(firewalls.map((f) => f.FirewallArn).filter(isId), (FirewallArn) =>
      caller.one(nfw.client, nfw.module.DescribeFirewallCommand, 'network-firewall:DescribeFirewall', { FirewallArn }, { detail: FirewallArn, notFoundIsEmpty: true })) : undefined,
    anyFirewall && lists.firewallPolicies ? byArn(lists.firewallPolicies.map((p) => p.Arn).filter(isId), (FirewallPolicyArn) =>
      caller.one(nfw.client, nfw.module.DescribeFirewallPolicyCommand, 'network-firewall:DescribeFirewallPolicy', { FirewallPolicyArn }, { detail: FirewallPolicyArn, notFoundIsEmpty: true })) : undefined,
    anyFirewall && lists.ruleGroups ? byArn(lists.ruleGroups.map((g) => g.Arn).filter(isId), (RuleGroupArn) =>
      caller.one(nfw.client, nfw.module.DescribeRuleGroupCommand, 'network-firewall:DescribeRuleGroup', { RuleGroupArn }, { detail: RuleGroupArn, notFoundIsEmpty: true })) : undefined,
    dns && groupIds.length > 0 ? byArn(groupIds, (FirewallRuleGroupId) => caller.list<FirewallRule>(dns.client, dns.module.ListFirewallRulesCommand,
      'route53resolver:ListFirewallRules', { FirewallRuleGroupId }, 'FirewallRules', { detail: FirewallRuleGroupId, notFoundIsEmpty: true })) : undefined,
    dns && ownLists.length > 0 ? byArn(ownLists.map((l) => l.Id!), (FirewallDomainListId) => caller.list<string>(dns.client, dns.module.ListFirewallDomainsCommand,
      'route53resolver:ListFirewallDomains', { FirewallDomainListId }, 'Domains', { detail: FirewallDomainListId, notFoundIsEmpty: true })) : undefined,
    proxies.length > 0 ? byArn(proxies.map((p) => p.DBProxyName).filter(isId), (DBProxyName) => caller.list<DBProxyTarget>(c.rds, c.rdsModule.DescribeDBProxyTargetsCommand,
      'rds:DescribeDBProxyTargets', { DBProxyName }, 'Targets', { detail: DBProxyName, tokenIn: 'Marker', notFoundIsEmpty: true })) : undefined,
  ]);
  return {
    firewalls: withoutTokens(fw) as BlockerDetails['firewalls'], policies: withoutTokens(policies) as BlockerDetails['policies'], ruleGroups: withoutTokens(ruleGroups) as BlockerDetails['ruleGroups'],
    dnsRules, dnsDomains, proxyTargets,
  };
}

/** The snapshot sections, from both rounds. A denied call leaves its key out (its action is in `denied`). */
export function blockerSections(caller: Caller, lists: BlockerLists, details: BlockerDetails, ec2: Ec2Section, vpcIds: string[], withNetworkFirewall: boolean, withResolver: boolean) {
  const denied = (action: string) => caller.denied.has(action);
  const ec2More: Ec2Section = {};
  if (lists.bpaOptions !== undefined) ec2More.VpcBlockPublicAccessOptions = lists.bpaOptions;
  if (lists.bpaExclusions !== undefined) ec2More.VpcBlockPublicAccessExclusions = lists.bpaExclusions;
  if (lists.dhcpOptions !== undefined) {
    const used = new Set((ec2.Vpcs ?? []).map((v: Vpc) => v.DhcpOptionsId));
    ec2More.DhcpOptions = lists.dhcpOptions.filter((d) => used.has(d.DhcpOptionsId));
  }

  const rds: RdsSection = {};
  if (lists.proxies !== undefined) rds.DBProxies = proxiesOfVpcs(lists, vpcIds);
  if (lists.proxyEndpoints !== undefined) {
    const names = new Set((rds.DBProxies ?? lists.proxies ?? []).map((p) => p.DBProxyName));
    rds.DBProxyEndpoints = lists.proxyEndpoints.filter((e) => names.has(e.DBProxyName) || vpcIds.includes(e.VpcId ?? ''));
  }
  if (lists.proxies !== undefined && !denied('rds:DescribeDBProxyTargets')) rds.DBProxyTargets = compact(details.proxyTargets ?? {});

  let networkFirewall: NetworkFirewallSection | undefined;
  if (withNetworkFirewall) {
    networkFirewall = {};
    if (lists.firewalls !== undefined && !denied('network-firewall:DescribeFirewall')) networkFirewall.Firewalls = compact(details.firewalls ?? {});
    // What a firewall uses is known only from the firewall: unknown firewalls leave their policies unknown too.
    const fws = networkFirewall.Firewalls;
    const usedPolicies = new Set(Object.values(fws ?? {}).map((f) => f.Firewall?.FirewallPolicyArn));
    if (fws !== undefined && lists.firewallPolicies !== undefined && !denied('network-firewall:DescribeFirewallPolicy')) {
      networkFirewall.FirewallPolicies = pick(details.policies ?? {}, (arn) => usedPolicies.has(arn));
    }
    const policies = networkFirewall.FirewallPolicies;
    const usedGroups = new Set(Object.values(policies ?? {}).map((p) => p.FirewallPolicy)
      .flatMap((p) => [...(p?.StatelessRuleGroupReferences ?? []), ...(p?.StatefulRuleGroupReferences ?? [])].map((g) => g.ResourceArn)));
    if (policies !== undefined && lists.ruleGroups !== undefined && !denied('network-firewall:DescribeRuleGroup')) {
      networkFirewall.RuleGroups = pick(details.ruleGroups ?? {}, (arn) => usedGroups.has(arn));
    }
  }

  let route53Resolver: Route53ResolverSection | undefined;
  if (withResolver) {
    route53Resolver = {};
    const r = route53Resolver;
    if (lists.dnsAssociations !== undefined) r.FirewallRuleGroupAssociations = lists.dnsAssociations;
    if (lists.dnsAssociations !== undefined && !denied('route53resolver:ListFirewallRules')) r.FirewallRules = compact(details.dnsRules ?? {});
    // Unknown rules leave unknown which domain lists matter.
    const usedLists = new Set(Object.values(r.FirewallRules ?? {}).flat().map((rule) => rule.FirewallDomainListId));
    const rulesKnown = r.FirewallRules !== undefined && lists.dnsDomainLists !== undefined;
    if (rulesKnown) r.FirewallDomainLists = lists.dnsDomainLists!.filter((l) => usedLists.has(l.Id));
    if (rulesKnown && !denied('route53resolver:ListFirewallDomains')) r.FirewallDomains = pick(details.dnsDomains ?? {}, (id) => usedLists.has(id));
    if (lists.dnsConfigs !== undefined) r.FirewallConfigs = lists.dnsConfigs;
    if (lists.resolverAssociations !== undefined) r.ResolverRuleAssociations = lists.resolverAssociations;
    if (lists.resolverRules !== undefined) {
      const associated = new Set((lists.resolverAssociations ?? []).map((a) => a.ResolverRuleId));
      // Denied associations: keep every rule, so that what the VPC may use is still on record.
      r.ResolverRules = lists.resolverAssociations === undefined ? lists.resolverRules : lists.resolverRules.filter((rule) => associated.has(rule.Id));
    }
  }
  // Denied or not supported: the section is left out and the DNS hop is unknown, never "no zone there".
  const route53: Route53Section | undefined = lists.hostedZones !== undefined ? { HostedZoneSummaries: lists.hostedZones } : undefined;
  return { ec2: ec2More, rds, networkFirewall, route53Resolver, route53 };
}

/** Describe* answers carry an UpdateToken (for optimistic locking): not part of the network. */
function withoutTokens(map: Record<string, Record<string, unknown> | undefined> | undefined): Record<string, unknown> | undefined {
  if (map === undefined) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => {
    if (v === undefined) return [k, v];
    const { UpdateToken: _token, ...rest } = v;
    return [k, rest];
  }));
}

function compact<T>(map: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as Record<string, T>;
}

function pick<T>(map: Record<string, T | undefined>, keep: (key: string) => boolean): Record<string, T> {
  return compact(Object.fromEntries(Object.entries(map).filter(([k]) => keep(k))));
}

function mapOrNothing<T>(entries: (readonly [string, T | undefined])[]): Record<string, T | undefined> {
  return Object.fromEntries(entries);
}

const isId = (id: string | undefined): id is string => typeof id === 'string' && id !== '';
