// Blockers beyond routes and filters, in the same rounds as the rest (contract §3 sections
// networkFirewall, route53Resolver, route53; BPA, DHCP options and RDS Proxy in ec2 / rds):
//   round 2: the Region's BPA options and exclusions, DHCP option sets, RDS proxies and their endpoints,
//            the firewalls of the VPCs (ListFirewalls VpcIds) with the Region's policy and rule-group
//            names, the VPCs' DNS Firewall associations and configs, Resolver rule associations and rules,
//            the private hosted zones associated with each VPC (Route 53 ListHostedZonesByVPC);
//   round 3: what those name: DescribeFirewall / DescribeFirewallPolicy / DescribeRuleGroup, the DNS
//            Firewall rules and their domain lists, the targets of the proxies that touch the VPCs.
// Policies and rule groups cannot wait for DescribeFirewall to name them (a fourth round), so round 3
// describes the Region's (listed in round 2) and keeps only those the firewalls use.
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type {
  DBProxy, DBProxyEndpoint, DhcpOptions, FirewallDomainList, FirewallRuleGroupAssociation, HostedZoneSummary, ResolverRule, ResolverRuleAssociation,
  VpcBlockPublicAccessExclusion, VpcBlockPublicAccessOptions,
} from '../snapshot/types.js';
import type { Caller, Sender } from './call.js';
import type { Ec2Module, RdsModule } from './vpc.js';

export type NetworkFirewallModule = typeof import('@aws-sdk/client-network-firewall');
export type Route53ResolverModule = typeof import('@aws-sdk/client-route53resolver');
export type Route53Module = typeof import('@aws-sdk/client-route-53');

export interface BlockerClients {
  ec2: Sender; ec2Module: Ec2Module;
  rds: Sender; rdsModule: RdsModule;
  networkFirewall?: { client: NetworkFirewallClient; module: NetworkFirewallModule };
  route53Resolver?: { client: Route53ResolverClient; module: Route53ResolverModule };
  route53?: { client: Route53Client; module: Route53Module };
}

interface Named { Name?: string; Arn?: string }

/** Round 2's answers; undefined = denied or not supported (left out of the snapshot). */
export interface BlockerLists {
  bpaOptions?: VpcBlockPublicAccessOptions;
  bpaExclusions?: VpcBlockPublicAccessExclusion[];
  dhcpOptions?: DhcpOptions[];
  proxies?: DBProxy[];
  proxyEndpoints?: DBProxyEndpoint[];
  /** Proxies the functions' environments name (by endpoint host), wherever they are. */
  namedProxies?: string[];
  firewalls?: { FirewallArn?: string; FirewallName?: string }[];
  firewallPolicies?: Named[];
  ruleGroups?: Named[];
  dnsAssociations?: FirewallRuleGroupAssociation[];
  dnsDomainLists?: FirewallDomainList[];
  dnsConfigs?: Record<string, { Id?: string; ResourceId?: string; FirewallFailOpen?: string }>;
  resolverAssociations?: ResolverRuleAssociation[];
  resolverRules?: ResolverRule[];
  /** Private hosted zones by VPC id (ListHostedZonesByVPC); undefined if any VPC's call was denied. */
  hostedZones?: Record<string, HostedZoneSummary[]>;
}

const skip = Promise.resolve(undefined);

