// The snapshot shapes of the blockers beyond routes and filters (issue 9): VPC Block Public Access and DHCP
// options (ec2), RDS Proxy (rds), and the networkFirewall, route53Resolver and route53 sections (contract §3).
import type { Tag } from './types.js';

/** DescribeVpcBlockPublicAccessOptions: the Region's BPA mode (off | block-bidirectional | block-ingress). */
export interface VpcBlockPublicAccessOptions {
  AwsAccountId?: string; AwsRegion?: string; State?: string; InternetGatewayBlockMode?: string; Reason?: string;
  ManagedBy?: string; ExclusionsAllowed?: string; LastUpdateTimestamp?: unknown;
}

/** DescribeVpcBlockPublicAccessExclusions: a VPC or subnet (ResourceArn) exempted: allow-bidirectional | allow-egress. */
export interface VpcBlockPublicAccessExclusion { ExclusionId?: string; InternetGatewayExclusionMode?: string; ResourceArn?: string; State?: string; Reason?: string; Tags?: Tag[] }

export interface DhcpOptions { DhcpOptionsId?: string; OwnerId?: string; DhcpConfigurations?: { Key?: string; Values?: { Value?: string }[] }[]; Tags?: Tag[] }

export interface DBProxy {
  DBProxyName?: string; DBProxyArn?: string; Status?: string; EngineFamily?: string; VpcId?: string;
  VpcSecurityGroupIds?: string[]; VpcSubnetIds?: string[]; Endpoint?: string; RequireTLS?: boolean;
}

/** DescribeDBProxyEndpoints: extra endpoints of a proxy; one can sit in another VPC than its proxy. */
export interface DBProxyEndpoint {
  DBProxyEndpointName?: string; DBProxyEndpointArn?: string; DBProxyName?: string; Status?: string; VpcId?: string;
  VpcSecurityGroupIds?: string[]; VpcSubnetIds?: string[]; Endpoint?: string; TargetRole?: string; IsDefault?: boolean;
}

/** DescribeDBProxyTargets: TargetHealth is AWS's own verdict on the proxy → database hop. */
export interface DBProxyTarget {
  TargetArn?: string; Endpoint?: string; TrackedClusterId?: string; RdsResourceId?: string; Port?: number; Type?: string; Role?: string;
  TargetHealth?: { State?: string; Reason?: string; Description?: string };
}

// ---- networkFirewall (AWS Network Firewall), keyed by ARN (contract §3) ----

export interface NetworkFirewallSyncState { Attachment?: { SubnetId?: string; EndpointId?: string; Status?: string; StatusMessage?: string }; Config?: Record<string, unknown> }

export interface NetworkFirewallDescription {
  Firewall?: {
    FirewallName?: string; FirewallArn?: string; FirewallId?: string; FirewallPolicyArn?: string; VpcId?: string;
    SubnetMappings?: { SubnetId?: string; IPAddressType?: string }[];
  };
  /** SyncStates is keyed by Availability Zone name. */
  FirewallStatus?: { Status?: string; ConfigurationSyncStateSummary?: string; SyncStates?: Record<string, NetworkFirewallSyncState> };
}

export interface NetworkFirewallPolicyDescription {
  FirewallPolicyResponse?: { FirewallPolicyName?: string; FirewallPolicyArn?: string; FirewallPolicyStatus?: string };
  FirewallPolicy?: {
    StatelessRuleGroupReferences?: { ResourceArn?: string; Priority?: number }[];
    StatelessDefaultActions?: string[]; StatelessFragmentDefaultActions?: string[];
    StatefulRuleGroupReferences?: { ResourceArn?: string; Priority?: number; Override?: { Action?: string } }[];
    StatefulDefaultActions?: string[];
    StatefulEngineOptions?: { RuleOrder?: string; StreamExceptionPolicy?: string };
  };
}

export interface NetworkFirewallAddress { AddressDefinition?: string }
export interface NetworkFirewallPortRange { FromPort?: number; ToPort?: number }

export interface NetworkFirewallStatelessRule {
  Priority?: number;
  RuleDefinition?: {
    Actions?: string[];
    MatchAttributes?: {
      Sources?: NetworkFirewallAddress[]; Destinations?: NetworkFirewallAddress[];
      SourcePorts?: NetworkFirewallPortRange[]; DestinationPorts?: NetworkFirewallPortRange[]; Protocols?: number[]; TCPFlags?: unknown[];
    };
  };
}

export interface NetworkFirewallStatefulRule {
  Action?: string;
  Header?: { Protocol?: string; Source?: string; SourcePort?: string; Direction?: string; Destination?: string; DestinationPort?: string };
  RuleOptions?: { Keyword?: string; Settings?: string[] }[];
}

