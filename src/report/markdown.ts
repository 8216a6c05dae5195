// The Markdown report: for a runbook, a PR comment or a ticket. GitHub-flavoured, Mermaid diagrams.
import type { FunctionReport, PathResult, Report, TargetResult } from '../analyze/types.js';
import {
  HOP_LABEL, SEVERITY_MARK, SEVERITY_TITLE, VERDICT_MARK, VERDICT_WORD, destinationText, findingsBySeverity,
  firstPath, hopMark, stripControl, pathCodes, subnetAz, subnetColumns, subnetLabel, summaryLine,
} from './common.js';
import { buildGraph } from './graph-model.js';
import { renderMermaidFlowchart } from './mermaid.js';
import { AGREEMENT_MARK, AGREEMENT_WORD, probeHeading, probeRows } from './probe.js';

/** Inline text: characters Markdown or HTML would act on are escaped; newlines become spaces. */
export function mdText(s: string): string {
  return stripControl(s).replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    // An underscore inside a word (NAT_NO_PUBLIC_IP) is literal in GFM; only the others can emphasise.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}

/** An inline code span that survives backticks and table pipes in its content. */
export function mdCode(s: string): string {
  const text = stripControl(s).replace(/\|/g, '\\|');
  const fence = text.includes('`') ? '``' : '`';
  return fence === '``' ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A subnet id as code; the pseudo-subnet of a function outside a VPC ("lambda-managed network") as text. */
function subnetName(id: string): string {
  return /\s/.test(id) ? mdText(id) : mdCode(id);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderMarkdown(report: Report): string {
  const out: string[] = ['# vpcdoctor report', ''];
  if (report.functions.length > 1) {
    for (const fr of report.functions) out.push(`- ${VERDICT_MARK[fr.verdict]} ${mdText(summaryLine(fr))}`);
    out.push('');
  }
  for (const fr of report.functions) out.push(...renderFunction(fr));
  return `${out.join('\n').trimEnd()}\n`;
}

function renderFunction(fr: FunctionReport): string[] {
  const f = fr.function;
  const out = [`## ${mdCode(f.name)} — ${VERDICT_MARK[fr.verdict]} ${VERDICT_WORD[fr.verdict]}`, ''];
  out.push(`**${mdText(summaryLine(fr))}**`, '');
  const subnets = subnetColumns(fr);
  const own = f.subnetIds.length > 0 ? subnets : []; // not the pseudo-subnet of a function outside a VPC
  // A list, not a two-column table: GitHub draws a table's empty header row as a blank bar.
  out.push(`- **VPC:** ${f.vpcId ? mdCode(f.vpcId) : 'none (not in a VPC)'}`);
  out.push(`- **Subnets:** ${own.map((s) => {
    const az = subnetAz(fr, s, firstPath(fr, s));
    return az ? `${subnetName(s)} (${mdText(az)})` : subnetName(s);
  }).join(', ') || 'none'}`);
  out.push(`- **Security groups:** ${f.securityGroupIds.map(mdCode).join(', ') || 'none'}`, '');

  out.push('### Verdicts', '');
  if (fr.targets.length === 0) out.push('No targets were checked.', '');
  else out.push(...verdictTable(fr, subnets), '');

  const broken = fr.targets.flatMap((t) => t.paths.filter((p) => p.verdict !== 'reachable').map((p) => [t, p] as const));
  if (broken.length > 0) {
    out.push('### Broken paths', '');
    for (const [t, p] of broken) out.push(...pathTable(fr, t, p));
  }

  out.push(...probeTable(fr));
  out.push('### Findings', '');
  const groups = findingsBySeverity(fr.findings);
  if (groups.length === 0) out.push('None.', '');
  for (const [severity, list] of groups) {
    out.push(`#### ${SEVERITY_TITLE[severity]}`, '');
    for (const x of list) {
      const res = x.resourceIds.length > 0 ? ` (${x.resourceIds.map(mdCode).join(', ')})` : '';
      out.push(`- ${SEVERITY_MARK[severity]} **${mdText(x.code)}**${res}: ${mdText(x.message)}`);
      // `<br>` ends the line: a bare newline would run the fix into the message's paragraph.
      if (x.remediation) out[out.length - 1] += `<br>\n  **Fix:** ${mdText(x.remediation)}`;
    }
    out.push('');
  }

  const drawn = fr.targets.filter((t) => t.paths.length > 0);
  if (drawn.length > 0) {
    out.push('### Paths', '');
    for (const t of drawn) {
      out.push(`#### ${mdCode(t.target)} — ${VERDICT_MARK[t.verdict]} ${VERDICT_WORD[t.verdict]}`, '');
      out.push('```mermaid', renderMermaidFlowchart([{ graph: buildGraph(fr, [t]) }]).trimEnd(), '```', '');
    }
  }
  return out;
}

/**
 * Target (with its destination under it), verdict, then one column per subnet: the verdict comes
 * before the subnets so that a table wider than the page scrolls the subnets, not the verdict, away.
 */
function verdictTable(fr: FunctionReport, subnets: readonly string[]): string[] {
  const head = ['Target', 'Verdict', ...subnets.map((s) => {
    const az = subnetAz(fr, s, firstPath(fr, s));
    return az ? `${subnetName(s)}<br>${mdText(az)}` : subnetName(s);
  })];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const t of fr.targets) {
    const cells = subnets.map((s) => {
      const p = t.paths.find((x) => x.subnetId === s);
      if (!p) return '—';
      const codes = pathCodes(p);
      return `${VERDICT_MARK[p.verdict]}${codes.length > 0 ? ` ${codes.map((c) => `**${mdText(c)}**`).join(', ')}` : ''}`;
    });
    lines.push(row([`${mdCode(t.target)}<br>${mdText(destinationText(t.destination))}`,
      `${VERDICT_MARK[t.verdict]} ${VERDICT_WORD[t.verdict]}`, ...cells]));
  }
  return lines;
}

function probeTable(fr: FunctionReport): string[] {
  const rows = probeRows(fr);
  if (rows.length === 0) return [];
  const out = [`### ${mdText(probeHeading(fr))}`, '', row(['Target', 'Subnet', 'Model', 'Probe', '']), row(['---', '---', '---', '---', ':---:'])];
  for (const r of rows) out.push(row([mdCode(r.target), mdText(r.subnet), r.model, mdText(r.probe.summary), `${AGREEMENT_MARK(r.probe.agrees)} ${AGREEMENT_WORD(r.probe.agrees)}`]));
  return [...out, ''];
}

function pathTable(fr: FunctionReport, t: TargetResult, p: PathResult): string[] {
  const out = [
    `#### ${mdCode(t.target)} from ${mdText(subnetLabel(fr, p.subnetId, p))} — ${VERDICT_MARK[p.verdict]} ${p.verdict}`, '',
    row(['#', '', 'Hop', 'Resource', 'Detail']), row(['---:', ':---:', '---', '---', '---']),
  ];
  p.hops.forEach((h, i) => {
    const codes = (h.codes ?? []).map((c) => `**${mdText(c)}**`).join(', ');
    const mark = h.ok === true ? hopMark(h.ok) : `**${hopMark(h.ok)}**`;
    const detail = [codes, mdText(h.detail)].filter(Boolean).join(': ');
    out.push(row([String(i + 1), mark, mdText(HOP_LABEL[h.kind]), mdCode(h.id), detail]));
  });
  out.push('');
  return out;
}
