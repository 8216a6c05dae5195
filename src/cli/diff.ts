// `vpcdoctor diff BEFORE AFTER`: reads two snapshots (a file, `-` for stdin, or AFTER live) and
// prints the verdicts that changed with the change behind each.
import { diffSnapshots, functionsOf } from '../diff/index.js';
import { InputError } from '../errors.js';
import { renderDiffJson, renderDiffText } from '../report/diff.js';
import { parseSnapshot, readSnapshotFile } from '../snapshot/read.js';
import type { Snapshot } from '../snapshot/types.js';
import { loadSnapshot } from './commands.js';
import { readStdin } from './gate.js';

/** Better is higher; a path that disappeared ranks as reachable (nothing can fail on it). */
const RANK: Record<string, number> = { reachable: 3, absent: 3, partial: 2, unknown: 1, unreachable: 0 };

export interface DiffOptions {
  live?: boolean;
  function?: string[];
  target?: string[];
  output: 'text' | 'json';
  region?: string;
  profile?: string;
  endpointUrl?: string;
  verbose?: boolean;
}

async function readOne(file: string): Promise<Snapshot> {
  return file === '-' ? parseSnapshot(await readStdin(), 'stdin') : readSnapshotFile(file);
}

export async function runDiff(beforeFile: string, afterFile: string | undefined, options: DiffOptions): Promise<number> {
  if (options.live && afterFile) throw new InputError('give AFTER or --live, not both');
  if (!options.live && !afterFile) throw new InputError('diff needs BEFORE and AFTER snapshots (or BEFORE and --live)');
  if (beforeFile === '-' && afterFile === '-') throw new InputError('only one of BEFORE and AFTER can be - (stdin)');
  const before = await readOne(beforeFile);
  const named = options.function ?? [];
  const after = afterFile
    ? await readOne(afterFile)
    : await loadSnapshot(named.length > 0 ? named : functionsOf(before, before), { ...options, region: options.region ?? before.region });
  const functions = named.length > 0 ? named : functionsOf(before, after);
  if (functions.length === 0) throw new InputError('the two snapshots have no VPC function in common: name one with --function');
  const diff = diffSnapshots(before, after, { functions, targets: options.target });
  process.stdout.write(options.output === 'json' ? renderDiffJson(diff) : renderDiffText(diff));
  return diff.changed.some((c) => (RANK[c.after] ?? 0) < (RANK[c.before] ?? 0)) ? 1 : 0;
}
