// VPC Block Public Access (block-bidirectional) drops what leaves by the internet gateway or the
// egress-only internet gateway: the repair is an allow-egress exclusion (never allow-bidirectional,
// which lets the internet in too) for the subnet that owns the source address at the gateway: the
// zonal NAT gateway's subnet, the whole VPC for a regional NAT gateway (it has no subnet), the
// function's own subnet for IPv6 (nothing translates it). An exclusion is asynchronous
// (create-in-progress → create-complete) and exempts nothing until complete, so a wait step follows.
import { bpaExclusionsAllowed } from '../model/bpa.js';
import type { NetworkModel } from '../model/network.js';
import type { VpcBlockPublicAccessExclusion } from '../snapshot/types.js';
import type { Blocker } from './blockers.js';
import type { PlanBuilder } from './builder.js';
import { EGRESS_CODES } from './plan-egress.js';
import { WAIT_EXCLUSION_COMPLETE, WAIT_EXCLUSION_DELETED, ref, tagSpec, type FixStep } from './types.js';

export const BPA_CODE = 'VPC_BLOCK_PUBLIC_ACCESS';
export const CREATE_EXCLUSION = 'CreateVpcBlockPublicAccessExclusion';

interface ExclusionTarget {
  kind: 'subnet' | 'vpc';
  id: string;
  /** The VPC (the subnet's, or id itself): a pending exclusion of it covers the subnet too. */
  vpcId: string;
  /** What the exclusion is for, in the step's why. */
  reason: string;
}

export function planBpaExclusions(model: NetworkModel, blockers: Blocker[], plan: PlanBuilder): void {
  const blocked = blockers.filter((b) => b.codes.includes(BPA_CODE));
  if (blocked.length === 0) return;
  const options = model.snapshot.ec2.VpcBlockPublicAccessOptions;
  if (!bpaExclusionsAllowed(model)) {
    plan.note(`${BPA_CODE}: exclusions cannot be created here (ExclusionsAllowed ${options?.ExclusionsAllowed ?? '?'}, managed by ${options?.ManagedBy ?? '?'}: an organization's declarative policy sets BPA); ask the organization's administrators, or reach AWS services through VPC endpoints instead`);
    return;
  }
  const targets = new Map<string, ExclusionTarget>();
  for (const blocker of blocked) {
    const target = exclusionTarget(model, blocker, options?.InternetGatewayBlockMode, plan);
    if (target && !targets.has(`${target.kind}/${target.id}`) && !existing(model, target, plan)) targets.set(`${target.kind}/${target.id}`, target);
  }
  if (targets.size === 0) return;
  // All created first, then one wait: AWS works on them in parallel.
  const ids = [...targets.values()].map((target) => addExclusion(target, plan));
  plan.add({
    action: WAIT_EXCLUSION_COMPLETE,
    iamAction: 'ec2:DescribeVpcBlockPublicAccessExclusions',
    params: { ExclusionIds: ids },
    why: `wait until the exclusion${ids.length > 1 ? 's are' : ' is'} create-complete: until then BPA still drops the traffic`,
  });
  plan.addresses([BPA_CODE]);
}

/** The resource an exclusion must cover for this path, or null (with a note saying why none is planned). */
function exclusionTarget(model: NetworkModel, blocker: Blocker, mode: string | undefined, plan: PlanBuilder): ExclusionTarget | null {
  const path = `${blocker.target} from ${blocker.subnetId}`;
  const first = blocker.codes.filter((c) => EGRESS_CODES.has(c));
  if (first.length > 0) {
    plan.note(`${BPA_CODE} for ${path}: ${first.join(', ')} must be repaired first (which subnet to exclude depends on it); run --fix again afterwards`);
    return null;
  }
  const gateway = blocker.hops.findIndex((h) => h.kind === 'internet-gateway' && h.codes?.includes(BPA_CODE));
  if (mode === 'block-ingress') {
    plan.note(`${BPA_CODE} for ${path}: in block-ingress mode only an allow-bidirectional exclusion exempts the function's address sent straight to ${blocker.hops[gateway]?.id ?? 'the internet gateway'}, and that lets the internet in too: vpcdoctor does not plan it. Route ::/0 to an egress-only internet gateway instead (block-ingress lets its traffic out), or decide on the exclusion yourself`);
    return null;
  }
  const natHop = blocker.hops.slice(0, gateway).reverse().find((h) => h.kind === 'nat-gateway');
  if (!natHop) return { kind: 'subnet', id: blocker.subnetId, vpcId: model.subnets.get(blocker.subnetId)?.VpcId ?? '', reason: `the function's own subnet, whose addresses ${blocker.hops[gateway]?.id ?? 'the gateway'} sees (nothing translates them)` };
  const nat = model.natGateways.get(natHop.id);
  const vpcId = nat?.VpcId;
  const owner = vpcId ? model.vpcs.get(vpcId)?.OwnerId : undefined;
  const functionOwner = model.vpcs.get(model.subnets.get(blocker.subnetId)?.VpcId ?? '')?.OwnerId;
  if (owner && functionOwner && owner !== functionOwner) {
    plan.note(`${BPA_CODE} for ${path}: ${natHop.id} belongs to account ${owner}; an exclusion there must be created with that account's credentials`);
    return null;
  }
  if (nat?.AvailabilityMode === 'regional' && vpcId) return { kind: 'vpc', id: vpcId, vpcId, reason: `the VPC of regional NAT gateway ${natHop.id}, which has no subnet to exclude` };
  if (nat?.SubnetId) return { kind: 'subnet', id: nat.SubnetId, vpcId: vpcId ?? '', reason: `the subnet of ${natHop.id}, whose address the internet gateway sees` };
  plan.note(`${BPA_CODE} for ${path}: ${natHop.id} names no subnet or VPC in the snapshot; needs a human`);
  return null;
}

