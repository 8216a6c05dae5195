// `vpcdoctor explain [CODE]`: text pages built from the rules, wrapped by the report's one wrapper.
import { Chalk, type ChalkInstance } from 'chalk';
import { FINDING_CODES, type FindingCode } from '../analyze/codes.js';
import { confirmFor } from '../analyze/rules/define.js';
import { ruleFor } from '../analyze/rules/index.js';
import { PLACEHOLDER, PLACEHOLDER_NOTE } from '../analyze/rules/remedy.js';
import { block, len, wrapStyled } from './wrap.js';

/** Paragraphs wrap at the terminal's width, but no wider than this: long lines are hard to read. */
export const PARAGRAPH_WIDTH = 80;
/** No line of explain output is wider than this (commands may use more than a paragraph). */
export const MAX_WIDTH = 100;
/** What the explain page shows where a command needs the finding's resource id. */
export const RESOURCE_PLACEHOLDER = '<resource-id>';

export interface ExplainOptions {
  /** The terminal's columns; default 80. */
  width?: number;
  /** Colour Markdown `code` spans; without colour they are printed plain, without backticks. */
  color?: boolean;
}

/** Markdown backtick spans for a terminal: the text alone, in cyan when colour is on. */
export function renderBackticks(text: string, c: ChalkInstance): string {
  return text.replace(/`([^`]+)`/g, (_, code: string) => c.cyan(code));
}

/** A paragraph wrapped to `width` columns, each line after `indent`; `code` spans rendered. */
export function wrap(text: string, width = PARAGRAPH_WIDTH, indent = '', c: ChalkInstance = PLAIN): string[] {
  return wrapStyled(renderBackticks(text, c), width - len(indent)).map((line) => indent + line);
}

const PLAIN = new Chalk({ level: 0 });

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
      && len(next) + len(token) + 1 + len(value) + 2 <= width) {
      pieces.push(`${token} ${value}`);
      i++;
    } else pieces.push(token);
  }
  for (const piece of pieces) {
    if (empty) {
      line += piece;
      empty = false;
    } else if (len(line) + 1 + len(piece) + 2 <= width) {
      line += ' ' + piece;
    } else {
      lines.push(`${line} \\`);
      line = next + piece;
    }
  }
  lines.push(line);
  return lines;
}

/** The page for one finding code, ending in a newline. */
export function renderExplain(code: FindingCode, options: ExplainOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(20, Math.floor(options.width ?? PARAGRAPH_WIDTH));
  const paragraph = Math.min(width, PARAGRAPH_WIDTH);
  const rule = ruleFor(code);
  const out: string[] = [];
  out.push(...wrap(rule.title, paragraph, '', c).map((l) => c.bold(l)));
  out.push(`Code:     ${rule.code}`);
  out.push(`Severity: ${rule.severity}`);
  out.push('');
  out.push(...wrap(rule.explanation, paragraph, '', c));
  out.push('');
  out.push(c.bold('How to confirm:'));
  for (const command of confirmFor(rule, RESOURCE_PLACEHOLDER)) out.push(...formatCommand(command, Math.min(width, MAX_WIDTH)));
  out.push('');
  out.push(c.bold('How to fix:'));
  out.push(...wrap(rule.remediation, paragraph, '  ', c));
  if (PLACEHOLDER.test(rule.remediation)) out.push(...wrap(PLACEHOLDER_NOTE, paragraph, '  ', c));
  out.push('');
  if (rule.reachabilityAnalyzer) out.push(...wrap(`Reachability Analyzer: ${rule.reachabilityAnalyzer}`, paragraph, '', c));
  out.push(...wrap(`Repaired by \`vpcdoctor check --fix\`: ${rule.fixable ? 'yes' : 'no'}`, paragraph, '', c));
  return `${out.join('\n')}\n`;
}

/** Every code, one aligned line each: code, severity, title (wrapped under its column when narrow). */
export function renderExplainList(width = MAX_WIDTH): string {
  const max = Math.min(MAX_WIDTH, Math.max(40, Math.floor(width)));
  const codeWidth = Math.max(...FINDING_CODES.map((c) => c.length));
  const severityWidth = Math.max(...FINDING_CODES.map((c) => ruleFor(c).severity.length));
  const lines = FINDING_CODES.flatMap((code) => {
    const rule = ruleFor(code);
    const head = `${code.padEnd(codeWidth)}  ${rule.severity.padEnd(severityWidth)}  `;
    // Too narrow for a title column: the title goes under its code.
    if (max - len(head) < 30) return [head.trimEnd(), ...block(rule.title, max, '    ')];
    return block(rule.title, max, head, ' '.repeat(len(head)));
  });
  return `${lines.join('\n')}\n`;
}
