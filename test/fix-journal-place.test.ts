// Where journals go: the state directory by default, --journal FILE or DIRECTORY, and an unwritable
// place refused (exit 2, the path named) before anything is asked or sent.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { defaultJournalDirectory, journalPaths } from '../src/fix/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-place-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
});

const now = new Date('2026-12-01T10:00:00.000Z');

describe('journalPaths', () => {
  it('defaults to $XDG_STATE_HOME/vpcdoctor/journals, made 0700, one file per function, none left behind', () => {
    expect(defaultJournalDirectory()).toBe(join(dir, 'state', 'vpcdoctor', 'journals'));
    const paths = journalPaths(undefined, ['mobile-auth-handler', 'billing:live'], now);
    expect(paths).toEqual([
      join(dir, 'state', 'vpcdoctor', 'journals', 'journal-mobile-auth-handler-2026-12-01T10-00-00-000Z.json'),
      join(dir, 'state', 'vpcdoctor', 'journals', 'journal-billing_live-2026-12-01T10-00-00-000Z.json'),
    ]);
    expect(statSync(join(dir, 'state', 'vpcdoctor', 'journals')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'state', 'vpcdoctor', 'journals'))).toEqual([]);
  });

  it('falls back to ~/.local/state/vpcdoctor/journals without XDG_STATE_HOME', () => {
    expect(defaultJournalDirectory({ HOME: '/home/ops' })).toMatch(/vpcdoctor[/\\]journals$/);
    if (process.platform === 'linux') expect(defaultJournalDirectory({})).toMatch(/\.local\/state\/vpcdoctor\/journals$/);
  });

  it('--journal DIR (existing, or ending in /) puts the journals there; --journal FILE is the file', () => {
    mkdirSync(join(dir, 'change-1234'));
    expect(journalPaths(join(dir, 'change-1234'), ['f'], now)).toEqual([join(dir, 'change-1234', 'journal-f-2026-12-01T10-00-00-000Z.json')]);
    expect(journalPaths(`${join(dir, 'new', 'deep')}/`, ['f'], now)).toEqual([join(dir, 'new', 'deep', 'journal-f-2026-12-01T10-00-00-000Z.json')]);
    expect(journalPaths(join(dir, 'mine.json'), ['f'], now)).toEqual([join(dir, 'mine.json')]);
    expect(existsSync(join(dir, 'mine.json'))).toBe(false);
  });

  it('refuses one file for several functions, an existing journal, and an unwritable place, naming the path', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => journalPaths(join(dir, 'one.json'), ['f', 'g'], now), /--journal .*one\.json names one file, but 2 functions have a plan: give a directory/],
      [() => { writeFileSync(join(dir, 'old.json'), '{}'); return journalPaths(join(dir, 'old.json'), ['f'], now); }, /the journal .*old\.json already exists: a journal is never overwritten/],
      // Under a regular file: no directory can be made there, whoever runs it (root included).
      [() => { writeFileSync(join(dir, 'plain'), ''); return journalPaths(join(dir, 'plain', 'sub', 'j.json'), ['f'], now); }, new RegExp(`cannot write the journal ${join(dir, 'plain', 'sub', 'j.json').replace(/[.]/g, '\\.')}: a file stands where a directory should \\(ENOTDIR\\)`)],
    ];
    for (const [call, message] of cases) {
      const error = (() => { try { call(); } catch (e) { return e; } })();
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
