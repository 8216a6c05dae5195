// replay.ts for the blockers' calls (BPA, DHCP options, RDS Proxy, Network Firewall, Route 53
// Resolver, Route 53's private hosted zones). A key the snapshot does not hold is served as an action this endpoint does not
// implement, so that collecting it again leaves it out again.
import type { Snapshot } from '../snapshot/types.js';

type Item = Record<string, unknown>;
export type Page = (items: unknown[], key: string, token: unknown, tokenOut: string) => Record<string, unknown>;

export const IAM_PREFIX = { lambda: 'lambda', ec2: 'ec2', rds: 'rds', networkFirewall: 'network-firewall', route53Resolver: 'route53resolver', route53: 'route53' } as const;

export const BLOCKER_ACTIONS = {
  ec2: ['DescribeVpcBlockPublicAccessOptions', 'DescribeVpcBlockPublicAccessExclusions', 'DescribeDhcpOptions'],
  rds: ['DescribeDBProxies', 'DescribeDBProxyEndpoints', 'DescribeDBProxyTargets'],
  networkFirewall: ['ListFirewalls', 'ListFirewallPolicies', 'ListRuleGroups', 'DescribeFirewall', 'DescribeFirewallPolicy', 'DescribeRuleGroup'],
  route53Resolver: [
    'ListFirewallRuleGroupAssociations', 'ListFirewallRules', 'ListFirewallDomainLists', 'ListFirewallDomains', 'GetFirewallConfig',
    'ListResolverRuleAssociations', 'ListResolverRules',
  ],
  route53: ['ListHostedZonesByVPC'],
} as const;

export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 1 } });
}

const notImplemented = (action: string) => awsError('UnknownOperationException', `${action} is not implemented by this endpoint`, 400);
const notFound = (what: string, name = 'ResourceNotFoundException') => awsError(name, `${what} not found`, 404);

function held<T>(value: T | undefined, action: string): T {
  if (value === undefined) throw notImplemented(action);
  return value;
}

