// The package as a user gets it: `npm pack` in a clean copy of the repository (prepack builds), the
// tarball installed into a temporary prefix, and the installed bin run on the bundled example.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 240_000 });

describe('npm pack from a clean clone', () => {
  const work = mkdtempSync(join(tmpdir(), 'vpcdoctor-pack-'));
  const clone = join(work, 'clone');
  // The tracked files only (what a clone has), with this checkout's node_modules for the build tools.
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try { copyFileSync(join(ROOT, file), join(clone, file)); } catch { /* deleted in the work tree */ }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');

  it('builds on prepack, ships exactly what runs, installs, and the installed bin checks the example', () => {
    const before = spawnSync(process.execPath, [join(clone, 'bin', 'vpcdoctor.js'), '--version'], { encoding: 'utf8' });
    expect(before.status).toBe(3);
    expect(before.stderr).toBe('vpcdoctor: not built yet: run npm run build first\n');

    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], clone)) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path).sort();
    const chunks = files.filter((f) => f.startsWith('dist/cli/chunks/'));
    expect(files.filter((f) => !chunks.includes(f))).toEqual([
      'LICENSE', 'README.md', 'bin/vpcdoctor.js', 'dist/cli/THIRD-PARTY-LICENSES.txt', 'dist/cli/main.js',
      'dist/cli/snapshot-describe.cjs', // loaded only to describe a snapshot that fails the check
      ...tracked.filter((f) => f.startsWith('docs/')).sort(),
      'fixtures/seed/snapshot.json', 'package.json',
      ...tracked.filter((f) => f.startsWith('policies/')).sort(),
      'schemas/report.schema.json', 'schemas/snapshot.schema.json',
    ].sort());
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((f) => f.endsWith('.js'))).toBe(true); // no source maps without their sources

    const prefix = join(work, 'prefix');
    // The external dependencies (the AWS SDK, ora) come from the npm cache that installing this
    // checkout filled; npm asks the registry only for the package metadata it has not cached yet.
    npm(['install', '--global', '--prefer-offline', '--prefix', prefix, join(work, packed!.filename)], work);
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    const bin = join(prefix, 'bin', 'vpcdoctor');
    const run = (args: string[]) => spawnSync(bin, args, { encoding: 'utf8', env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work, NO_COLOR: '1' } });

    const version = run(['--version']);
    expect(version.stdout.trim()).toBe(pkg.version);
    const check = run(['check', 'mobile-auth-handler', '--snapshot', join(installed, 'fixtures', 'seed', 'snapshot.json'), '--output', 'json']);
    // The example snapshot is older than a day: that warning, and nothing else.
    expect(check.stderr).toMatch(/^(vpcdoctor: warning: the snapshot is .* old \(captured [^)]+\): the network may have changed since\n)?$/);
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as { functions: { verdict: string; findings: { code: string }[] }[] };
    expect(report.functions[0]!.findings.map((f) => f.code)).toContain('NAT_SUBNET_NO_IGW_ROUTE');
    // A snapshot that fails the check is described from the installed snapshot-describe.cjs.
    const bad = run(['check', 'mobile-auth-handler', '--snapshot', join(ROOT, 'fixtures', 'bad', 'wrong-type-deep.json')]);
    expect(bad.stderr).toMatch(/wrong-type-deep\.json: ec2\.RouteTables\[3\]\.Routes\[1\]\.State: expected a string, got number\n$/);
    expect(bad.status).toBe(2);
    // Only the external dependencies were installed: commander, TypeBox and ipaddr.js are in the bundle
    // (chalk is too, but ora depends on it).
    expect(existsSync(join(installed, 'node_modules', '@aws-sdk', 'client-ec2'))).toBe(true);
    for (const bundled of ['commander', '@sinclair/typebox', 'ipaddr.js']) {
      expect(existsSync(join(installed, 'node_modules', bundled)), bundled).toBe(false);
    }
  }, 300_000);
});
