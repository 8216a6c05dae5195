// One table-driven test over every fixture folder: the verdicts and codes beside each snapshot.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { exitCodeOf } from '../src/analyze/verdicts.js';
import { parseSnapshot } from '../src/snapshot/read.js';

interface Expected {
  description?: string;
  function: string;
  targets?: string[];
  exitCode: number;
  verdict: string;
  /** `blocked`: the slices every path of the target drops (blocks and code; the share when given). */
  results?: Record<string, { verdict: string; paths?: Record<string, string>; blocked?: { addresses: string[]; code: string; fraction?: number }[] }>;
  errors?: string[];
  warnings?: string[];
  absent?: string[];
}

const root = join(import.meta.dirname, '..', 'fixtures');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort();

describe('fixtures', () => {
  it('has a fixture for every scenario folder', () => {
    expect(folders.length).toBeGreaterThan(10);
  });

  it.each(folders)('%s', (folder) => {
    const expected = JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as Expected;
    const snapshot = parseSnapshot(readFileSync(join(root, folder, 'snapshot.json'), 'utf8'), `${folder}/snapshot.json`);
    const report = analyze(snapshot, { functions: [expected.function], targets: expected.targets });
    const fn = report.functions[0]!;
    const codes = fn.findings.map((f) => f.code);
    const errors = [...new Set(fn.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
    const actual = {
      verdict: fn.verdict,
      exitCode: exitCodeOf(report),
      errors,
      results: Object.fromEntries(fn.targets.map((t) => [t.target, { verdict: t.verdict, paths: Object.fromEntries(t.paths.map((p) => [p.subnetId, p.verdict])) }])),
    };
    const want = {
      verdict: expected.verdict,
      exitCode: expected.exitCode,
      errors: [...new Set(expected.errors ?? [])].sort(),
      results: Object.fromEntries(Object.entries(expected.results ?? {}).map(([spec, r]) => [spec, { verdict: r.verdict, paths: r.paths ?? actual.results[spec]?.paths ?? {} }])),
    };
    const picked = { ...actual, results: Object.fromEntries(Object.keys(want.results).map((spec) => [spec, actual.results[spec]])) };
    expect(picked, JSON.stringify(fn.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), null, 1)).toEqual(want);
    for (const [spec, result] of Object.entries(expected.results ?? {})) {
      if (!result.blocked) continue;
      for (const path of fn.targets.find((t) => t.target === spec)!.paths) {
        const slices = (path.blocked ?? []).map((b) => ({ addresses: b.addresses, code: b.code, ...(result.blocked!.some((w) => w.fraction !== undefined) ? { fraction: b.fraction } : {}) }));
        expect(slices, `${spec} from ${path.subnetId}: blocked slices`).toEqual(result.blocked);
      }
    }
    for (const code of expected.warnings ?? []) expect(codes, `expected ${code}`).toContain(code);
    for (const code of expected.absent ?? []) expect(codes, `unexpected ${code}`).not.toContain(code);
  });
});
