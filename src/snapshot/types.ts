// The snapshot file (contract §3): AWS API responses in the API's own shapes and field names.
// Only the fields vpcdoctor reads are typed; every item keeps whatever else AWS returned.
// The blockers' shapes (BPA, DHCP options, RDS Proxy, Network Firewall, Route 53) are in services.ts.

import type {
  DBProxy, DBProxyEndpoint, DBProxyTarget, DhcpOptions, NetworkFirewallSection, Route53ResolverSection, Route53Section,
  VpcBlockPublicAccessExclusion, VpcBlockPublicAccessOptions,
} from './services.js';

export * from './services.js';

export interface Tag { Key?: string; Value?: string }

export interface LambdaFunction {
  FunctionName?: string;
  FunctionArn?: string;
  Version?: string;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; VpcId?: string; Ipv6AllowedForDualStack?: boolean };
  State?: string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  Environment?: { Variables?: Record<string, string>; Error?: unknown };
  [key: string]: unknown;
}

export interface BlockPublicAccessStates { InternetGatewayBlockMode?: string }

export interface Vpc { VpcId?: string; CidrBlock?: string; DhcpOptionsId?: string; BlockPublicAccessStates?: BlockPublicAccessStates; CidrBlockAssociationSet?: { CidrBlock?: string; CidrBlockState?: { State?: string } }[]; IsDefault?: boolean; InstanceTenancy?: string; OwnerId?: string; Tags?: Tag[] }

export interface VpcAttributes { EnableDnsSupport?: boolean; EnableDnsHostnames?: boolean }

export interface Subnet {
  SubnetId?: string; VpcId?: string; CidrBlock?: string; AvailabilityZone?: string; AvailabilityZoneId?: string;
  AvailableIpAddressCount?: number; MapPublicIpOnLaunch?: boolean; State?: string; Tags?: Tag[];
  BlockPublicAccessStates?: BlockPublicAccessStates;
}

export interface Route {
  DestinationCidrBlock?: string; DestinationIpv6CidrBlock?: string; DestinationPrefixListId?: string;
  GatewayId?: string; NatGatewayId?: string; TransitGatewayId?: string; VpcPeeringConnectionId?: string;
  EgressOnlyInternetGatewayId?: string; InstanceId?: string; NetworkInterfaceId?: string; LocalGatewayId?: string;
  CarrierGatewayId?: string; CoreNetworkArn?: string; OdbNetworkArn?: string;
  Origin?: string; State?: string;
}

export interface RouteTableAssociation { RouteTableAssociationId?: string; RouteTableId?: string; SubnetId?: string; GatewayId?: string; Main?: boolean; AssociationState?: { State?: string } }

export interface RouteTable { RouteTableId?: string; VpcId?: string; Routes?: Route[]; Associations?: RouteTableAssociation[]; PropagatingVgws?: unknown[]; Tags?: Tag[] }

export interface NatGatewayAddress { AllocationId?: string; NetworkInterfaceId?: string; PrivateIp?: string; PublicIp?: string; AssociationId?: string; IsPrimary?: boolean; Status?: string; FailureMessage?: string; AvailabilityZone?: string; AvailabilityZoneId?: string }

export interface NatGateway {
  NatGatewayId?: string; VpcId?: string; SubnetId?: string; State?: string; FailureCode?: string; FailureMessage?: string;
  ConnectivityType?: string; AvailabilityMode?: string; NatGatewayAddresses?: NatGatewayAddress[]; RouteTableId?: string; Tags?: Tag[];
  /** Network Firewall proxies attached to the NAT gateway (SDK `AttachedAppliances`, Query API `AttachedApplianceSet`). */
  AttachedAppliances?: NatGatewayAttachedAppliance[];
}

export interface NatGatewayAttachedAppliance {
  /** network-firewall-proxy */
  Type?: string; ApplianceArn?: string; VpcEndpointId?: string;
  /** attaching | attached | attach-failed | detaching | detached | detach-failed */
  AttachmentState?: string; ModificationState?: string; FailureCode?: string; FailureMessage?: string;
}

export interface InternetGateway { InternetGatewayId?: string; Attachments?: { VpcId?: string; State?: string }[]; Tags?: Tag[] }

export interface EgressOnlyInternetGateway { EgressOnlyInternetGatewayId?: string; Attachments?: { VpcId?: string; State?: string }[] }

export interface Address { AllocationId?: string; PublicIp?: string; AssociationId?: string; NetworkInterfaceId?: string; PrivateIpAddress?: string; Domain?: string; NetworkBorderGroup?: string; Tags?: Tag[] }

export interface UserIdGroupPair { GroupId?: string; UserId?: string; VpcId?: string; VpcPeeringConnectionId?: string; PeeringStatus?: string }

export interface IpPermission {
  IpProtocol?: string; FromPort?: number; ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
  PrefixListIds?: { PrefixListId?: string }[];
  UserIdGroupPairs?: UserIdGroupPair[];
}

