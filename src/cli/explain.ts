import { FINDING_CODES, isFindingCode } from '../analyze/codes.js';
import { InputError } from '../errors.js';
import { renderExplain, renderExplainList } from '../report/explain.js';
import { terminalWidth, useColor, type ColorMode } from './terminal.js';
import { didYouMean } from '../suggest.js';

export function runExplain(code: string | undefined, options: { color?: ColorMode | boolean }): number {
  const width = terminalWidth();
  if (code === undefined) {
    process.stdout.write(renderExplainList(width));
    return 0;
  }
  const wanted = code.toUpperCase().replace(/-/g, '_');
  if (!isFindingCode(wanted)) {
    throw new InputError(`no finding code ${code}${didYouMean(wanted, FINDING_CODES)}: run vpcdoctor explain for the list`);
  }
  process.stdout.write(renderExplain(wanted, { width, color: useColor(options.color) }));
  return 0;
}