const covers = (e: VpcBlockPublicAccessExclusion, target: ExclusionTarget) =>
  (e.ResourceArn ?? '').endsWith(`:${target.kind}/${target.id}`) || (target.vpcId !== '' && (e.ResourceArn ?? '').endsWith(`:vpc/${target.vpcId}`));
const GONE = new Set(['delete-complete', 'delete-in-progress']);

/** An exclusion of the resource that exists but is not in effect: not replaced behind its owner's back. */
function existing(model: NetworkModel, target: ExclusionTarget, plan: PlanBuilder): boolean {
  const found = (model.snapshot.ec2.VpcBlockPublicAccessExclusions ?? []).find((e) => covers(e, target) && !GONE.has(e.State ?? ''));
  if (!found) return false;
  const pending = found.State === 'create-in-progress' || found.State === 'update-in-progress';
  plan.note(`${BPA_CODE}: ${found.ExclusionId} already covers ${target.id}${found.ResourceArn?.includes(':vpc/') && target.kind === 'subnet' ? ` (through its VPC ${target.vpcId})` : ''} but is ${found.State}${found.Reason ? ` (${found.Reason})` : ''}; ${pending ? 'it takes effect when complete: check again in a few minutes' : 'modify or delete it yourself (ModifyVpcBlockPublicAccessExclusion)'}`);
  return true;
}

/** The create step; returns the reference to the exclusion's id. */
function addExclusion(target: ExclusionTarget, plan: PlanBuilder): string {
  const n = plan.steps.length + 1;
  const exclusionId = ref(n, 'VpcBlockPublicAccessExclusion.ExclusionId');
  plan.add({
    action: CREATE_EXCLUSION,
    iamAction: `ec2:${CREATE_EXCLUSION}`,
    params: { [target.kind === 'subnet' ? 'SubnetId' : 'VpcId']: target.id, InternetGatewayExclusionMode: 'allow-egress', TagSpecifications: tagSpec('vpc-block-public-access-exclusion') },
    why: `exempt from VPC Block Public Access, outbound only (allow-egress: inbound stays blocked), ${target.reason}`,
    undo: [
      { action: 'DeleteVpcBlockPublicAccessExclusion', params: { ExclusionId: exclusionId } },
      { action: WAIT_EXCLUSION_DELETED, params: { ExclusionIds: [exclusionId] } },
    ],
  });
  return exclusionId;
}

/** What the planned exclusions open, for the plan's warnings. */
export function bpaWarnings(model: NetworkModel, steps: FixStep[]): string[] {
  const options = model.snapshot.ec2.VpcBlockPublicAccessOptions;
  const opened = steps.filter((s) => s.action === CREATE_EXCLUSION)
    .map((s) => (s.params.SubnetId ? `every resource in subnet ${String(s.params.SubnetId)}` : `every subnet of ${String(s.params.VpcId)}`));
  if (opened.length === 0) return [];
  return [`the exclusion${opened.length > 1 ? 's let' : ' lets'} ${opened.join(' and ')} start connections to the internet despite VPC Block Public Access ` +
    `(${options?.InternetGatewayBlockMode ?? '?'}, managed by ${options?.ManagedBy ?? 'account'}); allow-egress keeps inbound blocked ` +
    '(allow-bidirectional would let the internet in too, and is never planned). Someone enabled BPA on purpose: agree the exclusion with them'];
}
