// Private destinations: a database, or an address held by a network interface, in this VPC or a
// peered one. The route must stay inside (local, peering, transit gateway); the destination's
// subnet ACL and security groups decide at the far end.
import { covers, type Cidr } from '../../model/cidr.js';
import type { IntervalSet } from '../../model/interval-set.js';
import { cidrsSet } from '../../model/ipv4-set.js';
import { splitByRoutes } from '../../model/route-split.js';
import type { FindingCode } from '../codes.js';
import type { Database } from '../databases.js';
import { aclCrossing, destinationIngress, functionEgress } from './filters.js';
import { dnsSupportHop } from './dns.js';
import { arrive } from './nat.js';
import type { PathTrace } from './path.js';
import type { Refs } from '../rules/remedy.js';
import { traceVpcCrossing } from './peering.js';
import { blockPiece, followPieces, routeStep, unknownPiece, type RouteStep } from './route.js';

export interface PrivateDestination {
  /** The destination for messages: a database id or an address. */
  label: string;
  vpcId?: string;
  subnetId?: string;
  addresses: Cidr[];
  groupIds: string[];
  /** What a broken cross-VPC path is called: DB_OTHER_VPC_NO_PATH for databases, else NO_ROUTE. */
  crossVpcCode: FindingCode;
  /** Ids for the cross-VPC finding's remediation beyond the other VPC (a proxy's name and port). */
  refs?: Partial<Refs>;
  /** Several destination subnets (a proxy endpoint's): each subnet's ACL judges its own addresses. */
  subnets?: { subnetId: string; addresses: IntervalSet }[];
}

export function tracePrivate(trace: PathTrace, destination: PrivateDestination, port: number): { groupReferences: boolean; step?: RouteStep } {
  const sameSubnet = destination.subnets
    ? destination.subnets.every((s) => s.subnetId === trace.source.subnetId)
    : destination.subnetId === trace.source.subnetId;
  const groupReferences = groupReferencesReach(trace, destination);
  functionEgress(trace, { groupIds: groupReferences ? destination.groupIds : [] }, port);
  if (!sameSubnet) aclCrossing(trace, trace.source.subnetId, 'leaving', port);
  const step = routeStep(trace, trace.source.subnetId);
  const otherVpc = destination.vpcId !== undefined && destination.vpcId !== trace.scope.vpcId;
  if (step) {
    followPieces(trace, step, (piece) => {
      const { target } = piece.match;
      if (target.type === 'peering' || target.type === 'transit-gateway') {
        traceVpcCrossing(trace, target, destination, step.hop.id);
      } else if (target.type !== 'local') {
        const detail = `${target.id} cannot carry traffic to a private address${otherVpc ? ` in ${destination.vpcId}` : ''}`;
        if (['instance', 'network-interface', 'virtual-private-gateway', 'other'].includes(target.type)) {
          unknownPiece(trace, step, trace.raise('ROUTE_TARGET_UNVERIFIABLE', { resource: step.hop.id, detail: `${target.type} ${target.id}` }), `${target.type} is not analysed`);
        } else {
          blockPiece(trace, step, raiseCrossVpc(trace, destination, step.hop.id, detail), detail);
        }
      }
    });
    if (otherVpc && destination.crossVpcCode !== 'NO_ROUTE' && step.hop.codes?.includes('NO_ROUTE')) {
      step.hop.codes = [...step.hop.codes, raiseCrossVpc(trace, destination, step.hop.id, `no route to ${destination.vpcId}`)];
    }
  }
  if (destination.subnets) {
    for (const { subnetId, addresses } of destination.subnets) {
      if (subnetId !== trace.source.subnetId) trace.branch(addresses, () => aclCrossing(trace, subnetId, 'entering', port));
    }
  } else if (!sameSubnet && destination.subnetId) aclCrossing(trace, destination.subnetId, 'entering', port);
  return { groupReferences, step };
}

/**
 * Whether a rule naming a security group on the other side can match: not across a Region
 * (vpc-peering-security-groups), nor through a transit gateway, whose security-group referencing
 * is off unless enabled. Decided before the walk, since the function's egress rules depend on it.
 */
function groupReferencesReach(trace: PathTrace, destination: PrivateDestination): boolean {
  if (!destination.vpcId || destination.vpcId === trace.scope.vpcId) return true;
  const table = trace.model.routeTableOf(trace.source.subnetId);
  const pieces = table ? splitByRoutes(table, cidrsSet(destination.addresses), trace.model) : [];
  const target = pieces.length === 1 ? pieces[0]!.match?.target : pieces.find((p) => p.match?.target.type === 'transit-gateway')?.match?.target;
  if (target?.type === 'transit-gateway') return false;
  if (target?.type !== 'peering') return true;
  const peering = trace.model.peerings.get(target.id);
  const regions = [peering?.RequesterVpcInfo?.Region, peering?.AccepterVpcInfo?.Region].filter(Boolean);
  return !(regions.length === 2 && regions[0] !== regions[1]);
}

/** DB_OTHER_VPC_NO_PATH is about the database (and the table that lacks the route); NO_ROUTE about the table. */
export function raiseCrossVpc(trace: PathTrace, destination: PrivateDestination, tableId: string, detail: string): FindingCode {
  if (destination.crossVpcCode === 'NO_ROUTE') return trace.raise('NO_ROUTE', { resource: tableId, detail });
  return trace.raise(destination.crossVpcCode, { resource: destination.label, detail: detail.includes(tableId) ? detail : `${tableId}: ${detail}` }, { alsoAbout: [tableId], refs: { ...(destination.vpcId ? { peerVpc: destination.vpcId } : {}), ...destination.refs } });
}

