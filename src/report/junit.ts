// JUnit XML for CI test views: a testsuite per function, a testcase per target × subnet.
// Unreachable → <failure>; unknown → <error>: the check could not be completed (a denied or
// missing describe call), which is what JUnit's "error" means, and CI must not show it green
// (the exit code for unknown is 3, not 0), so it is not <skipped>.
import type { FunctionReport, PathResult, Report, ReportMetadata, TargetResult, Verdict } from '../analyze/types.js';
import {
  HOP_LABEL, destinationText, hopMark, pathProblems, subnetLabel, type Problem,
} from './common.js';
import { probeHeading, probeLines } from './probe.js';

/** Text content: characters XML 1.0 cannot hold at all are dropped; `&`, `<`, `>` are escaped. */
export function xmlText(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: as text, plus quotes, with line breaks kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

type Outcome = 'pass' | 'failure' | 'error';

interface Case {
  name: string;
  outcome: Outcome;
  message: string;
  type: string;
  body: string;
}

function outcomeOf(v: Verdict): Outcome {
  return v === 'reachable' ? 'pass' : v === 'unknown' ? 'error' : 'failure';
}

function problemLine(p: Problem): string {
  const what = p.finding?.message ?? `${HOP_LABEL[p.hop.kind]} ${p.hop.id}: ${p.hop.detail}`;
  return p.code ? `${p.code}: ${what}` : what;
}

function pathCase(fr: FunctionReport, t: TargetResult, p: PathResult): Case {
  const name = `${t.target} @ ${subnetLabel(fr, p.subnetId, p)}`;
  const outcome = outcomeOf(p.verdict);
  if (outcome === 'pass') return { name, outcome, message: '', type: '', body: '' };
  const problems = pathProblems(fr, t, p);
  const first = problems[0];
  const body = [
    `${t.target} (${destinationText(t.destination)}) from ${subnetLabel(fr, p.subnetId, p)}: ${p.verdict}`,
    '',
    'Hops:',
    ...p.hops.map((h, i) => `  ${i + 1}. ${hopMark(h.ok)} ${HOP_LABEL[h.kind]} ${h.id}: ${h.detail}` +
      ((h.codes ?? []).length > 0 ? ` [${(h.codes ?? []).join(', ')}]` : '')),
  ];
  const seen = new Set<string>();
  for (const pr of problems) {
    const key = `${pr.code}|${pr.hop.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    body.push('', problemLine(pr));
    if (pr.finding?.remediation) body.push(`Fix: ${pr.finding.remediation}`);
  }
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return {
    name, outcome, body: body.join('\n'),
    message: first ? `${problemLine(first)}${more}` : `${t.target}: ${p.verdict}`,
    type: first?.code ?? p.verdict,
  };
}

/** A target checked through no subnet (a function outside a VPC): one case from the target's verdict. */
function targetCase(fr: FunctionReport, t: TargetResult): Case {
  const outcome = outcomeOf(t.verdict);
  const related = fr.findings.filter((f) => f.targets.includes(t.target));
  const first = related[0];
  const message = first ? `${first.code}: ${first.message}` : `${t.target}: ${t.verdict}`;
  const body = [`${t.target} (${destinationText(t.destination)}): ${t.verdict}`,
    ...related.flatMap((f) => ['', `${f.code}: ${f.message}`, `Fix: ${f.remediation}`])].join('\n');
  return { name: t.target, outcome, message, type: first?.code ?? t.verdict, body };
}

/** The report's metadata (when and where it was true) as suite properties. */
function metadataProperties(meta: ReportMetadata | undefined, ind: string): string[] {
  if (!meta) return [];
  const props: [string, string][] = [['capturedAt', meta.capturedAt ?? ''], ['live', String(meta.live)], ['region', meta.region],
    ['accountId', meta.accountId ?? ''], ['vpcdoctorVersion', meta.vpcdoctorVersion], ...(meta.warnings ?? []).map((w): [string, string] => ['warning', w])];
  return props.map(([k, v]) => `${ind}    <property name="${k}" value="${xmlAttr(v)}"/>`);
}

function suite(fr: FunctionReport, ind: string, meta?: ReportMetadata): { xml: string[]; tests: number; failures: number; errors: number } {
  const cases = fr.targets.flatMap((t) =>
    t.paths.length > 0 ? t.paths.map((p) => pathCase(fr, t, p)) : [targetCase(fr, t)]);
  const failures = cases.filter((c) => c.outcome === 'failure').length;
  const errors = cases.filter((c) => c.outcome === 'error').length;
  const f = fr.function;
  const xml = [
    `${ind}<testsuite name="${xmlAttr(f.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0">`,
    `${ind}  <properties>`,
    `${ind}    <property name="arn" value="${xmlAttr(f.arn)}"/>`,
    `${ind}    <property name="vpcId" value="${xmlAttr(f.vpcId ?? '')}"/>`,
    `${ind}    <property name="verdict" value="${xmlAttr(fr.verdict)}"/>`,
    ...metadataProperties(meta, ind),
    `${ind}  </properties>`,
  ];
  for (const c of cases) {
    const open = `${ind}  <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(f.name)}"`;
    if (c.outcome === 'pass') { xml.push(`${open}/>`); continue; }
    xml.push(`${open}>`,
      `${ind}    <${c.outcome} message="${xmlAttr(c.message)}" type="${xmlAttr(c.type)}">${xmlText(c.body)}</${c.outcome}>`,
      `${ind}  </testcase>`);
  }
  const probe = probeLines(fr);
  if (fr.findings.length > 0 || probe.length > 0) {
    const findings = fr.findings.map((x) => `[${x.severity}] ${x.code}: ${x.message}\n  Fix: ${x.remediation}`);
    const text = [...findings, ...(probe.length > 0 ? [probeHeading(fr), ...probe] : [])].join('\n');
    xml.push(`${ind}  <system-out>${xmlText(text)}</system-out>`);
  }
  xml.push(`${ind}</testsuite>`);
  return { xml, tests: cases.length, failures, errors };
}

export function renderJunit(report: Report): string {
  const suites = report.functions.map((fr) => suite(fr, '  ', report.metadata));
  const sum = (k: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vpcdoctor" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" skipped="0">`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
