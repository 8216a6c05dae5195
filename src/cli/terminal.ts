// What the CLI asks of the terminal: its width, and whether to colour.
import { InputError } from '../errors.js';

/** The columns to wrap to: the terminal's width, else COLUMNS (set by shells and CI), else 80. */
export function terminalWidth(stream: { columns?: number; isTTY?: boolean } = process.stdout): number {
  const fromEnv = Number(process.env.COLUMNS);
  const columns = stream.isTTY && stream.columns ? stream.columns : fromEnv > 0 ? fromEnv : 80;
  return Math.max(20, Math.floor(columns));
}

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/**
 * `--color always|never` (or `--no-color`) decides. Under `auto`, as Node's own tty does:
 * FORCE_COLOR (anything but 0/false, even empty) turns colour on for CI logs and takes precedence
 * over NO_COLOR (any non-empty value: off); otherwise colour only on a terminal that is not dumb.
 */
export function useColor(
  flag: ColorMode | boolean | undefined,
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag === false || flag === 'never') return false;
  if (flag === 'always') return true;
  if (flag !== undefined && flag !== true && flag !== 'auto') throw new InputError(`--color ${String(flag)}: expected auto, always or never`);
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
