// check's outputs for CI: --output/--report in every format from one analysis, report metadata,
// GitHub annotations, and the exit code of --baseline / --fail-on.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { analyze, type AnalysisRequest } from '../analyze/index.js';
import type { Report } from '../analyze/types.js';
import { exitCodeOf } from '../analyze/verdicts.js';
import {
  compareToBaseline, failingFindings, gateExitCode, regressionLine, thresholdExitCode, type FailOn,
} from '../diff/baseline.js';
import { InputError } from '../errors.js';
import { renderGithubAnnotations } from '../report/annotations.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { metadataFooter } from '../report/metadata.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import { parseSnapshot } from '../snapshot/read.js';
import type { Snapshot } from '../snapshot/types.js';
import { REPORT_FORMATS, type ReportFormat } from './choices.js';
import { reportMetadata } from './metadata.js';
import { terminalWidth, useColor, type ColorMode } from './terminal.js';


export interface GateOptions {
  output: ReportFormat;
  report?: string[];
  baseline?: string;
  failOn?: FailOn;
  annotations?: 'github' | 'none';
  snapshot?: string | string[];
  quiet?: boolean;
  color?: ColorMode | boolean;
  everyHop?: boolean;
}

export function parseReportSpec(spec: string): { format: ReportFormat; file: string } {
  const match = /^([a-z]+)=(.+)$/.exec(spec);
  if (!match || !(REPORT_FORMATS as readonly string[]).includes(match[1]!)) {
    throw new InputError(`--report ${spec}: expected FORMAT=FILE with FORMAT one of ${REPORT_FORMATS.join(', ')}`);
  }
  return { format: match[1] as ReportFormat, file: match[2]! };
}

/** The (first) snapshot file, relative to the working directory (the repository root in CI). */
function snapshotUri(snapshot: string | string[] | undefined): string | undefined {
  const file = Array.isArray(snapshot) ? snapshot[0] : snapshot;
  return file && file !== '-' ? relative(process.cwd(), file).split('\\').join('/') : undefined;
}

export function renderFormat(report: Report, format: ReportFormat, options: GateOptions, terminal: boolean): string {
  switch (format) {
    case 'json': return renderJson(report);
    case 'junit': return renderJunit(report);
    case 'sarif': return renderSarif(report, { artifactUri: snapshotUri(options.snapshot) });
    case 'markdown': return renderMarkdown(report) + metadataFooter(report, 'markdown');
    default: {
      const color = terminal && useColor(options.color);
      return renderText(report, { color, width: terminal ? terminalWidth() : 100, compact: !options.everyHop }) + metadataFooter(report, 'text');
    }
  }
}

/** The baseline: an earlier JSON report, or a snapshot analysed with today's request. */
async function loadBaseline(file: string, request: AnalysisRequest): Promise<Report> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read baseline ${file}: ${error.code ?? error.message}`);
  });
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { throw new InputError(`baseline ${file} is not JSON`); }
  const obj = (doc ?? {}) as Record<string, unknown>;
  if ('vpcdoctorSnapshot' in obj) return analyze(parseSnapshot(text, file), request);
  if (obj.schemaVersion === 1 && Array.isArray(obj.functions)) return obj as unknown as Report;
  throw new InputError(`baseline ${file} is neither a vpcdoctor snapshot nor a JSON report (schemaVersion 1)`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function wantsAnnotations(options: GateOptions): boolean {
  if (options.annotations) return options.annotations === 'github';
  return process.env.GITHUB_ACTIONS === 'true';
}

async function writeReports(report: Report, options: GateOptions): Promise<void> {
  for (const { format, file } of (options.report ?? []).map(parseReportSpec)) {
    await writeFile(file, renderFormat(report, format, options, false), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot write ${file}: ${error.code ?? error.message}`);
    });
  }
}

/** Renders, writes and annotates one analysis; returns check's exit code. */
export async function finishCheck(snapshot: Snapshot, report: Report, request: AnalysisRequest, options: GateOptions, verdictExit: number = exitCodeOf(report)): Promise<number> {
  (options.report ?? []).forEach(parseReportSpec);
  const failOn = options.failOn ?? 'error';
  const baseline = options.baseline ? compareToBaseline(await loadBaseline(options.baseline, request), report) : undefined;
  report.metadata = reportMetadata(snapshot, !options.snapshot);
  if (baseline) report.baseline = baseline;
  await writeReports(report, options);
  if (!options.quiet) process.stdout.write(renderFormat(report, options.output, options, true));
  const notes: string[] = [];
  if (options.output !== 'text' && options.output !== 'markdown') notes.push(...(report.metadata.warnings ?? []).map((w) => `warning: ${w}`));
  if (baseline) {
    const failing = failingFindings(baseline, failOn);
    notes.push(`baseline ${options.baseline}: ${baseline.regressions.length} regression(s), ${failing.length} new finding(s) failing at --fail-on ${failOn}`,
      ...baseline.regressions.map((r) => `  regression: ${regressionLine(r)}`),
      ...failing.map((n) => `  new ${n.finding.severity}: ${n.function}: ${n.finding.code} ${n.finding.resourceIds.join(', ')}`));
  }
  if (!options.quiet) process.stderr.write(notes.map((n) => `vpcdoctor: ${n}\n`).join(''));
  if (wantsAnnotations(options) && (!options.quiet || options.annotations === 'github')) process.stderr.write(renderGithubAnnotations(report));
  return baseline ? gateExitCode(baseline, failOn) : thresholdExitCode(report, verdictExit, failOn);
}
