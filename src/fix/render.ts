// The plan for the terminal: numbered steps, the call and its key parameters, and why.
import { summaryLine } from './cost.js';
import type { FixPlan, FixStep } from './types.js';

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map(value).join(',');
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).filter(([k]) => k !== 'Description').map(([k, x]) => `${k}=${value(x)}`).join(' ');
  }
  return String(v);
}

export function describeStep(step: FixStep): string {
  const params = Object.entries(step.params)
    .filter(([key]) => key !== 'TagSpecifications')
    .map(([key, v]) => (key === 'IpPermissions' ? value(v) : `${key}=${value(v)}`))
    .join(' ');
  return `${step.action} ${params}`.trim();
}

export function renderPlan(plan: FixPlan): string {
  const lines: string[] = [];
  if (plan.refused) lines.push(`No safe plan: ${plan.refused}`);
  else if (plan.steps.length === 0) lines.push('Nothing to repair.');
  else {
    const proof = plan.proved === true ? ' (proved on the model)' : plan.proved === false ? ' (NOT proved on the model)' : '';
    lines.push(`Repair plan, ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}${proof}:`);
    const width = String(plan.steps.length).length;
    plan.steps.forEach((step, i) => {
      lines.push(`  ${String(i + 1).padStart(width)}. ${describeStep(step)}`);
      lines.push(`  ${' '.repeat(width)}  ${step.why}`);
    });
    lines.push('  ${N.Field} is the output of step N. Everything created is tagged vpcdoctor:created-by=vpcdoctor.');
    lines.push(summaryLine(plan));
    for (const warning of plan.warnings ?? []) lines.push(`Warning: ${warning}`);
    if ((plan.alternatives ?? []).length > 1) {
      lines.push('Options:');
      for (const option of plan.alternatives!) lines.push(`  - ${option}`);
    }
  }
  const notes = (plan.notes ?? []).filter((n) => !plan.refused?.includes(n));
  if (notes.length > 0) {
    lines.push('Not repaired / worth knowing:');
    for (const note of notes) lines.push(`  - ${note}`);
  }
  return lines.join('\n');
}
