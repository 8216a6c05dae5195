// The TypeBox shapes of the blockers' sections (issue 9; types in services.ts): VPC Block Public Access
// and DHCP options (ec2), RDS Proxy (rds), networkFirewall, route53Resolver, route53. Values that decide
// a verdict are checked by value (BPA modes and exclusion states, DNS Firewall actions, domain-list
// types, Network Firewall rule order and attachment status): a misspelt mode must be an input error,
// not a silent "off".
import { Type } from '@sinclair/typebox';
import { arr, bool, num, obj, oneOf, port, rec, str, strs, tags } from './schema-parts.js';

const bpaMode = oneOf(['off', 'block-bidirectional', 'block-ingress'], 'a BPA mode: off, block-bidirectional or block-ingress');
const exclusionMode = oneOf(['allow-bidirectional', 'allow-egress'], 'an exclusion mode: allow-bidirectional or allow-egress');
const exclusionState = oneOf([
  'create-in-progress', 'create-complete', 'create-failed', 'update-in-progress', 'update-complete', 'update-failed',
  'delete-in-progress', 'delete-complete', 'disable-in-progress', 'disable-complete',
], 'an exclusion state such as create-complete');

export const bpaStates = obj({ InternetGatewayBlockMode: bpaMode });

export const bpaOptions = obj({
  AwsAccountId: str, AwsRegion: str, Reason: str, LastUpdateTimestamp: Type.Unknown(),
  State: oneOf(['default-state', 'update-in-progress', 'update-complete'], 'a BPA options state: default-state, update-in-progress or update-complete'),
  InternetGatewayBlockMode: bpaMode,
  ManagedBy: oneOf(['account', 'declarative-policy'], 'account or declarative-policy'),
  ExclusionsAllowed: oneOf(['allowed', 'not-allowed'], 'allowed or not-allowed'),
});

export const bpaExclusion = obj({
  ExclusionId: str, InternetGatewayExclusionMode: exclusionMode, ResourceArn: str, State: exclusionState, Reason: str, Tags: tags,
});

export const dhcpOptions = obj({
  DhcpOptionsId: str, OwnerId: str, Tags: tags,
  DhcpConfigurations: arr(obj({ Key: str, Values: arr(obj({ Value: str })) })),
});

/** NatGateway.AttachedAppliances (the Query API's AttachedApplianceSet): a Network Firewall proxy on the NAT gateway. */
export const natAttachedAppliance = obj({
  Type: str, ApplianceArn: str, VpcEndpointId: str, FailureCode: str, FailureMessage: str,
  AttachmentState: oneOf(['attaching', 'attached', 'attach-failed', 'detaching', 'detached', 'detach-failed'], 'an appliance attachment state such as attached'),
  ModificationState: str,
});

const proxyPlace = { VpcId: str, VpcSecurityGroupIds: strs, VpcSubnetIds: strs, Endpoint: str, Status: str };

export const rdsProxySections = {
  DBProxies: arr(obj({ DBProxyName: str, DBProxyArn: str, EngineFamily: str, RequireTLS: bool, ...proxyPlace })),
  DBProxyEndpoints: arr(obj({ DBProxyEndpointName: str, DBProxyEndpointArn: str, DBProxyName: str, TargetRole: str, IsDefault: bool, ...proxyPlace })),
  DBProxyTargets: rec(arr(obj({
    TargetArn: str, Endpoint: str, TrackedClusterId: str, RdsResourceId: str, Port: port, Type: str, Role: str,
    TargetHealth: obj({
      State: oneOf(['REGISTERING', 'AVAILABLE', 'UNAVAILABLE', 'UNUSED'], 'a target health state: REGISTERING, AVAILABLE, UNAVAILABLE or UNUSED'),
      Reason: str, Description: str,
    }),
  }))),
};

const ruleOrder = oneOf(['DEFAULT_ACTION_ORDER', 'STRICT_ORDER'], 'DEFAULT_ACTION_ORDER or STRICT_ORDER');
const address = arr(obj({ AddressDefinition: str }));
const portRanges = arr(obj({ FromPort: port, ToPort: port }));
const actions = strs;

