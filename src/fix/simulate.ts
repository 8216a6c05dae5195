// The plan applied to a deep copy of the snapshot, in memory: what AWS would hold afterwards,
// with placeholder ids (nat-vpcdoctor-2, …) where AWS would choose them.
import type { Ec2Section, IpPermission, NatGateway, Route, RouteTable, Snapshot, VpcEndpoint } from '../snapshot/types.js';
import { resolveRefs } from './refs.js';
import { WAIT_AVAILABLE, WAIT_ENDPOINT_AVAILABLE, WAIT_EXCLUSION_COMPLETE, type FixStep } from './types.js';

type Params = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function simulate(snapshot: Snapshot, steps: FixStep[]): Snapshot {
  const copy = structuredClone(snapshot);
  const ec2 = copy.ec2;
  const outputs = new Map<number, unknown>();
  steps.forEach((step, index) => {
    const n = index + 1;
    const params = resolveRefs(step.params, outputs) as Params;
    outputs.set(n, effect(ec2, step.action, params, n) ?? {});
  });
  return copy;
}

function list<K extends keyof Ec2Section>(ec2: Ec2Section, key: K): NonNullable<Ec2Section[K]> {
  if (!ec2[key]) (ec2 as Record<string, unknown>)[key] = [];
  return ec2[key]!;
}

function table(ec2: Ec2Section, id: string): RouteTable {
  const found = ec2.RouteTables?.find((t) => t.RouteTableId === id);
  if (!found) throw new Error(`route table ${id} is not in the snapshot`);
  return found;
}

/** A wait step's effect: the listed resources reach the state the wait polls for. */
function settle<T extends { State?: string }>(items: T[] | undefined, idOf: (item: T) => string | undefined, ids: unknown, state: string): void {
  for (const item of items ?? []) if ((ids as string[]).includes(idOf(item)!)) item.State = state;
}

const TARGET_FIELDS = ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId', 'InstanceId', 'NetworkInterfaceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn'] as const;

function routeOf(params: Params): Route {
  const route: Route = { Origin: 'CreateRoute', State: 'active' };
  for (const key of ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', ...TARGET_FIELDS] as const) {
    if (params[key] !== undefined) route[key] = params[key];
  }
  return route;
}

const sameDestination = (a: Route, p: Params): boolean =>
  (p.DestinationCidrBlock !== undefined && a.DestinationCidrBlock === p.DestinationCidrBlock) ||
  (p.DestinationIpv6CidrBlock !== undefined && a.DestinationIpv6CidrBlock === p.DestinationIpv6CidrBlock) ||
  (p.DestinationPrefixListId !== undefined && a.DestinationPrefixListId === p.DestinationPrefixListId);

