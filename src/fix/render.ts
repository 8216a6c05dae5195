// The plan for the terminal: numbered steps, the call and its key parameters, and why.
import { block } from '../report/wrap.js';
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

/** The plan as text, wrapped to `width` columns (the terminal's; unwrapped by default). */
export function renderPlan(plan: FixPlan, width = Infinity, title = ''): string {
  const lines: string[] = [];
  const fit = (text: string, first: string, rest = first): string[] => (width === Infinity ? [first + text] : block(text, width, first, rest));
  if (plan.refused) lines.push(...fit(`${title}No safe plan: ${plan.refused}`, '', '  '));
  else if (plan.steps.length === 0) lines.push(...fit(`${title}Nothing to repair.`, ''));
  else {
    const proof = plan.proved === true ? ' (proved on the model)' : plan.proved === false ? ' (NOT proved on the model)' : '';
    lines.push(...fit(`${title}Repair plan, ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}${proof}:`, '', '  '));
    const digits = String(plan.steps.length).length;
    const body = `  ${' '.repeat(digits)}  `;
    plan.steps.forEach((step, i) => {
      lines.push(...fit(describeStep(step), `  ${String(i + 1).padStart(digits)}. `, `${body}  `));
      lines.push(...fit(step.why, body));
    });
    lines.push(...fit('${N.Field} is the output of step N. Everything created is tagged vpcdoctor:created-by=vpcdoctor.', '  '));
    lines.push(...fit(summaryLine(plan), ''));
    for (const warning of plan.warnings ?? []) lines.push(...fit(`Warning: ${warning}`, '', '  '));
  }
  if ((plan.alternatives ?? []).length > 1) {
    lines.push('Options:');
    for (const option of plan.alternatives!) lines.push(...fit(option, '  - ', '    '));
  }
  const notes = (plan.notes ?? []).filter((n) => !plan.refused?.includes(n));
  if (notes.length > 0) {
    lines.push('Not repaired / worth knowing:');
    for (const note of notes) lines.push(...fit(note, '  - ', '    '));
  }
  return lines.join('\n');
}
