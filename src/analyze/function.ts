// One function's analysis: every target from every one of its subnets.
import type { LambdaFunction, NetworkInterface, SecurityGroup } from '../snapshot/types.js';
import { addressesOf } from '../model/addresses.js';
import { parseCidr } from '../model/cidr.js';
import { IntervalSet } from '../model/interval-set.js';
import { destinationSet, pathResult } from './trace/destination.js';
import type { NetworkModel } from '../model/network.js';
import { FindingCollector } from './findings.js';
import { checkFunctionState, checkSubnets } from './function-checks.js';
import { outsideVpcPath } from './outside-vpc.js';
import { defaultTargetSpecs, resolveTarget, type Target } from './targets.js';
import { PathTrace, type FunctionScope } from './trace/path.js';
import { traceAddress, traceDatabase } from './trace/private.js';
import { traceProxy } from './trace/proxy.js';
import { tracePublic } from './trace/public.js';
import { traceIpv6 } from './trace/ipv6.js';
import type { FunctionReport, Hop, PathResult, TargetResult } from './types.js';
import { functionVerdict, pathVerdict, targetVerdict } from './verdicts.js';

export function analyzeFunction(model: NetworkModel, fn: LambdaFunction, targetSpecs: string[] | undefined): FunctionReport {
  const name = fn.FunctionName ?? fn.FunctionArn ?? '(unnamed)';
  const subnetIds = fn.VpcConfig?.SubnetIds ?? [];
  const groupIds = fn.VpcConfig?.SecurityGroupIds ?? [];
  const vpcId = fn.VpcConfig?.VpcId || (subnetIds[0] ? model.subnets.get(subnetIds[0])?.VpcId : undefined);
  const findings = new FindingCollector();
  const state = checkFunctionState(fn, name, findings);
  const inVpc = subnetIds.length > 0 && vpcId !== undefined;
  const specs = targetSpecs ?? defaultTargetSpecs(model, fn.Environment?.Variables, groupIds);
  const targets = specs.map((spec) => resolveTarget(spec, model));
  const info = {
    name, arn: fn.FunctionArn ?? '', vpcId: inVpc ? vpcId! : null, subnetIds, securityGroupIds: groupIds,
    subnets: subnetIds.map((s) => ({ subnetId: s, availabilityZone: model.subnets.get(s)?.AvailabilityZone ?? '', cidr: model.subnets.get(s)?.CidrBlock ?? '' })),
  };
  let results: TargetResult[];
  if (!inVpc) {
    findings.raise({ code: 'FUNCTION_NOT_IN_VPC', evidence: { resource: name } });
    results = targets.map((target) => toResult(target, [outsideVpcPath(model, target, findings, name)]));
  } else {
    checkSubnets(model, subnetIds, name, findings);
    const groups = groupIds.map((g) => model.securityGroups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
    const scope: FunctionScope = { model, fn, name, vpcId: vpcId!, groupIds, groups, findings };
    // Lambda ENIs are per subnet, not per target: look each up once.
    const enis = new Map(subnetIds.map((subnetId) => [subnetId, functionEni(model, subnetId, groupIds)]));
    results = targets.map((target) => toResult(target, subnetIds.map((subnetId) => tracePath(scope, subnetId, enis.get(subnetId), target, state === 'failed'))));
  }
  const report: FunctionReport = { function: info, verdict: 'reachable', targets: results, findings: [] };
  report.verdict = functionVerdict(report);
  report.findings = findings.list();
  return report;
}

function toResult(target: Target, paths: PathResult[]): TargetResult {
  const { goal } = target;
  const address = 'address' in goal && goal.address ? goal.address.text.replace(/\/(32|128)$/, '') : undefined;
  const host = 'host' in goal ? goal.host : undefined;
  const destination = { ...(host ? { host } : {}), ...(address ? { address } : {}), port: goal.port, protocol: 'tcp' as const };
  return { target: target.spec, destination, verdict: targetVerdict(paths), paths };
}

function tracePath(scope: FunctionScope, subnetId: string, eni: NetworkInterface | undefined, target: Target, functionFailed: boolean): PathResult {
  const { model } = scope;
  const subnet = model.subnets.get(subnetId);
  const cidr = model.subnetCidr(subnetId);
  const az = subnet?.AvailabilityZone ?? '';
  if (!subnet) return missingSubnet(scope, subnetId, target);
  if (!cidr) return ipv6OnlySubnet(subnetId, az);
  const address = parseCidr(eni?.PrivateIpAddress) ?? cidr;
  const trace = new PathTrace(scope, { subnet, subnetId, az, address, addresses: addressesOf([address]) }, target, destinationSet(model, scope.vpcId, target.goal));
  eniHop(trace, eni, functionFailed);
  const { goal } = target;
  if (goal.kind === 'public') tracePublic(trace, goal);
  else if (goal.kind === 'public6') traceIpv6(trace, goal, eni);
  else if (goal.kind === 'database') traceDatabase(trace, goal.database, goal.port, goal.host);
  else if (goal.kind === 'proxy') traceProxy(trace, goal.proxy, goal.port, goal.host);
  else traceAddress(trace, goal.address, goal.port);
  return pathResult(trace, subnetId, az);
}

function eniHop(trace: PathTrace, eni: NetworkInterface | undefined, functionFailed: boolean): void {
  const { subnetId } = trace.source;
  if (functionFailed) {
    trace.add('eni', eni?.NetworkInterfaceId ?? subnetId, false, 'the function is in state Failed: it cannot run', ['FUNCTION_NOT_ACTIVE']);
    return;
  }
  if (eni?.NetworkInterfaceId) {
    trace.add('eni', eni.NetworkInterfaceId, true, `source ${eni.PrivateIpAddress}`);
    return;
  }
  if (trace.model.missingEc2('NetworkInterfaces')) {
    trace.add('eni', subnetId, true, `${subnetId} (${trace.source.az}); network interfaces not collected, so the subnet's range stands in`);
    return;
  }
  const code = trace.raise('FUNCTION_NO_ENI', { resource: subnetId });
  trace.add('eni', subnetId, true, `no Lambda ENI yet in ${subnetId} (${trace.source.az}): its range ${trace.source.address.text} stands in`, [code]);
}

/** Lambda ENIs are shared by every function with the same subnet and security-group set. */
export function functionEni(model: NetworkModel, subnetId: string, groupIds: string[]): NetworkInterface | undefined {
  const wanted = [...groupIds].sort().join(',');
  return model.networkInterfaces.find((n) =>
    n.InterfaceType === 'lambda' && n.SubnetId === subnetId && (n.Groups ?? []).map((g) => g.GroupId).sort().join(',') === wanted);
}

function missingSubnet(scope: FunctionScope, subnetId: string, target: Target): PathResult {
  const missing = scope.model.missingEc2('Subnets');
  const trace = new PathTrace(scope, { subnet: {}, subnetId, az: '', address: parseCidr('0.0.0.0/0')!, addresses: addressesOf([]) }, target, IntervalSet.EMPTY);
  if (missing) trace.requireEc2('eni', subnetId, 'Subnets');
  else {
    const code = trace.raise('FUNCTION_NOT_ACTIVE', { resource: scope.name, detail: `its subnet ${subnetId} does not exist` }, { severity: 'error' });
    trace.add('eni', subnetId, false, `subnet ${subnetId} does not exist`, [code]);
  }
  return { subnetId, availabilityZone: '', verdict: pathVerdict(trace.hops), hops: trace.hops };
}

/** vpcdoctor analyses IPv4 (as Reachability Analyzer does): a subnet without an IPv4 block is not traced. */
function ipv6OnlySubnet(subnetId: string, az: string): PathResult {
  const hops: Hop[] = [{ kind: 'eni', id: subnetId, ok: null, detail: 'the subnet has no IPv4 block: IPv6 paths are not analysed' }];
  return { subnetId, availabilityZone: az, verdict: pathVerdict(hops), hops };
}
