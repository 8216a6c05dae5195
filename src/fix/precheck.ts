// Pre-checks in the plan, so that a run never stops half-way on a limit it could have seen: the
// Elastic IP quota (read live in the --fix path), a free address in every subnet that gets a NAT
// gateway or endpoint interface, and an attached internet gateway for every VPC whose traffic the
// plan sends through a NAT gateway (re-checked by the applier right before the first mutation).
import type { NetworkModel } from '../model/network.js';
import type { PlanBuilder } from './builder.js';
import { referencedSteps } from './refs.js';
import type { FixLimits, FixPlan, FixStep } from './types.js';

export interface PreCheck {
  refused: string | null;
  requires?: FixPlan['requires'];
}

export function preChecks(model: NetworkModel, plan: PlanBuilder, limits: FixLimits = {}): PreCheck {
  const { steps } = plan;
  const refused = elasticIpQuota(model, steps, limits, plan) ?? freeAddresses(model, steps);
  if (refused) return { refused };
  const vpcs = natVpcs(model, steps);
  const gateways: { internetGatewayId: string; vpcId: string }[] = [];
  for (const vpcId of vpcs) {
    const igw = model.attachedIgwOf(vpcId)?.InternetGatewayId;
    if (!igw) return { refused: `${vpcId} has no internet gateway attached, so a NAT gateway there cannot reach the internet; attaching one is a decision for a human` };
    gateways.push({ internetGatewayId: igw, vpcId });
  }
  return { refused: null, ...(gateways.length > 0 ? { requires: { internetGateways: gateways } } : {}) };
}

/** Refuses a plan that allocates more Elastic IPs than the account has free (vpc-max-elastic-ips). */
function elasticIpQuota(model: NetworkModel, steps: FixStep[], limits: FixLimits, plan: PlanBuilder): string | null {
  const needed = steps.filter((s) => s.action === 'AllocateAddress').length;
  if (needed === 0) return null;
  const quota = limits.elasticIps;
  if (!quota) {
    plan.note(`the Elastic IP quota (vpc-max-elastic-ips) is read only live, not from a snapshot: the plan allocates ${needed}`);
    return null;
  }
  const free = Math.max(0, quota.max - quota.used);
  if (needed <= free) return null;
  return `the plan allocates ${needed} Elastic IP${needed > 1 ? 's' : ''}, but ${model.region} has ${free} free of the quota vpc-max-elastic-ips (${quota.max}, ${quota.used} in use): release unused addresses (aws ec2 describe-addresses) or ask for more (Service Quotas, EC2 "EC2-VPC Elastic IPs", L-0263D0A3), or choose a plan that allocates fewer (--via endpoint needs none)`;
}

/** Every existing subnet that gets a NAT gateway or endpoint interface needs a free address per interface. */
function freeAddresses(model: NetworkModel, steps: FixStep[]): string | null {
  const wanted = new Map<string, number>();
  for (const step of steps) {
    const ids = step.action === 'CreateNatGateway' ? [step.params.SubnetId] : step.action === 'CreateVpcEndpoint' ? (step.params.SubnetIds as unknown[] | undefined) ?? [] : [];
    for (const id of ids) if (typeof id === 'string' && !id.startsWith('$')) wanted.set(id, (wanted.get(id) ?? 0) + 1);
  }
  const short = [...wanted].map(([id, n]) => ({ id, n, free: model.subnets.get(id)?.AvailableIpAddressCount })).filter((s) => s.free !== undefined && s.free < s.n);
  if (short.length === 0) return null;
  return short.map((s) => `${s.id} has ${s.free} free address${s.free === 1 ? '' : 'es'} (AvailableIpAddressCount) and the plan puts ${s.n} interface${s.n > 1 ? 's' : ''} there`).join('; ');
}

/** The VPCs whose traffic the plan sends through a (new or reused) public NAT gateway. */
function natVpcs(model: NetworkModel, steps: FixStep[]): Set<string> {
  const vpcs = new Set<string>();
  const vpcOf = (step: FixStep, seen = 0): string | undefined => {
    const p = step.params;
    if (typeof p.VpcId === 'string') return p.VpcId;
    if (typeof p.NatGatewayId === 'string' && !p.NatGatewayId.startsWith('$')) return model.natGateways.get(p.NatGatewayId)?.VpcId;
    if (typeof p.SubnetId === 'string' && !p.SubnetId.startsWith('$')) return model.subnets.get(p.SubnetId)?.VpcId;
    if (typeof p.RouteTableId === 'string' && !p.RouteTableId.startsWith('$')) return model.routeTables.get(p.RouteTableId)?.VpcId;
    const from = referencedSteps(p.SubnetId ?? p.RouteTableId)[0];
    return from && seen < 3 ? vpcOf(steps[from - 1]!, seen + 1) : undefined;
  };
  for (const step of steps) {
    const nat = (step.action === 'CreateNatGateway' && step.params.ConnectivityType !== 'private') || step.action === 'AssociateNatGatewayAddress' || (/^(Create|Replace)Route$/.test(step.action) && step.params.NatGatewayId);
    const vpcId = nat ? vpcOf(step) : undefined;
    if (vpcId) vpcs.add(vpcId);
  }
  return vpcs;
}