export interface SecurityGroup { GroupId?: string; GroupName?: string; VpcId?: string; OwnerId?: string; IpPermissions?: IpPermission[]; IpPermissionsEgress?: IpPermission[]; Tags?: Tag[] }

export interface NetworkAclEntry { RuleNumber?: number; Protocol?: string; RuleAction?: string; Egress?: boolean; CidrBlock?: string; Ipv6CidrBlock?: string; PortRange?: { From?: number; To?: number }; IcmpTypeCode?: unknown }

export interface NetworkAcl { NetworkAclId?: string; VpcId?: string; IsDefault?: boolean; Entries?: NetworkAclEntry[]; Associations?: { NetworkAclAssociationId?: string; NetworkAclId?: string; SubnetId?: string }[]; Tags?: Tag[] }

export interface NetworkInterface {
  NetworkInterfaceId?: string; SubnetId?: string; VpcId?: string; AvailabilityZone?: string; InterfaceType?: string; Description?: string;
  PrivateIpAddress?: string; PrivateIpAddresses?: { PrivateIpAddress?: string; Primary?: boolean; Association?: { PublicIp?: string } }[];
  Groups?: { GroupId?: string; GroupName?: string }[]; Status?: string; RequesterId?: string; RequesterManaged?: boolean;
  Association?: { PublicIp?: string; AllocationId?: string }; Attachment?: { AttachmentId?: string; InstanceOwnerId?: string; Status?: string };
}

export interface VpcEndpoint {
  VpcEndpointId?: string; VpcEndpointType?: string; VpcId?: string; ServiceName?: string; State?: string;
  RouteTableIds?: string[]; SubnetIds?: string[]; Groups?: { GroupId?: string; GroupName?: string }[];
  PrivateDnsEnabled?: boolean; NetworkInterfaceIds?: string[]; DnsEntries?: { DnsName?: string; HostedZoneId?: string }[]; Tags?: Tag[];
}

export interface ManagedPrefixList { PrefixListId?: string; PrefixListName?: string; AddressFamily?: string; State?: string; MaxEntries?: number }

export interface PrefixListEntry { Cidr?: string; Description?: string }

export interface VpcPeeringConnection {
  VpcPeeringConnectionId?: string;
  Status?: { Code?: string; Message?: string };
  AccepterVpcInfo?: PeeringVpcInfo; RequesterVpcInfo?: PeeringVpcInfo;
}
export interface PeeringVpcInfo { VpcId?: string; OwnerId?: string; Region?: string; CidrBlock?: string; CidrBlockSet?: { CidrBlock?: string }[] }

export interface TransitGatewayAttachment {
  TransitGatewayAttachmentId?: string; TransitGatewayId?: string; TransitGatewayOwnerId?: string; ResourceOwnerId?: string;
  ResourceType?: string; ResourceId?: string; State?: string;
  /** The transit gateway route table the attachment is associated with (the one its traffic is routed by). */
  Association?: { TransitGatewayRouteTableId?: string; State?: string };
}

/** DescribeTransitGatewayVpcAttachments: the subnets (one per AZ) where the transit gateway has an interface. */
export interface TransitGatewayVpcAttachment {
  TransitGatewayAttachmentId?: string; TransitGatewayId?: string; VpcId?: string; VpcOwnerId?: string; State?: string; SubnetIds?: string[];
  Options?: { DnsSupport?: string; SecurityGroupReferencingSupport?: string; Ipv6Support?: string; ApplianceModeSupport?: string };
}

/** SearchTransitGatewayRoutes → `ec2.TransitGatewayRoutes[tgw-rtb-…]`. */
export interface TransitGatewayRoute {
  DestinationCidrBlock?: string; PrefixListId?: string; Type?: string; State?: string;
  TransitGatewayAttachments?: { ResourceId?: string; TransitGatewayAttachmentId?: string; ResourceType?: string }[];
}

/** DescribeSecurityGroupVpcAssociations: a group of one VPC made usable in another VPC of the Region. */
export interface SecurityGroupVpcAssociation { GroupId?: string; VpcId?: string; VpcOwnerId?: string; State?: string; StateReason?: string; GroupOwnerId?: string }

export interface DBInstance {
  DBInstanceIdentifier?: string; DBInstanceStatus?: string; Engine?: string; DBClusterIdentifier?: string;
  Endpoint?: { Address?: string; Port?: number; HostedZoneId?: string }; AvailabilityZone?: string; SecondaryAvailabilityZone?: string; MultiAZ?: boolean;
  VpcSecurityGroups?: { VpcSecurityGroupId?: string; Status?: string }[];
  DBSubnetGroup?: { DBSubnetGroupName?: string; VpcId?: string; Subnets?: { SubnetIdentifier?: string; SubnetAvailabilityZone?: { Name?: string }; SubnetStatus?: string }[] };
  PubliclyAccessible?: boolean; DbiResourceId?: string;
}

