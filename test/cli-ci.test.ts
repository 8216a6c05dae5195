// The CI gate as a pipeline runs it: the built binary with GITHUB_ACTIONS=true, --report files,
// --baseline and --fail-on exit codes, report metadata.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, vpcdoctor } from './helpers/cli.js';

const check = (name: string, ...more: string[]) => ['check', 'mobile-auth-handler', '--snapshot', fixture(name), ...more];
const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-ci-'));

describe('on GitHub Actions', () => {
  it('prints ::error and ::warning workflow commands on stderr, and keeps stdout one JSON document', () => {
    const run = vpcdoctor(check('seed', '--output', 'json'), { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).functions[0].verdict).toBe('unreachable');
    const commands = run.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toContainEqual(expect.stringMatching(/^::error title=NAT_SUBNET_NO_IGW_ROUTE::mobile-auth-handler: .*nat-01e3ffe9cc512d1df/));
    expect(commands).toContainEqual(expect.stringMatching(/^::warning title=NAT_CROSS_AZ::/));
    expect(commands.every((l) => !l.slice(2).includes('\n'))).toBe(true);
  });

  it('prints no workflow commands elsewhere unless asked, and none with --annotations none', () => {
    expect(vpcdoctor(check('seed', '--output', 'json')).stderr).not.toMatch(/^::/m);
    expect(vpcdoctor(check('seed', '--output', 'json', '--annotations', 'none'), { env: { GITHUB_ACTIONS: 'true' } }).stderr).not.toMatch(/^::/m);
    expect(vpcdoctor(check('seed', '--output', 'json', '--annotations', 'github')).stderr).toMatch(/^::error title=NAT_SUBNET_NO_IGW_ROUTE::/m);
  });

  it('a healthy network gives no ::error', () => {
    const run = vpcdoctor(check('00-healthy', '--output', 'sarif'), { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/^::error/m);
    expect(JSON.parse(run.stdout).version).toBe('2.1.0');
  });
});

describe('--report FORMAT=FILE', () => {
  it('writes several formats from one analysis, text on the terminal', () => {
    const [json, junit, sarif] = ['r.json', 'r.xml', 'r.sarif'].map((f) => join(dir, f));
    const run = vpcdoctor(check('seed', '--report', `json=${json}`, '--report', `junit=${junit}`, '--report', `sarif=${sarif}`));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NAT_SUBNET_NO_IGW_ROUTE');
    expect(JSON.parse(readFileSync(json!, 'utf8')).functions[0].findings.length).toBeGreaterThan(0);
    expect(readFileSync(junit!, 'utf8')).toMatch(/^<\?xml/);
    expect(JSON.parse(readFileSync(sarif!, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
  });

  it('rejects a bad spec in one line, exit 2, before analysing', () => {
    const run = vpcdoctor(check('seed', '--report', 'pdf=x.pdf'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(/^vpcdoctor: --report pdf=x\.pdf: expected FORMAT=FILE/);
  });
});

describe('report metadata', () => {
  it('every format says when and where: capturedAt, region, account, version; an old snapshot warns', () => {
    const json = JSON.parse(vpcdoctor(check('seed', '--output', 'json')).stdout);
    expect(json.metadata).toMatchObject({ capturedAt: expect.stringMatching(/^20\d\d-/), live: false, region: 'us-west-2', accountId: expect.stringMatching(/^\d{12}$/), vpcdoctorVersion: '0.1.0' });
    const text = vpcdoctor(check('seed')).stdout;
    expect(text).toMatch(/snapshot captured 20\d\d-.* · region us-west-2 · account \d{12} · vpcdoctor 0\.1\.0/);
    // The fixtures were captured in November 2026; any later clock makes them more than a day old.
    expect(json.metadata.warnings).toContainEqual(expect.stringMatching(/snapshot is .* old/));
    expect(text).toMatch(/^warning: the snapshot is .* old/m);
    expect(vpcdoctor(check('seed', '--output', 'junit')).stdout).toContain('<property name="region" value="us-west-2"/>');
    expect(vpcdoctor(check('seed', '--output', 'markdown')).stdout).toContain('region us-west-2');
  });
});

describe('--baseline and --fail-on', () => {
  it('fails on regressions against a healthy baseline snapshot, naming each lost path', () => {
    const run = vpcdoctor(check('seed', '--baseline', fixture('00-healthy'), '--output', 'json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/regression: mobile-auth-handler: internet from subnet-\w+ was reachable, now unreachable/);
    expect(JSON.parse(run.stdout).baseline.regressions.length).toBeGreaterThan(0);
  });

  it('passes when nothing got worse, though the network is still broken', () => {
    const report = join(dir, 'before.json');
    vpcdoctor(check('seed', '--report', `json=${report}`, '--quiet'));
    expect(vpcdoctor(check('seed', '--baseline', report, '--quiet')).code).toBe(0);
    expect(vpcdoctor(check('seed', '--baseline', fixture('seed'), '--quiet')).code).toBe(0);
  });

  it('--fail-on never passes anything; --fail-on warning fails on a warning alone', () => {
    expect(vpcdoctor(check('seed', '--fail-on', 'never', '--quiet')).code).toBe(0);
    expect(vpcdoctor(check('seed', '--quiet')).code).toBe(1);
    expect(vpcdoctor(check('20-function-single-subnet', '--quiet')).code).toBe(0);
    expect(vpcdoctor(check('20-function-single-subnet', '--quiet', '--fail-on', 'warning')).code).toBe(1);
  });

  it('rejects a baseline that is neither a snapshot nor a report', () => {
    const run = vpcdoctor(check('seed', '--baseline', join(import.meta.dirname, '..', 'package.json')));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^vpcdoctor: baseline .* is neither a vpcdoctor snapshot nor a JSON report/);
  });
});
