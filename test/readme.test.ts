// The README's generated examples (scripts/readme-examples.mjs) are what the built binary prints now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
// @ts-expect-error: a plain .mjs script, no types
import { regenerate } from '../scripts/readme-examples.mjs';

describe('README examples', () => {
  it('the --fix plan example is the real output of the built binary (node scripts/readme-examples.mjs regenerates it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const { stale } = regenerate(readme) as { stale: string[] };
    expect(readme).toMatch(/<!-- generated: check mobile-auth-handler --snapshot fixtures\/fix-default-vpc-layout\/snapshot\.json --fix --dry-run/);
    expect(readme).toMatch(/Plan: 2 to add, 2 to change, 0 to destroy\. Monthly cost: \$36\.50/);
    expect(stale, 'run: npm run build && node scripts/readme-examples.mjs').toEqual([]);
  }, 30_000);
});
