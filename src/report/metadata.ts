// "When and where was this true": the report's metadata as lines for the text formats. Pure.
import type { Report, ReportMetadata } from '../analyze/types.js';

export function metadataLine(m: ReportMetadata): string {
  const when = m.live ? `collected live ${m.capturedAt}` : m.capturedAt ? `snapshot captured ${m.capturedAt}` : 'snapshot with no capture time';
  return [when, `region ${m.region}`, `account ${m.accountId ?? 'unknown'}`, `vpcdoctor ${m.vpcdoctorVersion}`].join(' · ');
}

/** The metadata line and any warning, for the end of a text report ('' without metadata). */
export function metadataFooter(report: Report, style: 'text' | 'markdown'): string {
  const m = report.metadata;
  if (!m) return '';
  const lines = [metadataLine(m), ...(m.warnings ?? []).map((w) => `warning: ${w}`)];
  return style === 'markdown' ? `\n${lines.map((l) => `_${l}_`).join('  \n')}\n` : `\n${lines.join('\n')}\n`;
}