/**
 * DB instance statuses in which the database keeps serving connections (RDS User Guide, "Viewing
 * Amazon RDS DB instance status", accessing-monitoring.html): maintenance-like work on a running
 * instance. `modifying`, `rebooting`, `upgrading` and the rest can drop connections: not counted.
 */
export const OPERATIONAL = new Set(['available', 'backing-up', 'configuring-enhanced-monitoring', 'configuring-iam-database-auth', 'configuring-log-exports', 'storage-optimization', 'resetting-master-credentials']);

export function traceDatabase(trace: PathTrace, database: Database, port: number, host: string | undefined): void {
  if (database.missing) {
    trace.requireRds('database', database.id, database.missing);
    return;
  }
  if (host) dnsSupportHop(trace, host, `resolves to the database's private address`);
  if (database.addresses.length === 0) {
    if (database.vpcId && database.vpcId !== trace.scope.vpcId && !vpcsConnected(trace, database.vpcId)) {
      const code = trace.raise('DB_OTHER_VPC_NO_PATH', { resource: database.id, detail: `it is in ${database.vpcId}, and no peering connection or transit gateway joins it to ${trace.scope.vpcId}` }, { refs: { peerVpc: database.vpcId } });
      trace.add('database', database.id, false, `in ${database.vpcId}, not connected to ${trace.scope.vpcId}`, [code]);
      return;
    }
    trace.add('database', database.id, null, 'where the database lives is not in the snapshot (its subnets or instances are missing)');
    return;
  }
  const { groupReferences } = tracePrivate(trace, { ...database, label: database.id, crossVpcCode: 'DB_OTHER_VPC_NO_PATH' }, port);
  destinationIngress(trace, database.groupIds, port, { groupReferences });
  const available = OPERATIONAL.has(database.status.toLowerCase());
  const codes = available ? [] : [trace.raise('DB_NOT_AVAILABLE', { resource: database.id, detail: `status ${database.status}` })];
  const where = database.eniId ? `${database.addresses[0]!.text.replace('/32', '')} (${database.eniId})` : `in ${database.subnetId ?? 'an unknown subnet'}`;
  const before = trace.soFar();
  trace.add('database', database.id, available ? before : false, `${database.kind === 'cluster' ? 'Aurora cluster' : 'DB instance'} ${database.status}, ${where}, port ${port}`, codes);
  trace.flow.deliver();
}

export function traceAddress(trace: PathTrace, address: Cidr, port: number): void {
  const { model } = trace;
  const vpcId = [...model.vpcs.keys()].find((id) => model.vpcCidrs(id).some((c) => covers(c, address)));
  const label = address.prefix === 32 ? address.text.slice(0, -3) : address.text;
  if (!vpcId) {
    tracePrivate(trace, { label, addresses: [address], groupIds: [], crossVpcCode: 'NO_ROUTE' }, port);
    arrive(trace, 'network-interface', label, `${label}:${port} (outside every VPC in the snapshot)`);
    return;
  }
  const subnet = model.subnetContaining(vpcId, address);
  if (!subnet?.SubnetId) {
    // In order: the route lookup decides first whether the packet goes toward that VPC at all.
    const { step } = tracePrivate(trace, { label, vpcId, addresses: [address], groupIds: [], crossVpcCode: 'NO_ROUTE' }, port);
    if (step?.hop.ok === false) return;
    const code = trace.raise('ADDRESS_NOT_IN_SUBNET', { resource: label, detail: vpcId });
    trace.add('network-interface', label, false, `${label} lies in ${vpcId} but in no subnet`, [code]);
    return;
  }
  const eni = address.prefix === 32 ? model.interfaceHolding(label, vpcId) : undefined;
  const groupIds = (eni?.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g);
  const { groupReferences } = tracePrivate(trace, { label, vpcId, subnetId: subnet.SubnetId, addresses: [address], groupIds, crossVpcCode: 'NO_ROUTE' }, port);
  if (address.prefix < 32) {
    arrive(trace, 'network-interface', label, `${label}:${port} in ${subnet.SubnetId}`);
    return;
  }
  if (!eni) {
    if (!trace.requireEc2('network-interface', label, 'NetworkInterfaces')) return;
    const code = trace.raise('ADDRESS_NOT_ASSIGNED', { resource: label, detail: `in ${subnet.SubnetId}` });
    trace.add('network-interface', label, false, `no network interface holds ${label} in ${subnet.SubnetId}`, [code]);
    return;
  }
  destinationIngress(trace, groupIds, port, { groupReferences });
  arrive(trace, 'network-interface', eni.NetworkInterfaceId ?? label, `${label}:${port} (${eni.NetworkInterfaceId}, ${eni.InterfaceType ?? 'interface'})`);
}

/** Whether a peering connection or transit gateway attachments could join the two VPCs. */
export function vpcsConnected(trace: PathTrace, otherVpcId: string): boolean {
  const { model, scope } = trace;
  const peered = [...model.peerings.values()].some((p) => {
    const vpcs = [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId];
    return vpcs.includes(scope.vpcId) && vpcs.includes(otherVpcId) && p.Status?.Code === 'active';
  });
  const gatewaysOf = (vpcId: string) => new Set((model.snapshot.ec2.TransitGatewayAttachments ?? [])
    .filter((a) => a.ResourceId === vpcId && a.State === 'available').map((a) => a.TransitGatewayId));
  const ours = gatewaysOf(scope.vpcId);
  const viaTransit = [...gatewaysOf(otherVpcId)].some((id) => ours.has(id));
  return peered || viaTransit || model.missingEc2('VpcPeeringConnections') !== null;
}
