// planFix: from a report's findings to the EC2 calls that repair them. Pure: reads the snapshot
// and the report, touches nothing. Nothing pre-existing is deleted; whatever it creates is tagged.
import type { Report } from '../analyze/types.js';
import { NetworkModel } from '../model/network.js';
import type { Snapshot } from '../snapshot/types.js';
import { collectBlockers, lambdaSubnets, type Blocker } from './blockers.js';
import { PlanBuilder } from './builder.js';
import { defaultRoute } from './network.js';
import { EGRESS_CODES, planEgress } from './plan-egress.js';
import { planGatewayEndpoints } from './plan-endpoint.js';
import { egressBlockers, planInterfaceEndpoints } from './plan-interface-endpoint.js';
import { preChecks } from './precheck.js';
import { BPA_CODE, bpaWarnings, planBpaExclusions } from './plan-bpa.js';
import { planRegionalZones, REGIONAL_AZ_CODE } from './plan-regional-az.js';
import { planSecurityGroups } from './plan-sg.js';
import { costOf, summarize } from './cost.js';
import { alternatives } from './alternatives.js';
import { managedWarnings } from './managed.js';
import type { FixPlan, PlanOptions } from './types.js';

/** The codes a plan can repair; every other blocking finding is left for a human. */
export const REPAIRABLE_CODES = new Set([...EGRESS_CODES, 'SG_EGRESS_DENIED', 'SG_INGRESS_DENIED', BPA_CODE, REGIONAL_AZ_CODE]);

/** `model`: the snapshot's model, when the caller plans for several reports (it is built otherwise). */
export function planFix(snapshot: Snapshot, report: Report, model: NetworkModel = new NetworkModel(snapshot), options: PlanOptions = {}): FixPlan {
  // Read once from the report: the chosen plan and every alternative plan for the same blockers.
  const blockers = collectBlockers(model, report);
  const plan = buildPlan(model, report, blockers, options);
  if (plan.steps.length > 0) {
    plan.summary = summarize(plan.steps);
    plan.monthlyUsd = costOf(plan.steps).monthlyUsd;
    const warnings = [...managedWarnings(model, plan.steps), ...bpaWarnings(model, plan.steps)];
    if (warnings.length > 0) plan.warnings = warnings;
  }
  // The options differ only in how internet-bound traffic leaves: list them when that is broken.
  if (egressBlockers(blockers).length > 0) plan.alternatives = alternatives(snapshot, report, plan, options, (o) => buildPlan(model, report, blockers, o));
  return plan;
}

function buildPlan(model: NetworkModel, report: Report, blockers: Blocker[], options: PlanOptions): FixPlan {
  const plan = new PlanBuilder();
  if (blockers.length === 0) return { steps: [], refused: null, addresses: [], notes: ['nothing to repair: no target is unreachable'] };
  // Rules first: cheap, quick to fail, and independent of the rest.
  planSecurityGroups(model, blockers, plan);
  const viaGateway = planGatewayEndpoints(model, blockers, plan);
  let rest = blockers.filter((b) => !viaGateway.has(b));
  if (options.via === 'endpoint') {
    const endpoints = planInterfaceEndpoints(model, rest, plan, options.limits);
    if (endpoints.refused) return { steps: [], refused: `--via endpoint: ${endpoints.refused}`, addresses: [], notes: [] };
    rest = rest.filter((b) => !endpoints.handled.has(b));
  }
  planEgress(model, rest, lambdaSubnets(model), plan, { perAz: options.natPerAz === true, regional: options.via === 'regional-nat' });
  planRegionalZones(model, rest, plan);
  planBpaExclusions(model, rest, plan);
  leftForHuman(report, plan);
  unusedNats(model, plan);
  const addresses = [...plan.addressed].sort();
  if (plan.steps.length === 0) {
    const why = plan.notes.length > 0 ? plan.notes.join('; ') : 'no finding on the unreachable paths is one vpcdoctor can repair';
    return { steps: [], refused: why, addresses, notes: plan.notes };
  }
  const checked = preChecks(model, plan, options.limits);
  if (checked.refused) return { steps: [], refused: checked.refused, addresses, notes: plan.notes };
  return { steps: plan.steps, refused: null, addresses, notes: plan.notes, ...(checked.requires ? { requires: checked.requires } : {}) };
}

/** Blocking findings no step repairs: named in the notes, with what the analysis says about them. */
function leftForHuman(report: Report, plan: PlanBuilder): void {
  for (const entry of report.functions) {
    for (const finding of entry.findings) {
      if (finding.severity !== 'error' || plan.addressed.has(finding.code)) continue;
      if (REPAIRABLE_CODES.has(finding.code) && plan.notes.some((n) => n.includes(finding.code))) continue;
      plan.note(`${finding.code} (${finding.resourceIds.join(', ')}): not repaired by --fix, needs a human: ${finding.message}`);
    }
  }
}

/** Pre-existing NAT gateways whose routes the plan takes away keep billing: say so (they are not deleted). */
function unusedNats(model: NetworkModel, plan: PlanBuilder): void {
  const replaced = plan.steps.filter((s) => s.action === 'ReplaceRoute').map((s) => s.params.RouteTableId as string);
  const byNat = new Map<string, string[]>();
  for (const tableId of replaced) {
    const route = defaultRoute(model, model.routeTables.get(tableId));
    const nat = route?.NatGatewayId ? model.natGateways.get(route.NatGatewayId) : undefined;
    if (nat?.NatGatewayId && (nat.State === 'available' || nat.State === 'pending')) byNat.set(nat.NatGatewayId, [...(byNat.get(nat.NatGatewayId) ?? []), tableId]);
  }
  for (const [natId, tables] of byNat) {
    plan.note(`${natId} no longer carries the traffic of ${tables.join(', ')}; it is left in place (and billing): delete it yourself if nothing else uses it`);
  }
}
