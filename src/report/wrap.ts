// The one word wrapper for every terminal text (report, plan, explain): fast-wrap-ansi breaks lines
// and fast-string-width measures them (the same rules as wrap-ansi/string-width, which cost ~100 ms
// to load and ~1 ms a line on Node 20: their Unicode-property regexes dominated start-up), so East
// Asian wide characters and emoji count as the two columns a terminal gives them. What stays here is what the library does not do: the indents of a block.
import stringWidth from 'fast-string-width';
import { wrapAnsi } from 'fast-wrap-ansi';
import { stripControl } from './common.js';

/**
 * Splits text into lines at most `width` columns wide, breaking at spaces (runs of spaces inside a
 * line are kept, so columns survive) and hard-splitting words longer than a line.
 */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const clean = stripControl(text.replace(/\s*\n\s*/g, ' ')).trim();
  return wrapAnsi(clean, max, { hard: true, trim: true }).split('\n');
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

/** Terminal columns of `s` (ANSI escapes take none, wide characters two). */
export function len(s: string): number {
  return stringWidth(s);
}

export function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - len(s)));
}

/**
 * Wraps text that holds no escapes but the colours this program added (rule texts, never AWS
 * data): the wrapper keeps each colour across the line breaks it makes.
 */
export function wrapStyled(styled: string, width: number): string[] {
  return wrapAnsi(styled.replace(/\s*\n\s*/g, ' ').trim(), Math.max(1, Math.floor(width)), { hard: true, trim: true }).split('\n');
}
