// The terminal report: header, verdict per target, hop list per subnet, findings, summary.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, FunctionReport, Hop, PathResult, Report, TargetResult, Verdict } from '../analyze/types.js';
import {
  HOP_LABEL, SEVERITY_MARK, SEVERITY_TITLE, VERDICT_MARK, VERDICT_WORD, destinationText, findingsBySeverity,
  firstPath, hopMark, stripControl, subnetAz, subnetColumns, subnetLabel, summaryLine,
} from './common.js';
import { probeHeading, probeLines } from './probe.js';
import { ownHops, repeatedTargets } from './same-path.js';
import { block, len, pad } from './wrap.js';

export interface TextOptions {
  /** Colour with ANSI escapes. */
  color: boolean;
  /** Columns to wrap to; default 80. */
  width?: number;
  /** Show reachable paths as one line instead of their hop list. */
  compact?: boolean;
}

interface Ctx { c: ChalkInstance; width: number; compact: boolean; kindWidth: number; idWidth: number }

const ID_COLUMN_MAX = 24;
const MIN_DETAIL_ROOM = 24;

export function renderText(report: Report, options: TextOptions): string {
  const ctx: Ctx = {
    c: new Chalk({ level: options.color ? 1 : 0 }),
    width: Math.max(20, Math.floor(options.width ?? 80)),
    compact: options.compact ?? false,
    kindWidth: 0,
    idWidth: 0,
  };
  const parts = report.functions.map((fr) => renderFunction(fr, { ...ctx, ...columns(fr) }).join('\n'));
  const rule = ctx.c.dim('─'.repeat(ctx.width));
  return `${parts.join(`\n\n${rule}\n\n`)}\n`;
}

/** Hop columns shared by every path of a function, so they line up from one path to the next. */
function columns(fr: FunctionReport): { kindWidth: number; idWidth: number } {
  const hops = fr.targets.flatMap((t) => t.paths.flatMap((p) => p.hops));
  const ids = hops.map((h) => len(h.id)).filter((n) => n <= ID_COLUMN_MAX);
  return { kindWidth: Math.max(0, ...hops.map((h) => len(HOP_LABEL[h.kind]))), idWidth: Math.max(0, ...ids) };
}

function verdictStyle(c: ChalkInstance, v: Verdict | 'error' | 'warning' | 'info'): (s: string) => string {
  switch (v) {
    case 'reachable': return c.green;
    case 'unreachable': case 'error': return c.red;
    case 'partial': case 'unknown': case 'warning': return c.yellow;
    case 'info': return c.cyan;
  }
}

function hopStyle(c: ChalkInstance, ok: boolean | null): (s: string) => string {
  return ok === true ? c.green : ok === false ? c.red : c.yellow;
}

function renderFunction(fr: FunctionReport, ctx: Ctx): string[] {
  const { c, width } = ctx;
  const v = fr.verdict;
  const out = block(`Function ${fr.function.name} — ${VERDICT_MARK[v]} ${VERDICT_WORD[v]}`, width, '', '  ', c.bold);
  out.push(...header(fr, ctx), '');
  // What is wrong comes first; the hop lists that show it follow.
  out.push(...renderFindings(fr, ctx));
  out.push(...renderProbe(fr, ctx));
  const repeats = ctx.compact ? repeatedTargets(fr) : new Map<TargetResult, TargetResult>();
  for (const t of fr.targets) {
    const same = repeats.get(t);
    out.push(...(same ? renderRepeat(fr, t, same, ctx) : renderTarget(fr, t, ctx)), '');
  }
  out.push(...block(summaryLine(fr), width, '', '  ', verdictStyle(c, v)));
  return out;
}

