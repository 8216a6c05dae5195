// The repairs the plan did not choose, each planned, priced and proved on the model, so that the
// user can pick another with --nat-per-az or --via knowing what it costs and whether it would work
// for these targets (an endpoint does not serve `internet`).
import type { Report } from '../analyze/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { describeCost } from './cost.js';
import { proveFix } from './prove.js';
import type { FixPlan, PlanOptions } from './types.js';

interface Choice {
  key: string;
  label: string;
  options: PlanOptions;
}

const CHOICES: Choice[] = [
  { key: 'nat', label: 'one zonal NAT gateway (the default; --via nat)', options: { via: 'nat', natPerAz: false } },
  { key: 'nat-per-az', label: '--nat-per-az (a zonal NAT gateway in each function AZ: no cross-AZ dependency)', options: { via: 'nat', natPerAz: true } },
  { key: 'endpoint', label: '--via endpoint (interface endpoints for the AWS service targets, no NAT gateway)', options: { via: 'endpoint', natPerAz: false } },
  { key: 'regional-nat', label: '--via regional-nat (one regional NAT gateway for every function AZ, no NAT subnet)', options: { via: 'regional-nat', natPerAz: false } },
];

export function chosenKey(options: PlanOptions): string {
  return options.natPerAz ? 'nat-per-az' : options.via ?? 'nat';
}

/** The request the report answered: its functions and the targets it traced. */
function requestOf(report: Report): { functions: string[]; targets: string[] } {
  return { functions: report.functions.map((f) => f.function.name), targets: [...new Set(report.functions.flatMap((f) => f.targets.map((t) => t.target)))] };
}

/** Which of the unreachable targets the plan makes reachable on the model, or why it fails. */
function verdictOf(snapshot: Snapshot, report: Report, plan: FixPlan): string {
  const proof = proveFix(snapshot, plan, requestOf(report), report);
  if (!proof.proved) return `would NOT work: ${proof.reason ?? 'see the findings'}`;
  const was = report.functions.flatMap((f) => f.targets.filter((t) => t.verdict !== 'reachable').map((t) => `${f.function.name}|${t.target}`));
  const now = new Set(proof.after.functions.flatMap((f) => f.targets.filter((t) => t.verdict === 'reachable').map((t) => `${f.function.name}|${t.target}`)));
  const fixed = [...new Set(was.filter((k) => now.has(k)).map((k) => k.split('|')[1]!))];
  return fixed.length > 0 ? `works for ${fixed.join(', ')} (proved on the model)` : 'proved on the model';
}

export function alternatives(snapshot: Snapshot, report: Report, chosen: FixPlan, options: PlanOptions, build: (options: PlanOptions) => FixPlan): string[] {
  const mine = chosenKey(options);
  const label = CHOICES.find((c) => c.key === mine)!.label;
  const list = [chosen.steps.length > 0 ? `chosen: ${label}: ${chosen.steps.length} steps, ${describeCost(chosen.steps)}` : `chosen: ${label}: no safe plan`];
  const seen = [JSON.stringify(chosen.steps)];
  for (const choice of CHOICES.filter((c) => c.key !== mine)) {
    const plan = build({ ...options, ...choice.options });
    if (plan.refused || plan.steps.length === 0) {
      list.push(`${choice.label}: not possible: ${(plan.refused ?? 'nothing to repair').replace(/^--via [a-z-]+: /, '')}`);
      continue;
    }
    const same = seen.includes(JSON.stringify(plan.steps));
    seen.push(JSON.stringify(plan.steps));
    if (same) continue;
    list.push(`${choice.label}: ${plan.steps.length} steps, ${describeCost(plan.steps)}; ${verdictOf(snapshot, report, plan)}`);
  }
  return list;
}
