// What stands in the way: every unreachable path of the report, with the codes of its blocking
// hops and what its target resolves to in the model.
import type { Hop, FunctionInfo, Report } from '../analyze/types.js';
import { resolveTarget, type Goal } from '../analyze/targets.js';
import type { NetworkModel } from '../model/network.js';

export interface Blocker {
  fn: FunctionInfo;
  target: string;
  goal: Goal;
  port: number;
  subnetId: string;
  /** Codes on the hops that block (ok === false). */
  codes: string[];
  hops: Hop[];
}

export function blockingCodes(hops: Hop[]): string[] {
  return [...new Set(hops.filter((h) => h.ok === false).flatMap((h) => h.codes ?? []))];
}

export function collectBlockers(model: NetworkModel, report: Report): Blocker[] {
  const blockers: Blocker[] = [];
  // The analysis resolved every target already; a spec shared by several functions is resolved once here.
  const goals = new Map<string, Goal | null>();
  const goalOf = (spec: string): Goal | null => {
    if (!goals.has(spec)) {
      let goal: Goal | null = null;
      try {
        goal = resolveTarget(spec, model).goal;
      } catch {
        // a target the model cannot resolve: nothing to plan for it
      }
      goals.set(spec, goal);
    }
    return goals.get(spec)!;
  };
  for (const entry of report.functions) {
    for (const result of entry.targets) {
      if (!result.paths.some((p) => p.verdict === 'unreachable')) continue;
      const goal = goalOf(result.target);
      if (!goal) continue;
      for (const path of result.paths) {
        if (path.verdict !== 'unreachable') continue;
        blockers.push({ fn: entry.function, target: result.target, goal, port: result.destination.port, subnetId: path.subnetId, codes: blockingCodes(path.hops), hops: path.hops });
      }
    }
  }
  return blockers;
}

/** Every subnet of every Lambda function in the snapshot: never a home for a NAT gateway. */
export function lambdaSubnets(model: NetworkModel): Set<string> {
  return new Set(model.snapshot.functions.flatMap((fn) => fn.VpcConfig?.SubnetIds ?? []));
}
