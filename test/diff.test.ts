// `vpcdoctor diff` over the fixture pairs (fixtures/diff/*, made by fixtures/diff/make.mjs): exactly
// the expected verdicts change, and the change behind each is named on its hop.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../src/diff/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import { BIN, ROOT, vpcdoctor } from './helpers/cli.js';

interface Expected {
  function: string;
  changed: { target: string; subnetId: string; before: string; after: string }[];
  changes: { kind: string; id: string; action: string }[];
  newCodes: string[];
}

const root = join(import.meta.dirname, '..', 'fixtures', 'diff');
const pairs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const file = (pair: string, name: string) => join(root, pair, name);
const load = (pair: string, name: string) => parseSnapshot(readFileSync(file(pair, name), 'utf8'), name);

describe('diff fixture pairs', () => {
  it('has the five pairs of issue 11', () => {
    expect(pairs).toEqual(['association-moved', 'eip-released', 'nat-replaced-by-private', 'nothing-changed', 'sg-rule-removed']);
  });

  it.each(pairs)('%s: the expected verdicts change, and the changes are named on their hops', (pair) => {
    const expected = JSON.parse(readFileSync(file(pair, 'expected.json'), 'utf8')) as Expected;
    const diff = diffSnapshots(load(pair, 'before.json'), load(pair, 'after.json'), { functions: [expected.function] });
    const key = (c: { target: string; subnetId: string | null }) => `${c.target}@${c.subnetId}`;
    expect(diff.changed.map((c) => ({ target: c.target, subnetId: c.subnetId, before: c.before, after: c.after })).sort((a, b) => key(a).localeCompare(key(b))))
      .toEqual([...expected.changed].sort((a, b) => key(a).localeCompare(key(b))));
    for (const c of diff.changed) {
      for (const want of expected.changes) expect(c.changes).toContainEqual(expect.objectContaining(want));
      expect(c.newCodes).toEqual(expect.arrayContaining(expected.newCodes));
      expect(c.changes.every((h) => h.hop >= 1)).toBe(true);
    }
    expect(Object.values(diff.unchanged).reduce((a, b) => a + (b ?? 0), 0) + diff.changed.length).toBeGreaterThan(0);
  });

  it('the same snapshot on both sides changes nothing', () => {
    const s = load('sg-rule-removed', 'after.json');
    expect(diffSnapshots(s, s, { functions: ['mobile-auth-handler'] }).changed).toEqual([]);
  });

  it('reversed, a repair shows as the verdict coming back, naming the same resource', () => {
    const diff = diffSnapshots(load('eip-released', 'after.json'), load('eip-released', 'before.json'), { functions: ['mobile-auth-handler'] });
    expect(diff.changed.every((c) => c.before === 'unreachable' && c.after === 'reachable')).toBe(true);
    expect(diff.changed[0]!.changes).toContainEqual(expect.objectContaining({ kind: 'nat-gateway', id: 'nat-0f4b2a7c9e1d3a602' }));
  });
});

describe('vpcdoctor diff (the built binary)', () => {
  it('prints each changed verdict with its change, the rest in one line, and exits 1 on a regression', () => {
    const run = vpcdoctor(['diff', file('nat-replaced-by-private', 'before.json'), file('nat-replaced-by-private', 'after.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/internet from subnet-b94c40f2: reachable → unreachable/);
    expect(run.stdout).toMatch(/NAT gateway nat-01e3ffe9cc512d1df replaced by nat-0c5d7e9f1a3b5c7d9 \(in subnet-b94c40f2/);
    expect(run.stdout).toMatch(/NAT_SUBNET_NO_IGW_ROUTE/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('4 other verdict(s) unchanged (4 reachable).');
  });

  it('exits 0 when nothing changed, and reads BEFORE from stdin with -', () => {
    const before = readFileSync(file('nothing-changed', 'before.json'), 'utf8');
    const run = spawnSync(process.execPath, [BIN, 'diff', '-', file('nothing-changed', 'after.json'), '--output', 'json'], { cwd: ROOT, input: before, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ diffVersion: 1, changed: [], unchanged: { reachable: 6 } });
  });

  it('rejects two stdins, AFTER with --live, and no AFTER, each in one line with exit 2', () => {
    const b = file('nothing-changed', 'before.json');
    for (const args of [['diff', '-', '-'], ['diff', b, b, '--live'], ['diff', b]]) {
      const run = vpcdoctor(args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^vpcdoctor: /);
    }
  });
});
