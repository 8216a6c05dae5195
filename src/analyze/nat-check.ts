// Whether a NAT gateway would carry a function subnet's traffic to a public target, judged by the
// analysis's own trace from the NAT gateway on: its state and address, its subnet's network ACLs
// both ways, its route table, any firewall before the internet gateway, the gateway and VPC Block
// Public Access. The --fix planner asks this before it reuses a NAT gateway, so that it never
// proposes one the proof then refuses.
import { addressesOf } from '../model/addresses.js';
import type { NetworkModel } from '../model/network.js';
import type { LambdaFunction, SecurityGroup } from '../snapshot/types.js';
import { FindingCollector } from './findings.js';
import type { Goal } from './targets.js';
import { destinationSet, pathResult } from './trace/destination.js';
import { arrive, traceNat } from './trace/nat.js';
import { PathTrace, type FunctionScope } from './trace/path.js';
import type { FunctionInfo } from './types.js';

export type PublicGoal = Extract<Goal, { kind: 'public' }>;

/** A public target that fails from a function subnet, and the function it fails for. */
export interface NatGoal {
  fn: FunctionInfo;
  goal: PublicGoal;
}

/** Whether `natId` carries every one of the subnet's failing public targets. */
export function natCarriesAll(model: NetworkModel, subnetId: string, natId: string, goals: NatGoal[]): boolean {
  return goals.every(({ fn, goal }) => natCarriesFor(model, fn, subnetId, natId, goal));
}

/** Whether traffic of `subnetId` (a subnet of `fn`) sent to `natId` reaches the target with nothing blocked or unknown. */
export function natCarriesFor(model: NetworkModel, fn: FunctionInfo, subnetId: string, natId: string, goal: PublicGoal): boolean {
  const key = `nat-carries ${natId} ${fn.name} ${subnetId} ${goal.port} ${goal.host ?? ''} ${goal.service ?? ''}`;
  return model.memo(key, () => {
    const subnet = model.subnets.get(subnetId);
    const address = model.subnetCidr(subnetId);
    if (!subnet || !address || !fn.vpcId) return false;
    const lambda = model.snapshot.functions?.find((f) => f.FunctionName === fn.name) ?? standIn(fn);
    const groups = fn.securityGroupIds.map((g) => model.securityGroups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
    // A throwaway collector: the findings of this question are the analysis's to raise, not the planner's.
    const scope: FunctionScope = { model, fn: lambda, name: fn.name, vpcId: fn.vpcId, groupIds: fn.securityGroupIds, groups, findings: new FindingCollector() };
    const az = subnet.AvailabilityZone ?? '';
    const trace = new PathTrace(scope, { subnet, subnetId, az, address, addresses: addressesOf([address]) }, { spec: 'internet', goal }, destinationSet(model, fn.vpcId, goal));
    traceNat(trace, natId, goal.port);
    arrive(trace, 'internet', goal.host ?? 'internet', `${goal.host ?? 'a public address'} on tcp ${goal.port}`);
    return pathResult(trace, subnetId, az).verdict === 'reachable';
  });
}

function standIn(fn: FunctionInfo): LambdaFunction {
  return { FunctionName: fn.name, FunctionArn: fn.arn, VpcConfig: { SubnetIds: fn.subnetIds, SecurityGroupIds: fn.securityGroupIds, VpcId: fn.vpcId ?? undefined } };
}