export interface NetworkFirewallRuleGroupDescription {
  RuleGroupResponse?: { RuleGroupArn?: string; RuleGroupName?: string; Type?: string; RuleGroupStatus?: string; Capacity?: number };
  RuleGroup?: {
    RuleVariables?: unknown;
    RulesSource?: {
      RulesString?: string;
      /** Domain list: GeneratedRulesType ALLOWLIST | DENYLIST (| REJECTLIST), TargetTypes TLS_SNI | HTTP_HOST. */
      RulesSourceList?: { Targets?: string[]; TargetTypes?: string[]; GeneratedRulesType?: string };
      StatefulRules?: NetworkFirewallStatefulRule[];
      StatelessRulesAndCustomActions?: { StatelessRules?: NetworkFirewallStatelessRule[]; CustomActions?: unknown[] };
    };
    StatefulRuleOptions?: { RuleOrder?: string };
  };
}

export interface NetworkFirewallSection {
  /** DescribeFirewall per firewall of the VPCs (ListFirewalls VpcIds), by FirewallArn. */
  Firewalls?: Record<string, NetworkFirewallDescription>;
  /** DescribeFirewallPolicy by FirewallPolicyArn. */
  FirewallPolicies?: Record<string, NetworkFirewallPolicyDescription>;
  /** DescribeRuleGroup by RuleGroupArn. */
  RuleGroups?: Record<string, NetworkFirewallRuleGroupDescription>;
}

// ---- route53Resolver: DNS Firewall and forwarding rules of the VPCs ----

export interface FirewallRuleGroupAssociation { Id?: string; Arn?: string; FirewallRuleGroupId?: string; VpcId?: string; Name?: string; Priority?: number; Status?: string; ManagedOwnerName?: string }

export interface FirewallRule {
  FirewallRuleGroupId?: string; FirewallDomainListId?: string; Name?: string; Priority?: number;
  /** ALLOW | BLOCK | ALERT; a BLOCK answers NODATA | NXDOMAIN | OVERRIDE (BlockOverrideDomain). */
  Action?: string; BlockResponse?: string; BlockOverrideDomain?: string; BlockOverrideDnsType?: string; Qtype?: string;
  FirewallDomainRedirectionAction?: string;
}

export interface FirewallDomainList { Id?: string; Arn?: string; Name?: string; ManagedOwnerName?: string }

export interface ResolverRuleAssociation { Id?: string; ResolverRuleId?: string; Name?: string; VPCId?: string; Status?: string }

export interface ResolverRule {
  Id?: string; Arn?: string; DomainName?: string; Status?: string; RuleType?: string; Name?: string;
  TargetIps?: { Ip?: string; Ipv6?: string; Port?: number; Protocol?: string }[]; ResolverEndpointId?: string; OwnerId?: string; ShareStatus?: string;
}

export interface Route53ResolverSection {
  /** ListFirewallRuleGroupAssociations, once per VPC (VpcId), merged. */
  FirewallRuleGroupAssociations?: FirewallRuleGroupAssociation[];
  /** ListFirewallRules by FirewallRuleGroupId. */
  FirewallRules?: Record<string, FirewallRule[]>;
  /** ListFirewallDomainLists (the Region's). */
  FirewallDomainLists?: FirewallDomainList[];
  /** ListFirewallDomains by FirewallDomainListId (the lists that rules of the VPCs use; AWS-managed lists cannot be listed). */
  FirewallDomains?: Record<string, string[]>;
  /** GetFirewallConfig by VPC id: FirewallFailOpen ENABLED | DISABLED. */
  FirewallConfigs?: Record<string, { Id?: string; ResourceId?: string; FirewallFailOpen?: string }>;
  /** ListResolverRuleAssociations filtered by VPCId, merged. */
  ResolverRuleAssociations?: ResolverRuleAssociation[];
  /** ListResolverRules: the rules those associations name. */
  ResolverRules?: ResolverRule[];
}

// ---- route53: private hosted zones associated with the VPCs ----

export interface HostedZoneSummary { HostedZoneId?: string; Name?: string; Owner?: { OwningAccount?: string; OwningService?: string } }

export interface Route53Section {
  /** ListHostedZonesByVPC by VPC id. */
  HostedZoneSummaries?: Record<string, HostedZoneSummary[]>;
}

export const NETWORK_FIREWALL_KEY_ACTIONS: Record<keyof NetworkFirewallSection, string> = {
  Firewalls: 'network-firewall:DescribeFirewall',
  FirewallPolicies: 'network-firewall:DescribeFirewallPolicy',
  RuleGroups: 'network-firewall:DescribeRuleGroup',
};

export const ROUTE53_RESOLVER_KEY_ACTIONS: Record<keyof Route53ResolverSection, string> = {
  FirewallRuleGroupAssociations: 'route53resolver:ListFirewallRuleGroupAssociations',
  FirewallRules: 'route53resolver:ListFirewallRules',
  FirewallDomainLists: 'route53resolver:ListFirewallDomainLists',
  FirewallDomains: 'route53resolver:ListFirewallDomains',
  FirewallConfigs: 'route53resolver:GetFirewallConfig',
  ResolverRuleAssociations: 'route53resolver:ListResolverRuleAssociations',
  ResolverRules: 'route53resolver:ListResolverRules',
};
