// Where journals go: the user's state directory (beside the seal key) unless --journal names a file
// or a directory. Checked writable before anything is asked or sent, so a run never mutates an
// account and then fails to record it.
import { existsSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../../errors.js';
import { stateDirectory } from './seal.js';

/** $XDG_STATE_HOME/vpcdoctor/journals (else ~/.local/state/vpcdoctor/journals, or the platform's). */
export function defaultJournalDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDirectory(env), 'journals');
}

/** A name safe in a file name on every platform (function names may carry an alias after ':'). */
const safe = (name: string): string => name.replace(/[^\w.-]+/g, '_');

function namesADirectory(choice: string): boolean {
  if (choice.endsWith('/') || choice.endsWith(sep)) return true;
  try {
    return statSync(choice).isDirectory();
  } catch {
    return false;
  }
}

/**
 * One new journal path per function, each checked writable (its directory made, 0700). `choice` is
 * --journal: a directory, or a file when there is one function. Refuses (exit 2, naming the path)
 * a place it cannot write and a journal that already exists (never overwritten).
 */
export function journalPaths(choice: string | undefined, functions: string[], now = new Date()): string[] {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let paths: string[];
  if (choice !== undefined && !namesADirectory(choice)) {
    if (functions.length > 1) throw new InputError(`--journal ${choice} names one file, but ${functions.length} functions have a plan: give a directory`);
    paths = [resolve(choice)];
  } else {
    const directory = choice === undefined ? defaultJournalDirectory() : resolve(choice);
    paths = functions.map((name) => join(directory, `journal-${safe(name)}-${stamp}.json`));
  }
  for (const path of paths) checkWritable(path);
  return paths;
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left',
  ENOTDIR: 'a file stands where a directory should', EEXIST: 'a file stands where a directory should',
};

function checkWritable(path: string): void {
  if (existsSync(path)) throw new InputError(`the journal ${path} already exists: a journal is never overwritten; choose another --journal`);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // A real write, not access(): the check meets what the journal will meet.
    writeFileSync(path, '', { flag: 'wx', mode: 0o600 });
    unlinkSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code ? `${WHY[code] ?? code}${WHY[code] ? ` (${code})` : ''}` : (error as Error).message;
    throw new InputError(`cannot write the journal ${path}: ${why}; choose another place with --journal`, { cause: error });
  }
}
