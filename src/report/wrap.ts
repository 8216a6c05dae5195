import { stripControl } from './common.js';

// Word wrapping for the text report. Widths count code points (the marks used are one column wide).

/**
 * Splits text into lines of at most `width` code points, breaking at spaces (runs of spaces inside
 * a line are kept, so columns survive), hard-splitting words longer than a line.
 */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  const tokens = stripControl(text.replace(/\s*\n\s*/g, ' ')).trim().split(/( +)/);
  for (let i = 0; i < tokens.length; i += 2) {
    const word = tokens[i] ?? '';
    const gap = i > 0 ? tokens[i - 1] ?? ' ' : '';
    if (!word) continue;
    if (line && len(line) + len(gap) + len(word) <= max) { line += gap + word; continue; }
    if (line) lines.push(line);
    let w = [...word];
    while (w.length > max) { lines.push(w.slice(0, max).join('')); w = w.slice(max); }
    line = w.join('');
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Wraps `text` so that `first + line` and `rest + line` each fit `width`. The indents are plain
 * text (no colour); `style` colours each wrapped piece.
 */
export function block(
  text: string, width: number, first: string, rest = first, style: (s: string) => string = (s) => s,
): string[] {
  const room = Math.max(1, width - Math.max(len(first), len(rest)));
  return wrap(text, room).map((l, i) => (i === 0 ? first : rest) + style(l));
}

/** The number of code points, i.e. terminal columns for the characters this report uses. */
export function len(s: string): number {
  return [...s].length;
}

export function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - len(s)));
}
