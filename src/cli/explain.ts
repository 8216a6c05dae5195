import { isFindingCode } from '../analyze/codes.js';
import { InputError } from '../errors.js';
import { renderExplain, renderExplainList } from '../report/explain.js';

export function runExplain(code: string | undefined): number {
  if (code === undefined) {
    process.stdout.write(renderExplainList());
    return 0;
  }
  const wanted = code.toUpperCase();
  if (!isFindingCode(wanted)) throw new InputError(`no finding code ${code}: run vpcdoctor explain for the list`);
  process.stdout.write(renderExplain(wanted));
  return 0;
}