/** Answers one blocker call, or returns undefined when `action` is none of them. */
export function replayBlocker(snapshot: Snapshot, service: string, action: string, input: Item, page: Page): Record<string, unknown> | undefined {
  const nfw = snapshot.networkFirewall;
  const dns = snapshot.route53Resolver;
  const rdsToken = input.Marker;
  const token = input.NextToken;
  switch (`${service}:${action}`) {
    case 'ec2:DescribeVpcBlockPublicAccessOptions':
      return { VpcBlockPublicAccessOptions: held(snapshot.ec2.VpcBlockPublicAccessOptions, action) };
    case 'ec2:DescribeVpcBlockPublicAccessExclusions':
      return page(held(snapshot.ec2.VpcBlockPublicAccessExclusions, action), 'VpcBlockPublicAccessExclusions', token, 'NextToken');
    case 'ec2:DescribeDhcpOptions':
      return page(held(snapshot.ec2.DhcpOptions, action), 'DhcpOptions', token, 'NextToken');
    case 'rds:DescribeDBProxies':
      return page(held(snapshot.rds.DBProxies, action), 'DBProxies', rdsToken, 'Marker');
    case 'rds:DescribeDBProxyEndpoints':
      return page(held(snapshot.rds.DBProxyEndpoints, action), 'DBProxyEndpoints', rdsToken, 'Marker');
    case 'rds:DescribeDBProxyTargets': {
      const targets = held(snapshot.rds.DBProxyTargets, action)[String(input.DBProxyName)];
      if (targets === undefined) throw notFound(`DB proxy ${String(input.DBProxyName)}`, 'DBProxyNotFoundFault');
      return page(targets, 'Targets', rdsToken, 'Marker');
    }
    case 'networkFirewall:ListFirewalls': {
      const wanted = (input.VpcIds as string[] | undefined) ?? [];
      const firewalls = Object.entries(held(nfw?.Firewalls, action))
        .filter(([, f]) => wanted.length === 0 || wanted.includes(f.Firewall?.VpcId ?? ''))
        .map(([arn, f]) => ({ FirewallArn: arn, FirewallName: f.Firewall?.FirewallName }));
      return page(firewalls, 'Firewalls', token, 'NextToken');
    }
    case 'networkFirewall:ListFirewallPolicies':
      return page(Object.entries(held(nfw?.FirewallPolicies, action)).map(([arn, p]) => ({ Arn: arn, Name: p.FirewallPolicyResponse?.FirewallPolicyName })), 'FirewallPolicies', token, 'NextToken');
    case 'networkFirewall:ListRuleGroups':
      return page(Object.entries(held(nfw?.RuleGroups, action)).map(([arn, g]) => ({ Arn: arn, Name: g.RuleGroupResponse?.RuleGroupName })), 'RuleGroups', token, 'NextToken');
    case 'networkFirewall:DescribeFirewall':
      return { UpdateToken: 'token', ...entry(held(nfw?.Firewalls, action), input.FirewallArn) };
    case 'networkFirewall:DescribeFirewallPolicy':
      return { UpdateToken: 'token', ...entry(held(nfw?.FirewallPolicies, action), input.FirewallPolicyArn) };
    case 'networkFirewall:DescribeRuleGroup':
      return { UpdateToken: 'token', ...entry(held(nfw?.RuleGroups, action), input.RuleGroupArn) };
    case 'route53Resolver:ListFirewallRuleGroupAssociations':
      return page(held(dns?.FirewallRuleGroupAssociations, action).filter((a) => input.VpcId === undefined || a.VpcId === input.VpcId), 'FirewallRuleGroupAssociations', token, 'NextToken');
    case 'route53Resolver:ListFirewallRules':
      return page(entry(held(dns?.FirewallRules, action), input.FirewallRuleGroupId), 'FirewallRules', token, 'NextToken');
    case 'route53Resolver:ListFirewallDomainLists':
      return page(held(dns?.FirewallDomainLists, action), 'FirewallDomainLists', token, 'NextToken');
    case 'route53Resolver:ListFirewallDomains':
      return page(entry(held(dns?.FirewallDomains, action), input.FirewallDomainListId), 'Domains', token, 'NextToken');
    case 'route53Resolver:GetFirewallConfig': {
      const id = String(input.ResourceId);
      // A VPC never configured answers the default: fail closed.
      return { FirewallConfig: held(dns?.FirewallConfigs, action)[id] ?? { ResourceId: id, FirewallFailOpen: 'DISABLED' } };
    }
    case 'route53Resolver:ListResolverRuleAssociations': {
      const vpcFilter = ((input.Filters as { Name?: string; Values?: string[] }[] | undefined) ?? []).find((f) => f.Name === 'VPCId');
      return page(held(dns?.ResolverRuleAssociations, action).filter((a) => vpcFilter === undefined || (vpcFilter.Values ?? []).includes(a.VPCId ?? '')), 'ResolverRuleAssociations', token, 'NextToken');
    }
    case 'route53Resolver:ListResolverRules':
      return page(held(dns?.ResolverRules, action), 'ResolverRules', token, 'NextToken');
    case 'route53:ListHostedZonesByVPC':
      // The VPC is named with its Region (Route 53 is global); a VPC with no zone listed has none.
      if (input.VPCRegion !== snapshot.region) throw awsError('InvalidVPCId', `VPC ${String(input.VPCId)} is not in ${String(input.VPCRegion)}`, 400);
      return page(held(snapshot.route53?.HostedZoneSummaries, action)[String(input.VPCId)] ?? [], 'HostedZoneSummaries', token, 'NextToken');
    default:
      return undefined;
  }
}

function entry<T>(map: Record<string, T>, key: unknown): T {
  const found = map[String(key)];
  if (found === undefined) throw notFound(String(key));
  return structuredClone(found);
}
