// The probe's evidence beside the model's verdict, per target × subnet, for the text, Markdown and
// JUnit reports (the JSON report carries it as paths[].probe and function.probe).
import type { FunctionReport, PathProbe } from '../analyze/types.js';
import { subnetLabel } from './common.js';

export interface ProbeRow {
  target: string;
  subnet: string;
  model: string;
  probe: PathProbe;
}

export function probeRows(fr: FunctionReport): ProbeRow[] {
  return fr.targets.flatMap((t) => t.paths.filter((p) => p.probe).map((p) => ({
    target: t.target, subnet: subnetLabel(fr, p.subnetId, p), model: p.verdict, probe: p.probe!,
  })));
}

export const AGREEMENT_MARK = (agrees: boolean | null): string => (agrees === true ? '✓' : agrees === false ? '✗' : '?');
export const AGREEMENT_WORD = (agrees: boolean | null): string => (agrees === true ? 'agrees' : agrees === false ? 'DISAGREES' : 'no comparison');

export function probeHeading(fr: FunctionReport): string {
  const runtime = fr.probe?.runtime ? `, ${fr.probe.runtime}` : '';
  return `Probe (a real connection from each subnet${runtime}; the probe functions were deleted)`;
}

/** Plain lines: "✓ ses from subnet-0a (us-west-2a): model reachable, probe connected … — agrees". */
export function probeLines(fr: FunctionReport): string[] {
  const rows = probeRows(fr);
  if (rows.length === 0) return [];
  const lines = rows.map((r) => `${AGREEMENT_MARK(r.probe.agrees)} ${r.target} from ${r.subnet}: model ${r.model}; probe ${r.probe.summary} — ${AGREEMENT_WORD(r.probe.agrees)}`);
  const against = rows.filter((r) => r.probe.agrees === false).length;
  if (against > 0) lines.push(`The probe contradicts the model on ${against} of ${rows.length} ${rows.length === 1 ? 'path' : 'paths'}: trust the probe (see PROBE_DISAGREES).`);
  return lines;
}
