// `vpcdoctor merge A.json B.json -o ALL.json`, and several --snapshot flags: one snapshot from
// several accounts' snapshots of one Region.
import { writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { mergeSnapshots } from '../snapshot/merge.js';
import { readSnapshotFile } from '../snapshot/read.js';
import type { Snapshot } from '../snapshot/types.js';

/** One file as read; several files merged (their errors name the files). */
export async function readSnapshots(files: string | string[]): Promise<Snapshot> {
  const list = Array.isArray(files) ? files : [files];
  if (list.length === 1) return readSnapshotFile(list[0]!);
  const snapshots = await Promise.all(list.map(async (file) => ({ file, snapshot: await readSnapshotFile(file) })));
  return mergeSnapshots(snapshots);
}

export async function runMerge(files: string[], options: { out: string }): Promise<number> {
  if (files.length < 2) throw new InputError('merge needs two or more snapshot files');
  const merged = await readSnapshots(files);
  await writeFile(options.out, `${JSON.stringify(merged, null, 2)}\n`, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot write ${options.out}: ${error.code ?? error.message}`);
  });
  return 0;
}
