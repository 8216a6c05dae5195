// The diff report: text for people, JSON for pipelines. Pure.
import type { SnapshotDiff } from '../diff/index.js';

export function renderDiffText(diff: SnapshotDiff): string {
  const lines: string[] = [];
  for (const c of diff.changed) {
    const from = c.subnetId ? ` from ${c.subnetId}` : '';
    lines.push(`${c.function}: ${c.target}${from}: ${c.before} → ${c.after}`);
    if (c.changes.length === 0) lines.push('  no resource on the path changed (the verdict follows from data collected differently)');
    for (const h of c.changes) lines.push(`  hop ${h.hop} ${h.kind} ${h.id}: ${h.text}${h.codes.length > 0 ? ` [${h.codes.join(', ')}]` : ''}`);
    if (c.newCodes.length > 0) lines.push(`  new findings: ${c.newCodes.join(', ')} (vpcdoctor explain CODE)`);
  }
  const counts = Object.entries(diff.unchanged).map(([v, n]) => `${n} ${v}`).join(', ');
  const total = Object.values(diff.unchanged).reduce((a, b) => a + (b ?? 0), 0);
  lines.push(diff.changed.length === 0 ? `No verdict changed (${total} unchanged${counts ? `: ${counts}` : ''}).` : `${total} other verdict(s) unchanged${counts ? ` (${counts})` : ''}.`);
  return `${lines.join('\n')}\n`;
}

export function renderDiffJson(diff: SnapshotDiff): string {
  return `${JSON.stringify({ diffVersion: 1, ...diff }, null, 2)}\n`;
}
