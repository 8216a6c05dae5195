// What each command does: load a snapshot (file or live), analyse, render, pick the exit code.
import { writeFile } from 'node:fs/promises';
import { analyze, qualifierOf, type AnalysisRequest } from '../analyze/index.js';
import type { Report } from '../analyze/types.js';
import { exitCodeOf } from '../analyze/verdicts.js';
import { InputError } from '../errors.js';
import { renderGraph } from '../report/graph.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';
import { readSnapshots } from './merge.js';
import { applyPlans, planAndProve, renderPlans } from './fix.js';
import { finishCheck, type GateOptions } from './gate.js';
import { probeChecked } from './probe.js';
import { exitCodeWithProbe } from '../probe/verdict.js';
import { terminalWidth, useColor, type ColorMode } from './terminal.js';
import type { Snapshot } from '../snapshot/types.js';
import type { Via } from '../fix/types.js';

interface SourceOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  qualifier?: string;
  /** One file, or several (--snapshot repeated): their union, as `merge` makes it. */
  snapshot?: string | string[];
  /** --peer-profile (repeatable): other accounts' parts of the path, read live in the same rounds. */
  peerProfile?: string[];
  verbose?: boolean;
  /** check --all: every VPC function of the Region. */
  all?: boolean;
}

export interface CheckOptions extends SourceOptions, Omit<GateOptions, 'output'> {
  all?: boolean;
  target?: string[];
  output: GateOptions['output'];
  quiet?: boolean;
  color?: ColorMode | boolean;
  everyHop?: boolean;
  fix?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  natPerAz?: boolean;
  via?: Via;
  /** With --fix: the journal file or directory. */
  journal?: string;
  /** --plan-out FILE: write the proved plan for `vpcdoctor apply`, apply nothing. */
  planOut?: string;
  /** Confirm the verdicts with a real connection from each subnet (with --fix: after the repair). */
  probe?: boolean;
}

export interface SnapshotOptions extends Omit<SourceOptions, 'snapshot'> {
  out?: string;
}

export interface GraphOptions extends SourceOptions {
  format: 'dot' | 'mermaid';
  target?: string[];
}

export async function loadSnapshot(functions: string[], options: SourceOptions): Promise<Snapshot> {
  if (options.snapshot) return readSnapshots(options.snapshot);
  const { collectSnapshot } = await import('../collect/index.js');
  const log = options.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  return collectSnapshot({
    functions, all: options.all, qualifier: options.qualifier, region: options.region, profile: options.profile,
    endpointUrl: options.endpointUrl, peerProfiles: options.peerProfile, log,
  });
}

function render(report: Report, options: CheckOptions): string {
  switch (options.output) {
    case 'json': return renderJson(report);
    case 'markdown': return renderMarkdown(report);
    case 'junit': return renderJunit(report);
    case 'sarif': throw new InputError('--output sarif does not go with --fix');
    default: return renderText(report, { color: useColor(options.color), width: terminalWidth(), compact: !options.everyHop });
  }
}

function checkUsage(functions: string[], options: CheckOptions): void {
  if (options.all && functions.length > 0) throw new InputError('give function names or --all, not both');
  if (!options.all && functions.length === 0) throw new InputError('name at least one function, or pass --all');
  if (options.fix && (options.baseline || options.report || options.output === 'sarif')) throw new InputError('--baseline, --report and --output sarif are for check without --fix');
  if ((options.dryRun || options.yes || options.natPerAz || options.via) && !options.fix) throw new InputError('--dry-run, --yes, --nat-per-az and --via go with --fix');
  if (options.natPerAz && options.via && options.via !== 'nat') throw new InputError(`--nat-per-az is about zonal NAT gateways: it does not go with --via ${options.via}`);
  if (options.planOut && !options.fix) throw new InputError('--plan-out goes with --fix');
  if (options.journal !== undefined && !options.fix) throw new InputError('--journal goes with --fix (undo takes the journal as its argument)');
  if (options.planOut && (options.yes || options.probe)) throw new InputError('--plan-out writes the plan and applies nothing: drop --yes and --probe (vpcdoctor apply FILE applies it)');
  if (options.probe && options.snapshot) throw new InputError('--probe makes real connections from your account: it cannot run on --snapshot');
  if (options.fix && options.snapshot && !options.dryRun && !options.planOut) throw new InputError('--fix with --snapshot can only plan and prove: add --dry-run (applying needs a live account)');
}

export async function runCheck(functions: string[], options: CheckOptions): Promise<number> {
  checkUsage(functions, options);
  const snapshot = await loadSnapshot(functions, options);
  const qualified = options.qualifier ? functions.map((f) => (qualifierOf(f) === undefined ? `${f}:${options.qualifier}` : f)) : functions;
  const names = options.all ? snapshot.functions.filter((f) => (f.VpcConfig?.SubnetIds ?? []).length > 0).map((f) => f.FunctionName ?? '') : qualified;
  if (names.length === 0) {
    process.stderr.write('vpcdoctor: no function of this Region is attached to a VPC: nothing to check\n');
    return 0;
  }
  const request = { functions: names, targets: options.target };
  const report = analyze(snapshot, request);
  if (!options.fix) {
    if (options.probe) await probeChecked(snapshot, report, options);
    return finishCheck(snapshot, report, request, options, exitCodeWithProbe(report));
  }
  return runFix(snapshot, report, request, options);
}

/** --fix: the report with its plans; live, the plans applied and the function checked again. */
async function runFix(snapshot: Snapshot, report: Report, request: AnalysisRequest, options: CheckOptions): Promise<number> {
  const proofs = await planAndProve(snapshot, report, request, { natPerAz: options.natPerAz, via: options.via }, options.snapshot ? undefined : options);
  const plans = await renderPlans(report, terminalWidth());
  const json = options.output === 'json';
  // JSON stays one document: the report before, or (once applied) after, the repair.
  if (!options.quiet && !json) process.stdout.write(render(report, options) + (options.output === 'text' ? plans : ''));
  // Whoever is asked to confirm sees the plan, whatever the report format.
  if (!options.snapshot && options.output !== 'text') process.stderr.write(plans);
  if (options.planOut) await (await import('./apply.js')).writePlanOut(snapshot, report, request, proofs, { ...options, planOut: options.planOut });
  if (options.planOut || !(await applyPlans(report, options))) {
    if (!options.quiet && json) process.stdout.write(render(report, options));
    return exitCodeOf(report);
  }
  const afterSnapshot = await loadSnapshot(request.functions, options);
  const after = analyze(afterSnapshot, request);
  if (options.probe) await probeChecked(afterSnapshot, after, options);
  after.functions.forEach((fr, i) => Object.assign(fr, { plan: report.functions[i]?.plan, verdictBefore: report.functions[i]?.verdict }));
  if (!options.quiet) process.stdout.write(json ? render(after, options) : `\nAfter the repair:\n${render(after, options)}`);
  return exitCodeWithProbe(after);
}

export async function runSnapshot(functions: string[], options: SnapshotOptions): Promise<number> {
  const snapshot = await loadSnapshot(functions, options);
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.out) {
    await writeFile(options.out, text, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot write ${options.out}: ${error.code ?? error.message}`);
    });
  }
  else process.stdout.write(text);
  return 0;
}

export async function runGraph(fn: string, options: GraphOptions): Promise<number> {
  const snapshot = await loadSnapshot([fn], options);
  const report = analyze(snapshot, { functions: [fn], targets: options.target });
  process.stdout.write(renderGraph(report, options.format));
  return 0;
}