export interface DBCluster {
  DBClusterIdentifier?: string; Status?: string; Engine?: string; Endpoint?: string; ReaderEndpoint?: string; CustomEndpoints?: string[]; Port?: number;
  VpcSecurityGroups?: { VpcSecurityGroupId?: string; Status?: string }[]; DBSubnetGroup?: string; AvailabilityZones?: string[];
  DBClusterMembers?: { DBInstanceIdentifier?: string; IsClusterWriter?: boolean }[]; PubliclyAccessible?: boolean;
}

export interface Ec2Section {
  Vpcs?: Vpc[];
  VpcAttributes?: Record<string, VpcAttributes>;
  Subnets?: Subnet[];
  RouteTables?: RouteTable[];
  NatGateways?: NatGateway[];
  InternetGateways?: InternetGateway[];
  EgressOnlyInternetGateways?: EgressOnlyInternetGateway[];
  Addresses?: Address[];
  SecurityGroups?: SecurityGroup[];
  NetworkAcls?: NetworkAcl[];
  NetworkInterfaces?: NetworkInterface[];
  VpcEndpoints?: VpcEndpoint[];
  ManagedPrefixLists?: ManagedPrefixList[];
  PrefixListEntries?: Record<string, PrefixListEntry[]>;
  VpcPeeringConnections?: VpcPeeringConnection[];
  TransitGatewayAttachments?: TransitGatewayAttachment[];
  TransitGatewayVpcAttachments?: TransitGatewayVpcAttachment[];
  TransitGatewayRoutes?: Record<string, TransitGatewayRoute[]>;
  SecurityGroupVpcAssociations?: SecurityGroupVpcAssociation[];
  VpcBlockPublicAccessOptions?: VpcBlockPublicAccessOptions;
  VpcBlockPublicAccessExclusions?: VpcBlockPublicAccessExclusion[];
  DhcpOptions?: DhcpOptions[];
}

export interface RdsSection {
  DBInstances?: DBInstance[];
  DBClusters?: DBCluster[];
  DBProxies?: DBProxy[];
  DBProxyEndpoints?: DBProxyEndpoint[];
  /** Keyed by DBProxyName. */
  DBProxyTargets?: Record<string, DBProxyTarget[]>;
}

export interface Snapshot {
  vpcdoctorSnapshot: 1;
  capturedAt?: string;
  region: string;
  functions: LambdaFunction[];
  ec2: Ec2Section;
  rds: RdsSection;
  networkFirewall?: NetworkFirewallSection;
  route53Resolver?: Route53ResolverSection;
  route53?: Route53Section;
  /** IAM actions whose calls were denied, e.g. "ec2:DescribeNetworkAcls". */
  denied?: string[];
}

export type Ec2Key = keyof Ec2Section;
export type RdsKey = keyof RdsSection;

/** The IAM action that fills each snapshot key: used to name what a missing key needs. */
export const EC2_KEY_ACTIONS: Record<Ec2Key, string> = {
  Vpcs: 'ec2:DescribeVpcs',
  VpcAttributes: 'ec2:DescribeVpcAttribute',
  Subnets: 'ec2:DescribeSubnets',
  RouteTables: 'ec2:DescribeRouteTables',
  NatGateways: 'ec2:DescribeNatGateways',
  InternetGateways: 'ec2:DescribeInternetGateways',
  EgressOnlyInternetGateways: 'ec2:DescribeEgressOnlyInternetGateways',
  Addresses: 'ec2:DescribeAddresses',
  SecurityGroups: 'ec2:DescribeSecurityGroups',
  NetworkAcls: 'ec2:DescribeNetworkAcls',
  NetworkInterfaces: 'ec2:DescribeNetworkInterfaces',
  VpcEndpoints: 'ec2:DescribeVpcEndpoints',
  ManagedPrefixLists: 'ec2:DescribeManagedPrefixLists',
  PrefixListEntries: 'ec2:GetManagedPrefixListEntries',
  VpcPeeringConnections: 'ec2:DescribeVpcPeeringConnections',
  TransitGatewayAttachments: 'ec2:DescribeTransitGatewayAttachments',
  TransitGatewayVpcAttachments: 'ec2:DescribeTransitGatewayVpcAttachments',
  TransitGatewayRoutes: 'ec2:SearchTransitGatewayRoutes',
  SecurityGroupVpcAssociations: 'ec2:DescribeSecurityGroupVpcAssociations',
  VpcBlockPublicAccessOptions: 'ec2:DescribeVpcBlockPublicAccessOptions',
  VpcBlockPublicAccessExclusions: 'ec2:DescribeVpcBlockPublicAccessExclusions',
  DhcpOptions: 'ec2:DescribeDhcpOptions',
};

export const RDS_KEY_ACTIONS: Record<RdsKey, string> = {
  DBInstances: 'rds:DescribeDBInstances',
  DBClusters: 'rds:DescribeDBClusters',
  DBProxies: 'rds:DescribeDBProxies',
  DBProxyEndpoints: 'rds:DescribeDBProxyEndpoints',
  DBProxyTargets: 'rds:DescribeDBProxyTargets',
};