const ruleGroup = obj({
  RuleGroupResponse: obj({ RuleGroupArn: str, RuleGroupName: str, Type: str, RuleGroupStatus: str, Capacity: num }),
  RuleGroup: obj({
    RuleVariables: Type.Unknown(),
    RulesSource: obj({
      RulesString: str,
      RulesSourceList: obj({
        Targets: strs, TargetTypes: arr(oneOf(['TLS_SNI', 'HTTP_HOST'], 'TLS_SNI or HTTP_HOST')),
        GeneratedRulesType: oneOf(['ALLOWLIST', 'DENYLIST', 'REJECTLIST', 'ALERTLIST'], 'ALLOWLIST, DENYLIST, REJECTLIST or ALERTLIST'),
      }),
      StatefulRules: arr(obj({
        Action: str,
        Header: obj({ Protocol: str, Source: str, SourcePort: str, Direction: str, Destination: str, DestinationPort: str }),
        RuleOptions: arr(obj({ Keyword: str, Settings: strs })),
      })),
      StatelessRulesAndCustomActions: obj({
        StatelessRules: arr(obj({
          Priority: num,
          RuleDefinition: obj({
            Actions: actions,
            MatchAttributes: obj({ Sources: address, Destinations: address, SourcePorts: portRanges, DestinationPorts: portRanges, Protocols: arr(num), TCPFlags: arr(Type.Unknown()) }),
          }),
        })),
        CustomActions: arr(Type.Unknown()),
      }),
    }),
    StatefulRuleOptions: obj({ RuleOrder: ruleOrder }),
  }),
});

export const networkFirewallSection = obj({
  Firewalls: rec(obj({
    Firewall: obj({
      FirewallName: str, FirewallArn: str, FirewallId: str, FirewallPolicyArn: str, VpcId: str,
      SubnetMappings: arr(obj({ SubnetId: str, IPAddressType: str })),
    }),
    FirewallStatus: obj({
      Status: str, ConfigurationSyncStateSummary: str,
      SyncStates: rec(obj({
        Attachment: obj({
          SubnetId: str, EndpointId: str, StatusMessage: str,
          Status: oneOf(['CREATING', 'DELETING', 'ERROR', 'FAILED', 'READY', 'SCALING'], 'an attachment status such as READY'),
        }),
        Config: Type.Unknown(),
      })),
    }),
  })),
  FirewallPolicies: rec(obj({
    FirewallPolicyResponse: obj({ FirewallPolicyName: str, FirewallPolicyArn: str, FirewallPolicyStatus: str }),
    FirewallPolicy: obj({
      StatelessRuleGroupReferences: arr(obj({ ResourceArn: str, Priority: num })),
      StatelessDefaultActions: actions, StatelessFragmentDefaultActions: actions,
      StatefulRuleGroupReferences: arr(obj({ ResourceArn: str, Priority: num, Override: obj({ Action: oneOf(['DROP_TO_ALERT'], 'DROP_TO_ALERT') }) })),
      StatefulDefaultActions: actions,
      StatefulEngineOptions: obj({ RuleOrder: ruleOrder, StreamExceptionPolicy: str }),
    }),
  })),
  RuleGroups: rec(ruleGroup),
});

export const route53ResolverSection = obj({
  FirewallRuleGroupAssociations: arr(obj({ Id: str, Arn: str, FirewallRuleGroupId: str, VpcId: str, Name: str, Priority: num, Status: str, ManagedOwnerName: str })),
  FirewallRules: rec(arr(obj({
    FirewallRuleGroupId: str, FirewallDomainListId: str, Name: str, Priority: num,
    Action: oneOf(['ALLOW', 'BLOCK', 'ALERT'], 'ALLOW, BLOCK or ALERT'),
    BlockResponse: oneOf(['NODATA', 'NXDOMAIN', 'OVERRIDE'], 'NODATA, NXDOMAIN or OVERRIDE'),
    BlockOverrideDomain: str, BlockOverrideDnsType: str, Qtype: str, FirewallDomainRedirectionAction: str,
  }))),
  FirewallDomainLists: arr(obj({ Id: str, Arn: str, Name: str, ManagedOwnerName: str })),
  FirewallDomains: rec(strs),
  FirewallConfigs: rec(obj({ Id: str, ResourceId: str, FirewallFailOpen: str })),
  ResolverRuleAssociations: arr(obj({ Id: str, ResolverRuleId: str, Name: str, VPCId: str, Status: str })),
  ResolverRules: arr(obj({
    Id: str, Arn: str, DomainName: str, Status: str, Name: str, ResolverEndpointId: str, OwnerId: str, ShareStatus: str,
    RuleType: oneOf(['FORWARD', 'SYSTEM', 'RECURSIVE'], 'FORWARD, SYSTEM or RECURSIVE'),
    TargetIps: arr(obj({ Ip: str, Ipv6: str, Port: port, Protocol: str })),
  })),
});

export const route53Section = obj({
  HostedZoneSummaries: rec(arr(obj({ HostedZoneId: str, Name: str, Owner: obj({ OwningAccount: str, OwningService: str }) }))),
});
