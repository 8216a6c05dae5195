// Fingerprints of what a plan reads or touches: for each resource id, the snapshot fields the plan
// and its proof rely on (a route table's routes and associations, a NAT gateway's state and
// address, a subnet's table and ACL…), canonicalised and hashed. `apply PLAN` recomputes them on
// the network as it is now and refuses a plan whose network changed. Pure: no I/O, no clock.
import { createHash } from 'node:crypto';
import { NetworkModel } from '../model/network.js';
import type { Snapshot } from '../snapshot/types.js';
import type { FixPlan } from './types.js';

export interface ResourceFingerprint {
  /** sha256 of the canonical JSON of `state`. */
  sha256: string;
  /** The fields relied on; null when the resource did not exist. Kept so a refusal can say what changed. */
  state: Record<string, unknown> | null;
}

export type Fingerprints = Record<string, ResourceFingerprint>;

const ID = /^(vpc|subnet|rtb|rtbassoc|nat|igw|sg|acl|vpce|eipalloc)-[0-9a-z]+$/;
const kindOf = (id: string): string => id.slice(0, id.indexOf('-'));

/** JSON with sorted keys and sorted arrays: the order AWS lists routes, rules or entries in carries no meaning. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function idsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' && ID.test(value)) into.add(value);
  else if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsIn(v, into);
}

/**
 * What the plan relies on: every resource a step or an undo names, the function's subnets, and
 * what those lead to (a subnet's route table and ACL, a NAT gateway's subnet, a table's targets).
 */
export function planResources(snapshot: Snapshot, plan: FixPlan, functionSubnets: string[]): string[] {
  const model = new NetworkModel(snapshot);
  const createsSubnets = plan.steps.some((s) => s.action === 'CreateSubnet');
  const ids = new Set<string>(functionSubnets);
  for (const step of plan.steps) idsIn([step.params, step.undo ?? []], ids);
  const queue = [...ids];
  const add = (id: string | undefined) => {
    if (id && ID.test(id) && !ids.has(id)) { ids.add(id); queue.push(id); }
  };
  while (queue.length > 0) {
    const id = queue.pop()!;
    switch (kindOf(id)) {
      case 'subnet': add(model.routeTableOf(id)?.RouteTableId); add(model.networkAclOf(id)?.NetworkAclId); add(model.subnets.get(id)?.VpcId); break;
      case 'nat': add(model.natGateways.get(id)?.SubnetId); break;
      case 'rtb': for (const r of model.routeTables.get(id)?.Routes ?? []) { add(r.GatewayId); add(r.NatGatewayId); } break;
      case 'rtbassoc': add(tableOfAssociation(snapshot, id)); break;
      // A new subnet with no association joins the main table.
      case 'vpc': if (createsSubnets) add([...model.routeTables.values()].find((t) => t.VpcId === id && t.Associations?.some((a) => a.Main))?.RouteTableId); break;
    }
  }
  return [...ids].filter((id) => kindOf(id) !== 'rtbassoc').sort();
}

function tableOfAssociation(snapshot: Snapshot, associationId: string): string | undefined {
  return snapshot.ec2.RouteTables?.find((t) => t.Associations?.some((a) => a.RouteTableAssociationId === associationId))?.RouteTableId;
}

