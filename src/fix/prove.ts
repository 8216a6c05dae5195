// proveFix: the plan applied to the model before anything is touched (contract §5). The analysis
// runs again on the simulated snapshot; the plan is proved only if every path it set out to repair
// is now reachable, no path that worked breaks, and no route points at a NAT gateway before the
// step that waits for it to be available.
import { analyze, type AnalysisRequest } from '../analyze/index.js';
import type { Report } from '../analyze/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { blockingCodes } from './blockers.js';
import { simulate } from './simulate.js';
import { WAIT_AVAILABLE, type FixPlan } from './types.js';

export interface Proof {
  proved: boolean;
  /** The report on the snapshot as the plan would leave it (the unchanged one when nothing ran). */
  after: Report;
  reason?: string;
}

interface PathState {
  verdict: string;
  codes: string[];
}

function paths(report: Report): Map<string, PathState> {
  const map = new Map<string, PathState>();
  for (const fn of report.functions) {
    for (const target of fn.targets) {
      for (const path of target.paths) map.set(`${fn.function.name}|${target.target}|${path.subnetId}`, { verdict: path.verdict, codes: blockingCodes(path.hops) });
    }
  }
  return map;
}

const describe = (key: string): string => {
  const [fn, target, subnet] = key.split('|');
  return `${target} from ${subnet} (${fn})`;
};

/**
 * `before`: the report on the unchanged snapshot for this request, when the caller has it already
 * (it is analysed again otherwise).
 */
export function proveFix(snapshot: Snapshot, plan: FixPlan, request: AnalysisRequest, before: Report = analyze(snapshot, request)): Proof {
  if (plan.refused) return { proved: false, after: before, reason: plan.refused };
  const order = routeBeforeWait(plan) ?? unusedCreation(plan);
  if (order) return { proved: false, after: before, reason: order };
  let after: Report;
  try {
    after = analyze(simulate(snapshot, plan.steps), request);
  } catch (error) {
    return { proved: false, after: before, reason: `the plan cannot be applied to the model: ${(error as Error).message}` };
  }
  const addressed = new Set(plan.addresses ?? []);
  const was = paths(before);
  const now = paths(after);
  const still: string[] = [];
  const broken: string[] = [];
  for (const [key, old] of was) {
    const next = now.get(key);
    if (!next) continue;
    if (old.verdict === 'reachable' && next.verdict !== 'reachable') broken.push(`${describe(key)}: now ${next.verdict} (${next.codes.join(', ')})`);
    if (old.verdict !== 'unreachable' || !old.codes.some((c) => addressed.has(c))) continue;
    const repairable = old.codes.every((c) => addressed.has(c));
    const left = next.codes.filter((c) => addressed.has(c));
    if ((repairable && next.verdict !== 'reachable') || left.length > 0) still.push(`${describe(key)}: still blocked by ${next.codes.join(', ') || next.verdict}`);
  }
  if (still.length === 0 && broken.length === 0 && plan.steps.length > 0 && ![...was.values()].some((p) => p.verdict === 'unreachable' && p.codes.some((c) => addressed.has(c)))) {
    return { proved: false, after, reason: 'the plan repairs none of the unreachable paths' };
  }
  const problems = [...(still.length > 0 ? [`still unreachable after the plan: ${still.join('; ')}`] : []), ...(broken.length > 0 ? [`the plan would break: ${broken.join('; ')}`] : [])];
  return problems.length > 0 ? { proved: false, after, reason: problems.join('. ') } : { proved: true, after };
}

/** A route to a NAT gateway placed before the step that waits for that gateway: the invariant says no. */
function routeBeforeWait(plan: FixPlan): string | null {
  const waited = new Set<string>();
  for (const [index, step] of plan.steps.entries()) {
    if (step.action === WAIT_AVAILABLE) for (const id of step.params.NatGatewayIds as string[]) waited.add(id);
    const nat = step.params.NatGatewayId;
    if ((step.action === 'CreateRoute' || step.action === 'ReplaceRoute') && typeof nat === 'string' && !waited.has(nat)) {
      return `step ${index + 1} (${step.action}) points a route at ${nat} before any step waits for it to be available`;
    }
  }
  return null;
}

/** Every Elastic IP, security group and NAT gateway the plan creates is used by a later step (and, for a NAT gateway, a route). */
function unusedCreation(plan: FixPlan): string | null {
  const mentions = (value: string, actions: string[]) => plan.steps.some((s) => actions.includes(s.action) && JSON.stringify(s.params).includes(`"${value}"`));
  for (const [index, step] of plan.steps.entries()) {
    const n = index + 1;
    // A regional NAT gateway names its addresses in AvailabilityZoneAddresses[].AllocationIds.
    if (step.action === 'AllocateAddress' && !mentions(`\${${n}.AllocationId}`, ['CreateNatGateway', 'AssociateNatGatewayAddress'])) {
      return `step ${n} allocates an Elastic IP that no step uses: it would bill and carry nothing`;
    }
    if (step.action === 'CreateNatGateway' && !plan.steps.some((s) => ['CreateRoute', 'ReplaceRoute'].includes(s.action) && s.params.NatGatewayId === `\${${n}.NatGateway.NatGatewayId}`)) {
      return `step ${n} creates a NAT gateway that no route uses: it would bill and carry nothing`;
    }
    if (step.action === 'CreateSecurityGroup' && !mentions(`\${${n}.GroupId}`, ['CreateVpcEndpoint'])) {
      return `step ${n} creates a security group that no endpoint uses`;
    }
  }
  return null;
}