function effect(ec2: Ec2Section, action: string, p: Params, n: number): unknown {
  switch (action) {
    case 'AllocateAddress': {
      const address = { AllocationId: `eipalloc-vpcdoctor-${n}`, PublicIp: `198.51.100.${n % 256}`, Domain: 'vpc' };
      list(ec2, 'Addresses').push(address);
      return address;
    }
    case 'CreateNatGateway': {
      if (p.AvailabilityMode === 'regional') return { NatGateway: regionalNat(ec2, p, n) };
      const subnet = ec2.Subnets?.find((s) => s.SubnetId === p.SubnetId);
      const address = ec2.Addresses?.find((a) => a.AllocationId === p.AllocationId);
      const nat: NatGateway = {
        NatGatewayId: `nat-vpcdoctor-${n}`, VpcId: subnet?.VpcId, SubnetId: p.SubnetId, State: 'pending', ConnectivityType: p.ConnectivityType ?? 'public', AvailabilityMode: 'zonal',
        NatGatewayAddresses: [{ AllocationId: p.AllocationId, PublicIp: address?.PublicIp, IsPrimary: true, Status: 'succeeded' }],
      };
      list(ec2, 'NatGateways').push(nat);
      return { NatGateway: nat };
    }
    case WAIT_AVAILABLE:
      settle(ec2.NatGateways, (nat) => nat.NatGatewayId, p.NatGatewayIds, 'available');
      return {};
    case 'CreateSubnet': {
      const subnet = { SubnetId: `subnet-vpcdoctor-${n}`, VpcId: p.VpcId, CidrBlock: p.CidrBlock, AvailabilityZone: p.AvailabilityZone, State: 'available', AvailableIpAddressCount: 11, MapPublicIpOnLaunch: false };
      list(ec2, 'Subnets').push(subnet);
      return { Subnet: subnet };
    }
    case 'CreateRouteTable': {
      const vpc = ec2.Vpcs?.find((v) => v.VpcId === p.VpcId);
      const cidrs = [...new Set([vpc?.CidrBlock, ...(vpc?.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)].filter((c): c is string => !!c))];
      const created: RouteTable = { RouteTableId: `rtb-vpcdoctor-${n}`, VpcId: p.VpcId, Routes: cidrs.map((c) => ({ DestinationCidrBlock: c, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' })), Associations: [] };
      list(ec2, 'RouteTables').push(created);
      return { RouteTable: created };
    }
    case 'CreateRoute': {
      const target = table(ec2, p.RouteTableId);
      if ((target.Routes ?? []).some((r) => sameDestination(r, p))) throw new Error(`${p.RouteTableId} already has a route for that destination`);
      (target.Routes ??= []).push(routeOf(p));
      return { Return: true };
    }
    case 'ReplaceRoute': {
      const target = table(ec2, p.RouteTableId);
      const index = (target.Routes ?? []).findIndex((r) => sameDestination(r, p));
      if (index < 0) throw new Error(`${p.RouteTableId} has no route to replace`);
      target.Routes![index] = routeOf(p);
      return {};
    }
    case 'AssociateRouteTable': {
      const association = { RouteTableAssociationId: `rtbassoc-vpcdoctor-${n}`, RouteTableId: p.RouteTableId, SubnetId: p.SubnetId, Main: false, AssociationState: { State: 'associated' } };
      (table(ec2, p.RouteTableId).Associations ??= []).push(association);
      return { AssociationId: association.RouteTableAssociationId };
    }
    case 'ReplaceRouteTableAssociation': {
      const from = ec2.RouteTables?.find((t) => t.Associations?.some((a) => a.RouteTableAssociationId === p.AssociationId));
      const old = from?.Associations?.find((a) => a.RouteTableAssociationId === p.AssociationId);
      if (!from || !old) throw new Error(`no association ${p.AssociationId}`);
      from.Associations = from.Associations!.filter((a) => a !== old);
      const moved = { ...old, RouteTableAssociationId: `rtbassoc-vpcdoctor-${n}`, RouteTableId: p.RouteTableId };
      (table(ec2, p.RouteTableId).Associations ??= []).push(moved);
      return { NewAssociationId: moved.RouteTableAssociationId };
    }
    case 'AuthorizeSecurityGroupEgress':
    case 'AuthorizeSecurityGroupIngress': {
      const group = ec2.SecurityGroups?.find((g) => g.GroupId === p.GroupId);
      if (!group) throw new Error(`security group ${p.GroupId} is not in the snapshot`);
      const rules = action === 'AuthorizeSecurityGroupEgress' ? (group.IpPermissionsEgress ??= []) : (group.IpPermissions ??= []);
      rules.push(...(p.IpPermissions as IpPermission[]));
      return { Return: true, SecurityGroupRules: [{ SecurityGroupRuleId: `sgr-vpcdoctor-${n}` }] };
    }
    case 'ModifyVpcEndpoint': {
      const endpoint = ec2.VpcEndpoints?.find((e) => e.VpcEndpointId === p.VpcEndpointId);
      const listId = ec2.ManagedPrefixLists?.find((l) => l.PrefixListName === endpoint?.ServiceName)?.PrefixListId;
      const route = ec2.RouteTables?.flatMap((t) => t.Routes ?? []).find((r) => r.GatewayId === p.VpcEndpointId) ??
        (listId ? { DestinationPrefixListId: listId, GatewayId: p.VpcEndpointId, Origin: 'CreateRoute', State: 'active' } : undefined);
      for (const id of (p.AddRouteTableIds ?? []) as string[]) {
        (endpoint!.RouteTableIds ??= []).push(id);
        if (route) (table(ec2, id).Routes ??= []).push({ ...route });
      }
      return { Return: true };
    }
    case 'AssociateNatGatewayAddress': {
      const nat = ec2.NatGateways?.find((g) => g.NatGatewayId === p.NatGatewayId);
      if (!nat) throw new Error(`NAT gateway ${p.NatGatewayId} is not in the snapshot`);
      const added = (p.AllocationIds as string[]).map((id) => ({ AllocationId: id, PublicIp: ec2.Addresses?.find((a) => a.AllocationId === id)?.PublicIp, AssociationId: `eipassoc-vpcdoctor-${n}`, AvailabilityZone: p.AvailabilityZone, IsPrimary: false, Status: 'succeeded' }));
      (nat.NatGatewayAddresses ??= []).push(...added);
      return { NatGatewayId: nat.NatGatewayId, NatGatewayAddresses: added };
    }
    case 'CreateSecurityGroup': {
      // AWS gives a new group one egress rule: all traffic to 0.0.0.0/0.
      const group = { GroupId: `sg-vpcdoctor-${n}`, GroupName: p.GroupName, VpcId: p.VpcId, IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
      list(ec2, 'SecurityGroups').push(group);
      return { GroupId: group.GroupId };
    }
    case 'CreateVpcEndpoint': {
      const endpoint: VpcEndpoint = {
        VpcEndpointId: `vpce-vpcdoctor-${n}`, VpcEndpointType: p.VpcEndpointType, VpcId: p.VpcId, ServiceName: p.ServiceName, State: 'pending',
        SubnetIds: p.SubnetIds, Groups: (p.SecurityGroupIds ?? []).map((GroupId: string) => ({ GroupId })), PrivateDnsEnabled: p.PrivateDnsEnabled, NetworkInterfaceIds: [],
      };
      list(ec2, 'VpcEndpoints').push(endpoint);
      return { VpcEndpoint: endpoint };
    }
    case WAIT_ENDPOINT_AVAILABLE:
      settle(ec2.VpcEndpoints, (endpoint) => endpoint.VpcEndpointId, p.VpcEndpointIds, 'available');
      return {};
    case 'CreateVpcBlockPublicAccessExclusion': {
      // Asynchronous in AWS: not in effect until the wait step sees it create-complete.
      const options = ec2.VpcBlockPublicAccessOptions;
      const resource = p.SubnetId ? `subnet/${p.SubnetId}` : `vpc/${p.VpcId}`;
      const exclusion = { ExclusionId: `exclusion-vpcdoctor-${n}`, InternetGatewayExclusionMode: p.InternetGatewayExclusionMode, ResourceArn: `arn:aws:ec2:${options?.AwsRegion ?? 'region'}:${options?.AwsAccountId ?? 'account'}:${resource}`, State: 'create-in-progress' };
      list(ec2, 'VpcBlockPublicAccessExclusions').push(exclusion);
      return { VpcBlockPublicAccessExclusion: exclusion };
    }
    case WAIT_EXCLUSION_COMPLETE:
      settle(ec2.VpcBlockPublicAccessExclusions, (e) => e.ExclusionId, p.ExclusionIds, 'create-complete');
      return {};
    case 'EnableVgwRoutePropagation':
      (table(ec2, p.RouteTableId).PropagatingVgws ??= []).push({ GatewayId: p.GatewayId });
      return {};
    default:
      throw new Error(`${action} cannot be simulated`);
  }
}

/** A regional NAT gateway in manual mode: an address per listed AZ, and the route table AWS gives it (to the VPC's internet gateway). */
function regionalNat(ec2: Ec2Section, p: Params, n: number): NatGateway {
  const igw = ec2.InternetGateways?.find((g) => g.Attachments?.some((a) => a.VpcId === p.VpcId && (a.State === 'available' || a.State === 'attached')));
  const vpc = ec2.Vpcs?.find((v) => v.VpcId === p.VpcId);
  const routes: Route[] = vpc?.CidrBlock ? [{ DestinationCidrBlock: vpc.CidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }] : [];
  if (igw?.InternetGatewayId) routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw.InternetGatewayId, Origin: 'CreateRoute', State: 'active' });
  const tableId = `rtb-vpcdoctor-nat-${n}`;
  list(ec2, 'RouteTables').push({ RouteTableId: tableId, VpcId: p.VpcId, Routes: routes, Associations: [] });
  const addresses = ((p.AvailabilityZoneAddresses ?? []) as { AvailabilityZone?: string; AllocationIds?: string[] }[]).flatMap((zone) => (zone.AllocationIds ?? []).map((id, i) => ({
    AllocationId: id, PublicIp: ec2.Addresses?.find((a) => a.AllocationId === id)?.PublicIp, AvailabilityZone: zone.AvailabilityZone, IsPrimary: i === 0, Status: 'succeeded',
  })));
  const nat: NatGateway = {
    NatGatewayId: `nat-vpcdoctor-${n}`, VpcId: p.VpcId, State: 'pending', ConnectivityType: p.ConnectivityType ?? 'public', AvailabilityMode: 'regional',
    RouteTableId: tableId, NatGatewayAddresses: addresses,
  };
  list(ec2, 'NatGateways').push(nat);
  return nat;
}