/** `region`: the functions' Region, which is the VPCs' (a function attaches only to a VPC of its Region). */
export async function listBlockers(caller: Caller, c: BlockerClients, vpcIds: string[], region: string): Promise<BlockerLists> {
  const detail = vpcIds.join(',');
  const m = c.ec2Module;
  const r = c.rdsModule;
  const nfw = c.networkFirewall;
  const dns = c.route53Resolver;
  const perVpc = <T>(work: (vpcId: string) => Promise<T[] | undefined>) => Promise.all(vpcIds.map(work)).then(allOrNothing);
  const [
    bpa, bpaExclusions, dhcpOptions, proxies, proxyEndpoints, firewalls, firewallPolicies, ruleGroups,
    dnsAssociations, dnsDomainLists, dnsConfigs, resolverAssociations, resolverRules, hostedZones,
  ] = await Promise.all([
    caller.one(c.ec2, m.DescribeVpcBlockPublicAccessOptionsCommand, 'ec2:DescribeVpcBlockPublicAccessOptions', {}),
    caller.list<VpcBlockPublicAccessExclusion>(c.ec2, m.DescribeVpcBlockPublicAccessExclusionsCommand, 'ec2:DescribeVpcBlockPublicAccessExclusions', {}, 'VpcBlockPublicAccessExclusions'),
    // No VPC filter names the set a VPC uses before DescribeVpcs answers: the Region's few, kept if used.
    caller.list<DhcpOptions>(c.ec2, m.DescribeDhcpOptionsCommand, 'ec2:DescribeDhcpOptions', {}, 'DhcpOptions'),
    caller.list<DBProxy>(c.rds, r.DescribeDBProxiesCommand, 'rds:DescribeDBProxies', {}, 'DBProxies', { tokenIn: 'Marker' }),
    caller.list<DBProxyEndpoint>(c.rds, r.DescribeDBProxyEndpointsCommand, 'rds:DescribeDBProxyEndpoints', {}, 'DBProxyEndpoints', { tokenIn: 'Marker' }),
    nfw ? caller.list<{ FirewallArn?: string }>(nfw.client, nfw.module.ListFirewallsCommand, 'network-firewall:ListFirewalls', { VpcIds: vpcIds }, 'Firewalls', { detail }) : skip,
    nfw ? caller.list<Named>(nfw.client, nfw.module.ListFirewallPoliciesCommand, 'network-firewall:ListFirewallPolicies', {}, 'FirewallPolicies') : skip,
    nfw ? caller.list<Named>(nfw.client, nfw.module.ListRuleGroupsCommand, 'network-firewall:ListRuleGroups', {}, 'RuleGroups') : skip,
    dns ? perVpc((VpcId) => caller.list<FirewallRuleGroupAssociation>(dns.client, dns.module.ListFirewallRuleGroupAssociationsCommand,
      'route53resolver:ListFirewallRuleGroupAssociations', { VpcId }, 'FirewallRuleGroupAssociations', { detail: VpcId })) : skip,
    dns ? caller.list<FirewallDomainList>(dns.client, dns.module.ListFirewallDomainListsCommand, 'route53resolver:ListFirewallDomainLists', {}, 'FirewallDomainLists') : skip,
    dns ? firewallConfigs(caller, dns, vpcIds) : skip,
    dns ? perVpc((VpcId) => caller.list<ResolverRuleAssociation>(dns.client, dns.module.ListResolverRuleAssociationsCommand,
      'route53resolver:ListResolverRuleAssociations', { Filters: [{ Name: 'VPCId', Values: [VpcId] }] }, 'ResolverRuleAssociations', { detail: VpcId })) : skip,
    dns ? caller.list<ResolverRule>(dns.client, dns.module.ListResolverRulesCommand, 'route53resolver:ListResolverRules', {}, 'ResolverRules') : skip,
    c.route53 ? listPrivateZones(caller, c.route53, vpcIds, region) : skip,
  ]);
  const lists: BlockerLists = {
    bpaOptions: (bpa?.VpcBlockPublicAccessOptions ?? undefined) as VpcBlockPublicAccessOptions | undefined,
    bpaExclusions, dhcpOptions, proxies, proxyEndpoints, firewalls, firewallPolicies, ruleGroups,
    dnsAssociations, dnsDomainLists, dnsConfigs, resolverAssociations, resolverRules, hostedZones,
  };
  return lists;
}

async function firewallConfigs(caller: Caller, dns: NonNullable<BlockerClients['route53Resolver']>, vpcIds: string[]): Promise<BlockerLists['dnsConfigs']> {
  const answers = await Promise.all(vpcIds.map(async (ResourceId) => [ResourceId, await caller.one(dns.client, dns.module.GetFirewallConfigCommand,
    'route53resolver:GetFirewallConfig', { ResourceId }, { detail: ResourceId })] as const));
  if (answers.some(([, output]) => output === undefined)) return undefined;
  return Object.fromEntries(answers.map(([id, output]) => [id, (output?.FirewallConfig ?? {}) as { FirewallFailOpen?: string }]));
}

/** Every private hosted zone associated with each VPC, whichever account or service owns it (a zone shared
 *  through a VPC association authorisation is listed too). Paginated by NextToken, up to 100 a page. */
export async function listPrivateZones(caller: Caller, r53: NonNullable<BlockerClients['route53']>, vpcIds: string[], VPCRegion: string): Promise<BlockerLists['hostedZones']> {
  const answers = await Promise.all(vpcIds.map(async (VPCId) => [VPCId, await caller.list<HostedZoneSummary>(r53.client, r53.module.ListHostedZonesByVPCCommand,
    'route53:ListHostedZonesByVPC', { VPCId, VPCRegion }, 'HostedZoneSummaries', { detail: VPCId })] as const));
  if (answers.some(([, zones]) => zones === undefined)) return undefined;
  return Object.fromEntries(answers.map(([id, zones]) => [id, zones!]));
}

/** One answer per VPC merged; undefined if any was denied (a partial list would read as "none there"). */
function allOrNothing<T>(answers: (T[] | undefined)[]): T[] | undefined {
  return answers.some((a) => a === undefined) ? undefined : answers.flat() as T[];
}
