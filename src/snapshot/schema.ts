// The snapshot's shape as data: every field src/snapshot/types.ts types, and nothing else.
// read.ts walks a parsed document against it; fields not listed here are ignored, listed fields may be
// absent, and a listed field of the wrong type is an input error naming its JSON path.

export type Schema =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  /** A boolean, or the `{ "Value": true }` that `aws ec2 describe-vpc-attribute` prints (read as the boolean). */
  | { kind: 'flag' }
  | { kind: 'any' }
  | { kind: 'array'; of: Schema }
  | { kind: 'record'; of: Schema }
  | { kind: 'object'; fields: Record<string, Schema> };

const str: Schema = { kind: 'string' };
const num: Schema = { kind: 'number' };
const bool: Schema = { kind: 'boolean' };
const flag: Schema = { kind: 'flag' };
const any: Schema = { kind: 'any' };
const arr = (of: Schema): Schema => ({ kind: 'array', of });
const rec = (of: Schema): Schema => ({ kind: 'record', of });
const obj = (fields: Record<string, Schema>): Schema => ({ kind: 'object', fields });
const strs = arr(str);

const tags = arr(obj({ Key: str, Value: str }));
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
  VpcId: str, CidrBlock: str, IsDefault: bool, InstanceTenancy: str, OwnerId: str, Tags: tags,
  CidrBlockAssociationSet: arr(obj({ CidrBlock: str, CidrBlockState: obj({ State: str }) })),
});

const subnet = obj({
  SubnetId: str, VpcId: str, CidrBlock: str, AvailabilityZone: str, AvailabilityZoneId: str,
  AvailableIpAddressCount: num, MapPublicIpOnLaunch: bool, State: str, Tags: tags,
});

const route = obj({
  DestinationCidrBlock: str, DestinationIpv6CidrBlock: str, DestinationPrefixListId: str,
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
  NatGatewayAddresses: arr(obj({
    AllocationId: str, NetworkInterfaceId: str, PrivateIp: str, PublicIp: str, AssociationId: str, IsPrimary: bool,
    Status: str, FailureMessage: str, AvailabilityZone: str, AvailabilityZoneId: str,
  })),
});

const ipPermission = obj({
  IpProtocol: str, FromPort: num, ToPort: num,
  IpRanges: arr(obj({ CidrIp: str, Description: str })),
  Ipv6Ranges: arr(obj({ CidrIpv6: str })),
  PrefixListIds: arr(obj({ PrefixListId: str })),
  UserIdGroupPairs: arr(obj({ GroupId: str, UserId: str, VpcId: str, VpcPeeringConnectionId: str, PeeringStatus: str })),
});

const securityGroup = obj({
  GroupId: str, GroupName: str, VpcId: str, OwnerId: str, Tags: tags,
  IpPermissions: arr(ipPermission), IpPermissionsEgress: arr(ipPermission),
});

const networkAcl = obj({
  NetworkAclId: str, VpcId: str, IsDefault: bool, Tags: tags,
  Entries: arr(obj({
    RuleNumber: num, Protocol: str, RuleAction: str, Egress: bool, CidrBlock: str, Ipv6CidrBlock: str,
    PortRange: obj({ From: num, To: num }), IcmpTypeCode: any,
  })),
  Associations: arr(obj({ NetworkAclAssociationId: str, NetworkAclId: str, SubnetId: str })),
});

const networkInterface = obj({
  NetworkInterfaceId: str, SubnetId: str, VpcId: str, AvailabilityZone: str, InterfaceType: str, Description: str,
  PrivateIpAddress: str,
  PrivateIpAddresses: arr(obj({ PrivateIpAddress: str, Primary: bool, Association: obj({ PublicIp: str }) })),
  Groups: groupRefs, Status: str, RequesterId: str, RequesterManaged: bool,
  Association: obj({ PublicIp: str, AllocationId: str }),
  Attachment: obj({ AttachmentId: str, InstanceOwnerId: str, Status: str }),
});

const vpcEndpoint = obj({
  VpcEndpointId: str, VpcEndpointType: str, VpcId: str, ServiceName: str, State: str,
  RouteTableIds: strs, SubnetIds: strs, Groups: groupRefs, PrivateDnsEnabled: bool, NetworkInterfaceIds: strs,
  DnsEntries: arr(obj({ DnsName: str, HostedZoneId: str })), Tags: tags,
});

const peeringVpcInfo = obj({ VpcId: str, OwnerId: str, Region: str, CidrBlock: str, CidrBlockSet: arr(obj({ CidrBlock: str })) });

const ec2 = obj({
  Vpcs: arr(vpc),
  VpcAttributes: rec(obj({ EnableDnsSupport: flag, EnableDnsHostnames: flag })),
  Subnets: arr(subnet),
  RouteTables: arr(routeTable),
  NatGateways: arr(natGateway),
  InternetGateways: arr(obj({ InternetGatewayId: str, Attachments: attachments, Tags: tags })),
  EgressOnlyInternetGateways: arr(obj({ EgressOnlyInternetGatewayId: str, Attachments: attachments })),
  Addresses: arr(obj({
    AllocationId: str, PublicIp: str, AssociationId: str, NetworkInterfaceId: str, PrivateIpAddress: str,
    Domain: str, NetworkBorderGroup: str, Tags: tags,
  })),
  SecurityGroups: arr(securityGroup),
  NetworkAcls: arr(networkAcl),
  NetworkInterfaces: arr(networkInterface),
  VpcEndpoints: arr(vpcEndpoint),
  ManagedPrefixLists: arr(obj({ PrefixListId: str, PrefixListName: str, AddressFamily: str, State: str, MaxEntries: num })),
  PrefixListEntries: rec(arr(obj({ Cidr: str, Description: str }))),
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
});

const securityGroupMemberships = arr(obj({ VpcSecurityGroupId: str, Status: str }));

const rds = obj({
  DBInstances: arr(obj({
    DBInstanceIdentifier: str, DBInstanceStatus: str, Engine: str, DBClusterIdentifier: str,
    Endpoint: obj({ Address: str, Port: num, HostedZoneId: str }),
    AvailabilityZone: str, SecondaryAvailabilityZone: str, MultiAZ: bool,
    VpcSecurityGroups: securityGroupMemberships,
    DBSubnetGroup: obj({
      DBSubnetGroupName: str, VpcId: str,
      Subnets: arr(obj({ SubnetIdentifier: str, SubnetAvailabilityZone: obj({ Name: str }), SubnetStatus: str })),
    }),
    PubliclyAccessible: bool, DbiResourceId: str,
  })),
  DBClusters: arr(obj({
    DBClusterIdentifier: str, Status: str, Engine: str, Endpoint: str, ReaderEndpoint: str, CustomEndpoints: strs, Port: num,
    VpcSecurityGroups: securityGroupMemberships, DBSubnetGroup: str, AvailabilityZones: strs,
    DBClusterMembers: arr(obj({ DBInstanceIdentifier: str, IsClusterWriter: bool })),
    PubliclyAccessible: bool,
  })),
});

/** The whole document below its header (vpcdoctorSnapshot and region are checked by read.ts first). */
export const SNAPSHOT_SCHEMA = obj({
  capturedAt: str,
  region: str,
  functions: arr(lambdaFunction),
  ec2,
  rds,
  denied: strs,
});
