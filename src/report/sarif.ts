// SARIF 2.1.0 for code scanning: one rule per finding code (explanation, remediation, the commands
// that confirm it), one result per finding, located on its resource ids (logical locations) and,
// when the report came from a snapshot file, on that file, which GitHub code scanning requires.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { FINDING_CODES } from '../analyze/codes.js';
import { confirmFor } from '../analyze/rules/define.js';
import { ruleFor } from '../analyze/rules/index.js';
import { PLACEHOLDER, PLACEHOLDER_NOTE } from '../analyze/rules/remedy.js';
import type { Finding, FunctionReport, Report, Severity } from '../analyze/types.js';

export interface SarifOptions {
  /** The snapshot file the analysis read, as a path relative to the repository root. */
  artifactUri?: string;
}

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function rule(code: (typeof FINDING_CODES)[number]): ReportingDescriptor {
  const r = ruleFor(code);
  const confirm = confirmFor(r, '<resource-id>');
  // Rule help is per code, with no network: its fix keeps placeholders, said as explain says it.
  const fix = PLACEHOLDER.test(r.remediation) ? `${r.remediation} ${PLACEHOLDER_NOTE}` : r.remediation;
  const helpText = [fix, '', 'Confirm by hand:', ...confirm.map((c) => `  ${c}`), '', `More: vpcdoctor explain ${code}`].join('\n');
  const helpMarkdown = [fix, '', '**Confirm by hand:**', '', '```sh', ...confirm, '```', '', `More: \`vpcdoctor explain ${code}\``].join('\n');
  return {
    id: code,
    name: code.toLowerCase().replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/^\w/, (ch) => ch.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.explanation },
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: ['network', 'lambda', 'vpc'], fixable: r.fixable },
  };
}

function result(fr: FunctionReport, f: Finding, ruleIndex: number, options: SarifOptions): Result {
  const resources = f.resourceIds.length > 0 ? f.resourceIds : [fr.function.name];
  return {
    ruleId: f.code,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${fr.function.name}: ${f.message} Fix: ${f.remediation}` },
    locations: [{
      ...(options.artifactUri ? { physicalLocation: { artifactLocation: { uri: options.artifactUri } } } : {}),
      logicalLocations: resources.map((id) => ({ name: id, fullyQualifiedName: `${fr.function.name}/${id}`, kind: 'resource' })),
    }],
    // Stable across runs, so code scanning tracks one alert per function, code and resources.
    partialFingerprints: { 'vpcdoctorFinding/v1': [fr.function.name, f.code, ...[...f.resourceIds].sort()].join('|') },
    properties: { function: fr.function.name, targets: f.targets, subnetIds: f.subnetIds, resourceIds: f.resourceIds },
  };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const rules = FINDING_CODES.map(rule);
  const index = new Map(FINDING_CODES.map((c, i) => [c as string, i]));
  const m = report.metadata;
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'vpcdoctor', ...(m ? { version: m.vpcdoctorVersion } : {}), rules } },
      results: report.functions.flatMap((fr) => fr.findings.map((f) => result(fr, f, index.get(f.code) ?? -1, options))),
      ...(options.artifactUri ? { artifacts: [{ location: { uri: options.artifactUri } }] } : {}),
      ...(m ? {
        invocations: [{
          executionSuccessful: true,
          toolExecutionNotifications: (m.warnings ?? []).map((w) => ({ level: 'warning' as const, message: { text: w } })),
        }],
        properties: { ...m, verdicts: Object.fromEntries(report.functions.map((fr) => [fr.function.name, fr.verdict])) },
      } : { properties: { verdicts: Object.fromEntries(report.functions.map((fr) => [fr.function.name, fr.verdict])) } }),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