function header(fr: FunctionReport, ctx: Ctx): string[] {
  const label = (s: string) => pad(`  ${s}`, 19);
  const rest = ' '.repeat(19);
  const f = fr.function;
  const out = block(f.vpcId ?? 'none (not in a VPC)', ctx.width, label('VPC'), rest);
  // Not the pseudo-subnet of a function outside a VPC ("lambda-managed network"): it has none.
  const subnets = f.subnetIds.length > 0 ? subnetColumns(fr) : [];
  // Ids padded to the longest, so AZs and CIDRs line up when old and new-style ids are mixed.
  const idWidth = Math.max(0, ...subnets.map(len));
  subnets.forEach((id, i) => {
    const s = f.subnets?.find((x) => x.subnetId === id);
    const az = subnetAz(fr, id, firstPath(fr, id));
    const text = az || s?.cidr ? [pad(id, idWidth), az, s?.cidr].filter(Boolean).join('  ') : id;
    out.push(...block(text, ctx.width, i === 0 ? label('Subnets') : rest, rest));
  });
  if (subnets.length === 0) out.push(...block('none', ctx.width, label('Subnets'), rest));
  out.push(...block(f.securityGroupIds.join(', ') || 'none', ctx.width, label('Security groups'), rest));
  return out;
}

function targetLine(t: TargetResult, ctx: Ctx): string[] {
  const { c, width } = ctx;
  const ok = t.paths.filter((p) => p.verdict === 'reachable').length;
  const extra = t.verdict === 'partial' ? ` (${ok} of ${t.paths.length} subnets)` : '';
  const dest = destinationText(t.destination);
  const where = dest === t.target ? '' : `  ${dest}`;
  const line = `${VERDICT_MARK[t.verdict]} ${t.target}${where} — ${VERDICT_WORD[t.verdict]}${extra}`;
  const style = (s: string) => c.bold(verdictStyle(c, t.verdict)(s));
  return block(line, width, '', '    ', style);
}

function renderTarget(fr: FunctionReport, t: TargetResult, ctx: Ctx): string[] {
  const { c, width } = ctx;
  const out = targetLine(t, ctx);
  if (t.paths.length === 0) out.push(...block('no path through a subnet (see the findings)', width, '  ', '  ', c.dim));
  for (const p of t.paths) out.push(...renderPath(fr, p, ctx));
  return out;
}

function renderPath(fr: FunctionReport, p: PathResult, ctx: Ctx): string[] {
  const { c, width } = ctx;
  const style = verdictStyle(c, p.verdict);
  const head = `${VERDICT_MARK[p.verdict]} ${subnetLabel(fr, p.subnetId, p)}: ${p.verdict}`;
  if (ctx.compact && p.verdict === 'reachable') {
    const via = p.hops.filter((h) => VIA.has(h.kind)).map((h) => h.id);
    // No gateway and no route table (a function outside a VPC): there is no route to name.
    const how = via.length > 0 ? ` via ${via.join(' → ')}`
      : p.hops.some((h) => h.kind === 'route-table') ? ' via the local route' : '';
    return block(`${head}${how}`, width, '  ', '      ', style);
  }
  const out = block(head, width, '  ', '      ', style);
  for (const h of p.hops) out.push(...renderHop(h, ctx));
  return out;
}

/** A target on the same road as one printed above: its verdict, then only the hops of its own. */
function renderRepeat(fr: FunctionReport, t: TargetResult, same: TargetResult, ctx: Ctx): string[] {
  const { c, width } = ctx;
  const out = targetLine(t, ctx);
  const own = t.paths.map((p) => ({ p, hops: ownHops(p) }));
  const alike = own.every(({ hops }) => JSON.stringify(hops) === JSON.stringify(own[0]!.hops));
  const groups = alike ? [{ label: subnetsWord(t.paths.length), p: t.paths[0]!, hops: own[0]!.hops }]
    : own.map(({ p, hops }) => ({ label: subnetLabel(fr, p.subnetId, p), p, hops }));
  for (const g of groups) {
    const verdict = alike ? t.verdict : g.p.verdict;
    const head = `${VERDICT_MARK[verdict]} ${g.label}: the same hops as ${same.target} (--every-hop lists them), with`;
    out.push(...block(head, width, '  ', '      ', verdictStyle(c, verdict)));
    for (const h of g.hops) out.push(...renderHop(h, ctx));
  }
  return out;
}

function subnetsWord(n: number): string {
  return n === 1 ? 'its subnet' : n === 2 ? 'both subnets' : `all ${n} subnets`;
}

