// The snapshot's shape (contract §3) as TypeBox definitions: they are JSON Schema objects, so the same
// definitions compile to the validator read.ts runs and are written out as schemas/snapshot.schema.json
// (scripts/schemas.mjs). Every field src/snapshot/types.ts types is listed; keys not listed are ignored
// (additionalProperties stays open), listed fields may be absent unless required, and a listed field of
// the wrong type or value is an input error naming its JSON path. A `description` on a value-checked
// field is the "expected …" text of that error.
import { Type } from '@sinclair/typebox';
import { any, arr, bool, num, obj, oneOf, port, rec, str, strs, tags } from './schema-parts.js';
import {
  bpaExclusion, bpaOptions, bpaStates, dhcpOptions, natAttachedAppliance, networkFirewallSection, rdsProxySections,
  route53ResolverSection, route53Section,
} from './schema-services.js';

/** A boolean, or the `{ "Value": true }` that `aws ec2 describe-vpc-attribute` prints (read as the boolean). */
const flag = Type.Union([bool, Type.Object({ Value: bool })], { description: 'a boolean (or {"Value": boolean})' });

// Values checked by value, not only by type (AWS never returns anything else; a hand edit might).
const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = `${octet}\\.${octet}\\.${octet}\\.${octet}`;
const ipv4CidrPattern = `${ipv4}/(3[0-2]|[12]?\\d)`;
const ipv6CidrPattern = '[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}/(12[0-8]|1[01]\\d|[1-9]?\\d)';
const ipv4Cidr = Type.String({ pattern: `^${ipv4CidrPattern}$`, description: 'an IPv4 CIDR such as 10.0.0.0/16' });
const ipv6Cidr = Type.String({ pattern: `^${ipv6CidrPattern}$`, description: 'an IPv6 CIDR such as 2600:1f14::/56' });
const anyCidr = Type.String({ pattern: `^(${ipv4CidrPattern}|${ipv6CidrPattern})$`, description: 'an IPv4 or IPv6 CIDR' });
const ipv4Address = Type.String({ pattern: `^${ipv4}$`, description: 'an IPv4 address such as 10.0.1.25' });
/** "-1" (all), a lower-case name AWS prints, or an IP protocol number 0-255. */
const protocol = Type.String({
  pattern: `^(-1|all|tcp|udp|icmp|icmpv6|${octet})$`,
  description: 'a protocol: "-1", tcp, udp, icmp, icmpv6 or a number 0-255',
});
/** Security-group ports: -1 is "all" (and ICMP type/code live in the same fields). */
const sgPort = Type.Integer({ minimum: -1, maximum: 65535, description: 'a port number 0-65535 (or -1)' });
/** 1-32766 for rules one writes, 32767 for the default rule (the API's "*"). */
// The IPv6 "*" rule of a dual-stack ACL is 32768 in describe-network-acls.
const ruleNumber = Type.Integer({ minimum: 1, maximum: 32768, description: 'a rule number 1-32768' });
const ruleAction = oneOf(['allow', 'deny'], '"allow" or "deny"');

const groupRefs = arr(obj({ GroupId: str, GroupName: str }));
const attachments = arr(obj({ VpcId: str, State: str }));

const lambdaFunction = obj({
  FunctionName: str, FunctionArn: str, Version: str,
  VpcConfig: obj({ SubnetIds: strs, SecurityGroupIds: strs, VpcId: str, Ipv6AllowedForDualStack: bool }),
  State: str, StateReason: str, StateReasonCode: str,
  LastUpdateStatus: str, LastUpdateStatusReason: str, LastUpdateStatusReasonCode: str,
  Environment: obj({ Variables: rec(str), Error: any }),
});

const vpc = obj({
  VpcId: str, CidrBlock: ipv4Cidr, IsDefault: bool, InstanceTenancy: str, OwnerId: str, Tags: tags,
  DhcpOptionsId: str, BlockPublicAccessStates: bpaStates,
  CidrBlockAssociationSet: arr(obj({ CidrBlock: ipv4Cidr, CidrBlockState: obj({ State: str }) })),
});

const subnet = obj({
  SubnetId: str, VpcId: str, CidrBlock: ipv4Cidr, AvailabilityZone: str, AvailabilityZoneId: str,
  AvailableIpAddressCount: num, MapPublicIpOnLaunch: bool, State: str, Tags: tags,
  BlockPublicAccessStates: bpaStates,
});

