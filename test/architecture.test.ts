// The layering the brief promises, checked on the source: the AWS SDK only in collect/ and the
// fix applier; the analysis pure (no I/O, no clock, no randomness); the renderers pure too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
/** Static value imports (type-only imports and dynamic import() are allowed everywhere). */
const valueImports = (text: string): string[] =>
  [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);

describe('architecture', () => {
  it('imports the AWS SDK only in collect/, the fix applier and the probe, and never statically', () => {
    const offenders = sources.filter(({ path, text }) => {
      const dynamicOk = path.startsWith('collect/') || path.startsWith('fix/apply/') || path.startsWith('probe/');
      const statics = valueImports(text).filter((m) => m.startsWith('@aws-sdk/'));
      const dynamics = [...text.matchAll(/import\('(@aws-sdk\/[^']+)'\)/g)];
      return statics.length > 0 || (!dynamicOk && dynamics.length > 0);
    }).map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it.each(['analyze/', 'model/', 'report/', 'fix/plan', 'fix/prove', 'fix/simulate'])('keeps %s free of I/O, clocks and randomness', (prefix) => {
    const offenders = sources
      .filter(({ path }) => path.startsWith(prefix))
      .filter(({ text }) => valueImports(text).some((m) => m.startsWith('node:')) || /\bnew Date\(|Date\.now\(|performance\.now\(|Math\.random\(|process\.(env|stdout|stderr)/.test(text))
      .map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it('has one rule file per finding code, each small', () => {
    const rules = sources.filter(({ path }) => /^analyze\/rules\/[A-Z_]+\.ts$/.test(path));
    expect(rules.length).toBeGreaterThan(30);
    for (const rule of rules) expect(rule.text.split('\n').length, rule.path).toBeLessThanOrEqual(80);
  });

  it('keeps modules under 250 lines', () => {
    const long = sources.filter(({ text }) => text.split('\n').length > 250).map((s) => s.path);
    expect(long).toEqual([]);
  });
});