const VIA = new Set(['nat-gateway', 'internet-gateway', 'vpc-endpoint', 'peering', 'transit-gateway']);

function renderHop(h: Hop, ctx: Ctx): string[] {
  const { c, width, kindWidth, idWidth } = ctx;
  const style = hopStyle(c, h.ok);
  const indent = '    ';
  // Two spaces between columns: with one, a full-width id ran into its detail ("…c3c3 source 172…").
  const prefix = `${hopMark(h.ok)} ${pad(HOP_LABEL[h.kind], kindWidth)}  ${pad(stripControl(h.id), idWidth)}  `;
  const detailCol = len(indent) + 2 + kindWidth + 2 + idWidth + 2;
  const styledPrefix = (s: string) => (h.ok === true ? `${style(s.slice(0, 1))}${s.slice(1)}` : c.bold(style(s)));
  let out: string[];
  if (detailCol + MIN_DETAIL_ROOM <= width) {
    const detailIndent = ' '.repeat(detailCol);
    out = block(h.detail || '-', width, detailIndent, detailIndent, c.dim);
    if (len(h.id) > idWidth) {
      // An id wider than the column (a host name) gets its own line; the detail goes under it.
      out.unshift(...block(prefix.trimEnd(), width, indent, indent, styledPrefix));
    } else {
      out[0] = indent + styledPrefix(prefix) + (out[0] ?? '').slice(detailCol);
    }
  } else {
    // Too narrow for columns: mark, kind and id wrapped, the detail under them.
    out = block(`${hopMark(h.ok)} ${HOP_LABEL[h.kind]} ${h.id}`, width, indent, `${indent}  `, styledPrefix);
    if (h.detail) out.push(...block(h.detail, width, `${indent}  `, `${indent}  `, c.dim));
  }
  for (const code of h.codes ?? []) {
    const codeStyle = h.ok === false ? (s: string) => c.bold.red(s) : c.yellow;
    out.push(...block(`↳ ${code}`, width, `${indent}  `, `${indent}    `, codeStyle));
  }
  return out;
}

function renderProbe(fr: FunctionReport, ctx: Ctx): string[] {
  const lines = probeLines(fr);
  if (lines.length === 0) return [];
  const style = (line: string) => (line.startsWith('✗') ? ctx.c.red : line.startsWith('✓') ? ctx.c.green : ctx.c.yellow);
  return [ctx.c.bold(probeHeading(fr)), ...lines.flatMap((line) => block(line, ctx.width, '  ', '    ', style(line))), ''];
}

function renderFindings(fr: FunctionReport, ctx: Ctx): string[] {
  const { c } = ctx;
  const groups = findingsBySeverity(fr.findings);
  if (groups.length === 0) return [c.green('No findings.'), ''];
  const out: string[] = [c.bold('Findings')];
  for (const [severity, list] of groups) {
    const style = verdictStyle(c, severity);
    out.push(style(`  ${SEVERITY_TITLE[severity]} (${list.length})`));
    for (const f of list) out.push(...renderFinding(fr, f, ctx, `${SEVERITY_MARK[severity]} `, style));
  }
  out.push('');
  return out;
}

function renderFinding(
  fr: FunctionReport, f: Finding, ctx: Ctx, mark: string, style: (s: string) => string,
): string[] {
  const { c, width } = ctx;
  const body = '      ';
  const out = block(`${mark}${f.code}  ${f.resourceIds.join(', ')}`, width, '    ', body, (s) => c.bold(style(s)));
  out.push(...block(f.message, width, body));
  const subnets = f.subnetIds.map((s) => subnetLabel(fr, s)).join(', ');
  const scope = f.targets.length > 0 ? `${f.targets.join(', ')}${subnets ? ` from ${subnets}` : ''}` : subnets;
  if (scope) out.push(...block(`Affects: ${scope}`, width, body, `${body}  `, c.dim));
  if (f.remediation) out.push(...block(f.remediation, width, `${body}Fix: `, `${body}     `));
  out.push(...block(`More: vpcdoctor explain ${f.code}`, width, body, body, c.dim));
  return out;
}