const route = obj({
  DestinationCidrBlock: ipv4Cidr, DestinationIpv6CidrBlock: ipv6Cidr, DestinationPrefixListId: str,
  GatewayId: str, NatGatewayId: str, TransitGatewayId: str, VpcPeeringConnectionId: str,
  EgressOnlyInternetGatewayId: str, InstanceId: str, NetworkInterfaceId: str, LocalGatewayId: str,
  CarrierGatewayId: str, CoreNetworkArn: str, OdbNetworkArn: str, Origin: str, State: str,
});

const routeTable = obj({
  RouteTableId: str, VpcId: str, Routes: arr(route), PropagatingVgws: arr(any), Tags: tags,
  Associations: arr(obj({
    RouteTableAssociationId: str, RouteTableId: str, SubnetId: str, GatewayId: str, Main: bool,
    AssociationState: obj({ State: str }),
  })),
});

const natGateway = obj({
  NatGatewayId: str, VpcId: str, SubnetId: str, State: str, FailureCode: str, FailureMessage: str,
  ConnectivityType: str, AvailabilityMode: str, RouteTableId: str, Tags: tags,
  AttachedAppliances: arr(natAttachedAppliance),
  NatGatewayAddresses: arr(obj({
    AllocationId: str, NetworkInterfaceId: str, PrivateIp: ipv4Address, PublicIp: ipv4Address, AssociationId: str, IsPrimary: bool,
    Status: str, FailureMessage: str, AvailabilityZone: str, AvailabilityZoneId: str,
  })),
});

const ipPermission = obj({
  IpProtocol: protocol, FromPort: sgPort, ToPort: sgPort,
  IpRanges: arr(obj({ CidrIp: ipv4Cidr, Description: str })),
  Ipv6Ranges: arr(obj({ CidrIpv6: ipv6Cidr })),
  PrefixListIds: arr(obj({ PrefixListId: str })),
  UserIdGroupPairs: arr(obj({ GroupId: str, UserId: str, VpcId: str, VpcPeeringConnectionId: str, PeeringStatus: str })),
});

const securityGroup = obj({
  GroupId: str, GroupName: str, VpcId: str, OwnerId: str, Tags: tags,
  IpPermissions: arr(ipPermission), IpPermissionsEgress: arr(ipPermission),
});

/** A NACL entry must say its direction and action: guessing either could turn a deny into an allow. */
const networkAclEntry = Type.Intersect([
  Type.Object({ RuleAction: ruleAction, Egress: bool }),
  obj({
    RuleNumber: ruleNumber, Protocol: protocol, CidrBlock: ipv4Cidr, Ipv6CidrBlock: ipv6Cidr,
    PortRange: obj({ From: port, To: port }), IcmpTypeCode: any,
  }),
]);

const networkAcl = obj({
  NetworkAclId: str, VpcId: str, IsDefault: bool, Tags: tags,
  Entries: arr(networkAclEntry),
  Associations: arr(obj({ NetworkAclAssociationId: str, NetworkAclId: str, SubnetId: str })),
});

const networkInterface = obj({
  NetworkInterfaceId: str, SubnetId: str, VpcId: str, AvailabilityZone: str, InterfaceType: str, Description: str,
  PrivateIpAddress: ipv4Address,
  PrivateIpAddresses: arr(obj({ PrivateIpAddress: ipv4Address, Primary: bool, Association: obj({ PublicIp: ipv4Address }) })),
  Groups: groupRefs, Status: str, RequesterId: str, RequesterManaged: bool,
  Association: obj({ PublicIp: ipv4Address, AllocationId: str }),
  Attachment: obj({ AttachmentId: str, InstanceOwnerId: str, Status: str }),
});

const vpcEndpoint = obj({
  VpcEndpointId: str, VpcEndpointType: str, VpcId: str, ServiceName: str, State: str,
  RouteTableIds: strs, SubnetIds: strs, Groups: groupRefs, PrivateDnsEnabled: bool, NetworkInterfaceIds: strs,
  DnsEntries: arr(obj({ DnsName: str, HostedZoneId: str })), Tags: tags,
});

const peeringVpcInfo = obj({
  VpcId: str, OwnerId: str, Region: str, CidrBlock: ipv4Cidr, CidrBlockSet: arr(obj({ CidrBlock: ipv4Cidr })),
});

