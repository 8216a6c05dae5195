// GitHub Actions workflow commands (`::error title=CODE::message`): errors and warnings show as
// annotations on the run. Written to stderr by the CLI so stdout stays one JSON/SARIF document; the
// runner reads workflow commands from both streams.
import type { Report, Severity } from '../analyze/types.js';

/** Data escaping of workflow commands: %, CR and LF. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property escaping: as data, plus the separators `:` and `,`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Partial<Record<Severity, string>> = { error: 'error', warning: 'warning' };

export function renderGithubAnnotations(report: Report): string {
  const lines: string[] = [];
  for (const fr of report.functions) {
    for (const f of fr.findings) {
      const command = COMMAND[f.severity];
      if (!command) continue;
      lines.push(`::${command} title=${escapeProperty(f.code)}::${escapeData(`${fr.function.name}: ${f.message} Fix: ${f.remediation}`)}`);
    }
  }
  for (const w of report.metadata?.warnings ?? []) lines.push(`::warning title=vpcdoctor::${escapeData(w)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
