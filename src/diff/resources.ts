// What changed in one resource between two snapshots, in words a network engineer uses. Pure.
import type { HopKind } from '../analyze/types.js';
import type { IpPermission, NatGateway, NetworkAclEntry, Route, Snapshot } from '../snapshot/types.js';

export type ChangeAction = 'replaced' | 'moved' | 'deleted' | 'released' | 'removed' | 'added' | 'changed';

export interface Change { action: ChangeAction; text: string }

type Finder = (s: Snapshot, id: string) => unknown;

const FIND: Partial<Record<HopKind, Finder>> = {
  'route-table': (s, id) => s.ec2.RouteTables?.find((t) => t.RouteTableId === id),
  'nat-gateway': (s, id) => s.ec2.NatGateways?.find((n) => n.NatGatewayId === id),
  'security-group': (s, id) => s.ec2.SecurityGroups?.find((g) => g.GroupId === id),
  'network-acl': (s, id) => s.ec2.NetworkAcls?.find((a) => a.NetworkAclId === id),
  'internet-gateway': (s, id) => s.ec2.InternetGateways?.find((g) => g.InternetGatewayId === id),
  'vpc-endpoint': (s, id) => s.ec2.VpcEndpoints?.find((e) => e.VpcEndpointId === id),
  'peering': (s, id) => s.ec2.VpcPeeringConnections?.find((p) => p.VpcPeeringConnectionId === id),
  'eni': (s, id) => s.ec2.NetworkInterfaces?.find((n) => n.NetworkInterfaceId === id),
  'network-interface': (s, id) => s.ec2.NetworkInterfaces?.find((n) => n.NetworkInterfaceId === id),
  'database': (s, id) => s.rds.DBInstances?.find((d) => d.DBInstanceIdentifier === id) ?? s.rds.DBClusters?.find((c) => c.DBClusterIdentifier === id),
};

const LABEL: Partial<Record<HopKind, string>> = { 'nat-gateway': 'NAT gateway', 'security-group': 'security group', 'network-acl': 'network ACL', 'internet-gateway': 'internet gateway', 'vpc-endpoint': 'VPC endpoint' };

export function findResource(s: Snapshot, kind: HopKind, id: string): unknown {
  return FIND[kind]?.(s, id);
}

const ROUTE_TARGETS = ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId',
  'InstanceId', 'NetworkInterfaceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn', 'OdbNetworkArn'] as const;

const routeDestination = (r: Route) => r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '?';
const routeTarget = (r: Route) => ROUTE_TARGETS.map((k) => r[k]).find(Boolean) ?? '?';

function routeChanges(id: string, before: Route[], after: Route[]): Change[] {
  const out: Change[] = [];
  const next = new Map(after.map((r) => [routeDestination(r), r]));
  for (const b of before) {
    const dest = routeDestination(b);
    const a = next.get(dest);
    if (!a) out.push({ action: 'removed', text: `route ${dest} → ${routeTarget(b)} removed from ${id}` });
    else if (routeTarget(a) !== routeTarget(b)) out.push({ action: 'replaced', text: `route ${dest} in ${id} replaced: → ${routeTarget(b)} became → ${routeTarget(a)}` });
    else if ((a.State ?? 'active') !== (b.State ?? 'active')) out.push({ action: 'changed', text: `route ${dest} → ${routeTarget(a)} in ${id} is now ${a.State}` });
  }
  const had = new Set(before.map(routeDestination));
  for (const a of after) if (!had.has(routeDestination(a))) out.push({ action: 'added', text: `route ${routeDestination(a)} → ${routeTarget(a)} added to ${id}` });
  return out;
}

function permissionLines(perms: IpPermission[] | undefined, direction: string): string[] {
  return (perms ?? []).flatMap((p) => {
    const proto = p.IpProtocol === '-1' ? 'all traffic' : `${p.IpProtocol} ${p.FromPort === p.ToPort ? p.FromPort : `${p.FromPort}-${p.ToPort}`}`;
    const peers = [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ...(p.PrefixListIds ?? []).map((l) => l.PrefixListId), ...(p.UserIdGroupPairs ?? []).map((g) => g.GroupId)];
    return peers.map((peer) => `${direction} ${proto} ${direction === 'egress' ? 'to' : 'from'} ${peer}`);
  });
}

function setChanges(id: string, before: string[], after: string[], what: string): Change[] {
  const b = new Set(before);
  const a = new Set(after);
  return [...before.filter((x) => !a.has(x)).map((x): Change => ({ action: 'removed', text: `${what} ${x} removed from ${id}` })),
    ...after.filter((x) => !b.has(x)).map((x): Change => ({ action: 'added', text: `${what} ${x} added to ${id}` }))];
}

const aclLine = (e: NetworkAclEntry) => `${e.Egress ? 'egress' : 'ingress'} #${e.RuleNumber} ${e.RuleAction} ${e.Protocol === '-1' ? 'all' : `proto ${e.Protocol}`}` +
  `${e.PortRange ? ` ${e.PortRange.From}-${e.PortRange.To}` : ''} ${e.CidrBlock ?? e.Ipv6CidrBlock ?? ''}`.trimEnd();

