// `vpcdoctor explain [CODE]`: plain text pages built from the rules. Pure functions, no colours.
import { FINDING_CODES, type FindingCode } from '../analyze/codes.js';
import { confirmFor } from '../analyze/rules/define.js';
import { ruleFor } from '../analyze/rules/index.js';

/** Paragraphs wrap at this width. */
export const PARAGRAPH_WIDTH = 80;
/** No line of explain output is wider than this. */
export const MAX_WIDTH = 100;
/** What the explain page shows where a command needs the finding's resource id. */
export const RESOURCE_PLACEHOLDER = '<resource-id>';

/** Greedy word wrap: lines of at most `width` columns (a single longer word stays whole), each prefixed by `indent`. */
export function wrap(text: string, width = PARAGRAPH_WIDTH, indent = ''): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = indent + word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = indent + word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Splits a shell command at spaces outside quotes. Breaking a line there with backslash-newline is
 * safe anywhere, including inside a $( ) substitution.
 */
function shellTokens(command: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ' ') {
      if (current !== '') tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/**
 * A command as copy-pasteable lines: "$ " first, continuation lines end in " \". Breaks only between
 * shell words, so quoting stays intact.
 */
export function formatCommand(command: string, width = MAX_WIDTH, indent = '  '): string[] {
  const first = `${indent}$ `;
  const next = `${indent}      `;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // An option and its value stay on one line where they fit.
  const pieces: string[] = [];
  const tokens = shellTokens(command);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const value = tokens[i + 1];
    if (token.startsWith('--') && value !== undefined && !value.startsWith('-')
      && next.length + token.length + 1 + value.length + 2 <= width) {
      pieces.push(`${token} ${value}`);
      i++;
    } else pieces.push(token);
  }
  for (const piece of pieces) {
    if (empty) {
      line += piece;
      empty = false;
    } else if (line.length + 1 + piece.length + 2 <= width) {
      line += ' ' + piece;
    } else {
      lines.push(line + ' \\');
      line = next + piece;
    }
  }
  lines.push(line);
  return lines;
}

/** The page for one finding code. */
export function renderExplain(code: FindingCode): string {
  const rule = ruleFor(code);
  const out: string[] = [];
  out.push(...wrap(rule.title));
  out.push(`Code:     ${rule.code}`);
  out.push(`Severity: ${rule.severity}`);
  out.push('');
  out.push(...wrap(rule.explanation));
  out.push('');
  out.push('How to confirm:');
  for (const command of confirmFor(rule, RESOURCE_PLACEHOLDER)) out.push(...formatCommand(command));
  out.push('');
  out.push('How to fix:');
  out.push(...wrap(rule.remediation, PARAGRAPH_WIDTH, '  '));
  out.push('');
  if (rule.reachabilityAnalyzer) out.push(`Reachability Analyzer: ${rule.reachabilityAnalyzer}`);
  out.push(`\`vpcdoctor check --fix\` repairs it: ${rule.fixable ? 'yes' : 'no'}`);
  return out.join('\n');
}

/** Every code, one aligned line each: code, severity, title. */
export function renderExplainList(): string {
  const codeWidth = Math.max(...FINDING_CODES.map((c) => c.length));
  const severityWidth = Math.max(...FINDING_CODES.map((c) => ruleFor(c).severity.length));
  return FINDING_CODES.map((code) => {
    const rule = ruleFor(code);
    const line = `${code.padEnd(codeWidth)}  ${rule.severity.padEnd(severityWidth)}  ${rule.title}`;
    return line.length <= MAX_WIDTH ? line : `${line.slice(0, MAX_WIDTH - 3)}...`;
  }).join('\n');
}