/** The fields of one resource that the plan relies on, or null when it is not in the snapshot. */
function stateOf(model: NetworkModel, id: string, createsSubnets: boolean): Record<string, unknown> | null {
  switch (kindOf(id)) {
    case 'vpc': {
      const vpc = model.vpcs.get(id);
      if (!vpc) return null;
      const subnetCidrs = createsSubnets ? [...model.subnets.values()].filter((s) => s.VpcId === id).map((s) => s.CidrBlock) : undefined;
      return { OwnerId: vpc.OwnerId, cidrs: model.vpcCidrs(id).map((c) => c.text), subnetCidrs };
    }
    case 'subnet': {
      const s = model.subnets.get(id);
      return s ? { VpcId: s.VpcId, AvailabilityZone: s.AvailabilityZone, CidrBlock: s.CidrBlock, State: s.State, routeTable: model.routeTableOf(id)?.RouteTableId, networkAcl: model.networkAclOf(id)?.NetworkAclId } : null;
    }
    case 'rtb': {
      const t = model.routeTables.get(id);
      if (!t) return null;
      const routes = (t.Routes ?? []).map(({ Origin: _origin, ...route }) => route);
      const associations = (t.Associations ?? []).map((a) => ({ id: a.RouteTableAssociationId, SubnetId: a.SubnetId, GatewayId: a.GatewayId, Main: a.Main, State: a.AssociationState?.State }));
      return { VpcId: t.VpcId, Routes: routes, Associations: associations, PropagatingVgws: t.PropagatingVgws };
    }
    case 'nat': {
      const n = model.natGateways.get(id);
      return n ? { State: n.State, SubnetId: n.SubnetId, ConnectivityType: n.ConnectivityType, AvailabilityMode: n.AvailabilityMode, addresses: (n.NatGatewayAddresses ?? []).map((a) => ({ AllocationId: a.AllocationId, PublicIp: a.PublicIp, Status: a.Status })) } : null;
    }
    case 'igw': {
      const g = model.internetGateways.get(id);
      return g ? { Attachments: g.Attachments ?? [] } : null;
    }
    case 'sg': {
      const g = model.securityGroups.get(id);
      return g ? { VpcId: g.VpcId, IpPermissions: g.IpPermissions ?? [], IpPermissionsEgress: g.IpPermissionsEgress ?? [] } : null;
    }
    case 'acl': {
      const a = model.networkAcls.get(id);
      return a ? { Entries: a.Entries ?? [], subnets: (a.Associations ?? []).map((x) => x.SubnetId) } : null;
    }
    case 'vpce': {
      const e = model.endpoints.find((x) => x.VpcEndpointId === id);
      return e ? { ...e, Tags: undefined, CreationTimestamp: undefined } as Record<string, unknown> : null;
    }
    case 'eipalloc': {
      const a = model.snapshot.ec2.Addresses?.find((x) => x.AllocationId === id);
      return a ? { PublicIp: a.PublicIp, AssociationId: a.AssociationId, NetworkInterfaceId: a.NetworkInterfaceId } : null;
    }
    default: return null;
  }
}

export function fingerprint(snapshot: Snapshot, ids: string[], plan: FixPlan): Fingerprints {
  const model = new NetworkModel(snapshot);
  const createsSubnets = plan.steps.some((s) => s.action === 'CreateSubnet');
  const out: Fingerprints = {};
  for (const id of ids) {
    const state = stateOf(model, id, createsSubnets);
    const text = canonical(state);
    out[id] = { sha256: createHash('sha256').update(text).digest('hex'), state: state === null ? null : (JSON.parse(text) as Record<string, unknown>) };
  }
  return out;
}

const short = (text: string) => (text.length > 200 ? `${text.slice(0, 197)}...` : text);

/** One line per resource whose fingerprint differs, naming the fields that changed. */
export function fingerprintChanges(recorded: Fingerprints, current: Fingerprints): string[] {
  const changes: string[] = [];
  for (const [id, was] of Object.entries(recorded)) {
    const now = current[id];
    if (!now || now.sha256 === was.sha256) continue;
    if (was.state === null) changes.push(`${id} now exists (it did not when the plan was made)`);
    else if (now.state === null) changes.push(`${id} is gone`);
    else changes.push(`${id}: ${fieldChanges(was.state, now.state).join(', ')}`);
  }
  return changes;
}

function fieldChanges(was: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  return keys.filter((k) => canonical(was[k]) !== canonical(now[k])).map((k) => {
    const [a, b] = [was[k], now[k]];
    if (Array.isArray(a) && Array.isArray(b)) {
      const [sa, sb] = [new Set(a.map(canonical)), new Set(b.map(canonical))];
      const gone = [...sa].filter((x) => !sb.has(x)).map((x) => `-${short(x)}`);
      const added = [...sb].filter((x) => !sa.has(x)).map((x) => `+${short(x)}`);
      return `${k} ${[...gone, ...added].join(' ')}`;
    }
    return `${k} was ${short(canonical(a))}, now ${short(canonical(b))}`;
  });
}