function natChanges(id: string, b: NatGateway, a: NatGateway, after: Snapshot): Change[] {
  const out: Change[] = [];
  if (b.State !== a.State) out.push({ action: a.State === 'deleted' || a.State === 'deleting' ? 'deleted' : 'changed', text: `NAT gateway ${id} state ${b.State} → ${a.State}` });
  const kept = new Set((a.NatGatewayAddresses ?? []).map((x) => x.PublicIp).filter(Boolean));
  const allocations = new Set((after.ec2.Addresses ?? []).map((x) => x.AllocationId));
  for (const addr of b.NatGatewayAddresses ?? []) {
    if (!addr.PublicIp || kept.has(addr.PublicIp)) continue;
    const released = addr.AllocationId !== undefined && !allocations.has(addr.AllocationId);
    out.push({ action: released ? 'released' : 'removed', text: `Elastic IP ${addr.PublicIp}${addr.AllocationId ? ` (${addr.AllocationId})` : ''} ${released ? 'released' : 'disassociated'} from NAT gateway ${id}` });
  }
  const had = new Set((b.NatGatewayAddresses ?? []).map((x) => x.PublicIp).filter(Boolean));
  for (const addr of a.NatGatewayAddresses ?? []) {
    if (addr.PublicIp && !had.has(addr.PublicIp)) out.push({ action: 'added', text: `Elastic IP ${addr.PublicIp} associated with NAT gateway ${id}` });
  }
  if (out.length === 0) out.push({ action: 'changed', text: `NAT gateway ${id} changed` });
  return out;
}

/** The changes of one resource that stayed on the path (same kind and id in both snapshots). */
export function resourceChanges(kind: HopKind, id: string, before: Snapshot, after: Snapshot): Change[] {
  const b = findResource(before, kind, id) as Record<string, unknown> | undefined;
  const a = findResource(after, kind, id) as Record<string, unknown> | undefined;
  if (!b && !a) return [];
  if (b && !a) return [{ action: 'deleted', text: `${id} deleted` }];
  if (!b && a) return [{ action: 'added', text: `${id} created` }];
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  switch (kind) {
    case 'route-table': return routeChanges(id, (b!.Routes ?? []) as Route[], (a!.Routes ?? []) as Route[]);
    case 'nat-gateway': return natChanges(id, b as NatGateway, a as NatGateway, after);
    case 'security-group': return setChanges(id,
      [...permissionLines(b!.IpPermissionsEgress as IpPermission[], 'egress'), ...permissionLines(b!.IpPermissions as IpPermission[], 'ingress')],
      [...permissionLines(a!.IpPermissionsEgress as IpPermission[], 'egress'), ...permissionLines(a!.IpPermissions as IpPermission[], 'ingress')], 'rule');
    case 'network-acl': return setChanges(id, ((b!.Entries ?? []) as NetworkAclEntry[]).map(aclLine), ((a!.Entries ?? []) as NetworkAclEntry[]).map(aclLine), 'entry');
    default: {
      const keys = [...new Set([...Object.keys(b!), ...Object.keys(a!)])].filter((k) => JSON.stringify(b![k]) !== JSON.stringify(a![k]) && k !== 'Tags');
      return keys.length > 0 ? [{ action: 'changed', text: `${id}: ${keys.join(', ')} changed` }] : [];
    }
  }
}

/** A hop whose resource is another one now: an association moved, or a resource replaced. */
export function replacement(kind: HopKind, was: string, now: string, before: Snapshot, after: Snapshot): Change[] {
  if (kind === 'route-table') {
    const assoc = (s: Snapshot, rtb: string) => new Set((s.ec2.RouteTables?.find((t) => t.RouteTableId === rtb)?.Associations ?? []).map((x) => x.SubnetId ?? (x.Main ? 'main' : '')));
    const moved = [...assoc(after, now)].filter((subnet) => assoc(before, was).has(subnet) || (subnet === 'main'));
    const subnets = moved.filter((s) => s !== 'main' && s !== '');
    if (subnets.length > 0) return subnets.map((s) => ({ action: 'moved', text: `route table association of ${s} moved from ${was} to ${now}` }));
    return [{ action: 'replaced', text: `the path now meets route table ${now} here instead of ${was} (it enters another subnet)` }];
  }
  const out: Change[] = [{ action: 'replaced', text: `${LABEL[kind] ?? kind} ${was} replaced by ${now}${describeNew(kind, now, after)}` }];
  const gone = findResource(after, kind, was) as { State?: string } | undefined;
  if (!gone) out.push({ action: 'deleted', text: `${was} deleted` });
  else if (gone.State === 'deleted' || gone.State === 'deleting') out.push({ action: 'deleted', text: `${was} is ${gone.State}` });
  return out;
}

function describeNew(kind: HopKind, id: string, after: Snapshot): string {
  if (kind !== 'nat-gateway') return '';
  const nat = findResource(after, kind, id) as NatGateway | undefined;
  return nat ? ` (in ${nat.SubnetId ?? 'no subnet'}, ${nat.State ?? 'state unknown'})` : '';
}