const ec2 = obj({
  Vpcs: arr(vpc),
  VpcAttributes: rec(obj({ EnableDnsSupport: flag, EnableDnsHostnames: flag })),
  Subnets: arr(subnet),
  RouteTables: arr(routeTable),
  NatGateways: arr(natGateway),
  InternetGateways: arr(obj({ InternetGatewayId: str, Attachments: attachments, Tags: tags })),
  EgressOnlyInternetGateways: arr(obj({ EgressOnlyInternetGatewayId: str, Attachments: attachments })),
  Addresses: arr(obj({
    AllocationId: str, PublicIp: ipv4Address, AssociationId: str, NetworkInterfaceId: str, PrivateIpAddress: ipv4Address,
    Domain: str, NetworkBorderGroup: str, Tags: tags,
  })),
  SecurityGroups: arr(securityGroup),
  NetworkAcls: arr(networkAcl),
  NetworkInterfaces: arr(networkInterface),
  VpcEndpoints: arr(vpcEndpoint),
  ManagedPrefixLists: arr(obj({ PrefixListId: str, PrefixListName: str, AddressFamily: str, State: str, MaxEntries: num })),
  PrefixListEntries: rec(arr(obj({ Cidr: anyCidr, Description: str }))),
  VpcPeeringConnections: arr(obj({
    VpcPeeringConnectionId: str, Status: obj({ Code: str, Message: str }),
    AccepterVpcInfo: peeringVpcInfo, RequesterVpcInfo: peeringVpcInfo,
  })),
  TransitGatewayAttachments: arr(obj({
    TransitGatewayAttachmentId: str, TransitGatewayId: str, ResourceType: str, ResourceId: str, State: str,
    TransitGatewayOwnerId: str, ResourceOwnerId: str, Association: obj({ TransitGatewayRouteTableId: str, State: str }),
  })),
  TransitGatewayVpcAttachments: arr(obj({
    TransitGatewayAttachmentId: str, TransitGatewayId: str, VpcId: str, VpcOwnerId: str, State: str, SubnetIds: strs,
    Options: obj({ DnsSupport: str, SecurityGroupReferencingSupport: str, Ipv6Support: str, ApplianceModeSupport: str }),
  })),
  TransitGatewayRoutes: rec(arr(obj({
    DestinationCidrBlock: str, PrefixListId: str, Type: str, State: str,
    TransitGatewayAttachments: arr(obj({ ResourceId: str, TransitGatewayAttachmentId: str, ResourceType: str })),
  }))),
  SecurityGroupVpcAssociations: arr(obj({ GroupId: str, VpcId: str, VpcOwnerId: str, State: str, StateReason: str, GroupOwnerId: str })),
  VpcBlockPublicAccessOptions: bpaOptions,
  VpcBlockPublicAccessExclusions: arr(bpaExclusion),
  DhcpOptions: arr(dhcpOptions),
});

const securityGroupMemberships = arr(obj({ VpcSecurityGroupId: str, Status: str }));

const rds = obj({
  DBInstances: arr(obj({
    DBInstanceIdentifier: str, DBInstanceStatus: str, Engine: str, DBClusterIdentifier: str,
    Endpoint: obj({ Address: str, Port: port, HostedZoneId: str }),
    AvailabilityZone: str, SecondaryAvailabilityZone: str, MultiAZ: bool,
    VpcSecurityGroups: securityGroupMemberships,
    DBSubnetGroup: obj({
      DBSubnetGroupName: str, VpcId: str,
      Subnets: arr(obj({ SubnetIdentifier: str, SubnetAvailabilityZone: obj({ Name: str }), SubnetStatus: str })),
    }),
    PubliclyAccessible: bool, DbiResourceId: str,
  })),
  DBClusters: arr(obj({
    DBClusterIdentifier: str, Status: str, Engine: str, Endpoint: str, ReaderEndpoint: str, CustomEndpoints: strs, Port: port,
    VpcSecurityGroups: securityGroupMemberships, DBSubnetGroup: str, AvailabilityZones: strs,
    DBClusterMembers: arr(obj({ DBInstanceIdentifier: str, IsClusterWriter: bool })),
    PubliclyAccessible: bool,
  })),
  ...rdsProxySections,
});

/** The whole document. read.ts checks the header (vpcdoctorSnapshot, region, functions present) first,
 *  to give the friendlier messages a wrong file deserves, then this. */
export const SNAPSHOT_SCHEMA = Type.Intersect([
  Type.Object({ vpcdoctorSnapshot: Type.Literal(1), region: str, functions: arr(lambdaFunction) }),
  obj({ capturedAt: str, ec2, rds, networkFirewall: networkFirewallSection, route53Resolver: route53ResolverSection, route53: route53Section, denied: strs }),
], {
  title: 'vpcdoctor snapshot (version 1)',
  description: 'AWS API responses in their own shapes and field names; keys not listed are allowed and ignored.',
});
