// SARIF 2.1.0 over every fixture's real analysis, validated against the vendored 2.1.0 schema
// (test/data/sarif-schema-2.1.0.json, the 2.1.0 JSON Schema as shipped in @microsoft/jest-sarif).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../src/analyze/codes.js';
import { analyze } from '../src/analyze/index.js';
import { ruleFor } from '../src/analyze/rules/index.js';
import { renderGithubAnnotations } from '../src/report/annotations.js';
import { renderSarif } from '../src/report/sarif.js';
import { parseSnapshot } from '../src/snapshot/read.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'expected.json')))
  .map((d) => d.name).sort();

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

function sarifOf(folder: string, artifactUri?: string): Log {
  const expected = JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
  const snapshot = parseSnapshot(readFileSync(join(root, folder, 'snapshot.json'), 'utf8'), folder);
  const report = analyze(snapshot, { functions: [expected.function], targets: expected.targets });
  report.metadata = { capturedAt: snapshot.capturedAt ?? null, live: false, region: snapshot.region, accountId: '123456789012', vpcdoctorVersion: '0.1.0' };
  const text = renderSarif(report, { artifactUri });
  return JSON.parse(text) as Log;
}

describe('SARIF output', () => {
  it.each(folders)('%s validates against the SARIF 2.1.0 schema', (folder) => {
    const log = sarifOf(folder, `fixtures/${folder}/snapshot.json`);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules ?? [];
    for (const result of run.results ?? []) {
      // ruleIndex points at the rule of the result's code; each result is located on resources and the file.
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(result.locations?.[0]?.logicalLocations?.length).toBeGreaterThan(0);
      expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(`fixtures/${folder}/snapshot.json`);
    }
  });

  it('has one rule per finding code, with its explanation and help', () => {
    const rules = sarifOf('seed').runs[0]!.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([...FINDING_CODES]);
    const rule = rules.find((r) => r.id === 'NAT_SUBNET_NO_IGW_ROUTE')!;
    expect(rule.fullDescription?.text).toBe(ruleFor('NAT_SUBNET_NO_IGW_ROUTE').explanation);
    expect(rule.help?.text).toContain(ruleFor('NAT_SUBNET_NO_IGW_ROUTE').remediation);
    expect(rule.help?.text).toContain('vpcdoctor explain NAT_SUBNET_NO_IGW_ROUTE');
  });

  it('locates the seed finding on the NAT gateway and its route table, with a stable fingerprint', () => {
    const run = sarifOf('seed').runs[0]!;
    const result = run.results!.find((r) => r.ruleId === 'NAT_SUBNET_NO_IGW_ROUTE')!;
    expect(result.level).toBe('error');
    const names = result.locations![0]!.logicalLocations!.map((l) => l.name);
    expect(names).toContain('nat-01e3ffe9cc512d1df');
    expect(result.partialFingerprints).toEqual(sarifOf('seed').runs[0]!.results!.find((r) => r.ruleId === 'NAT_SUBNET_NO_IGW_ROUTE')!.partialFingerprints);
    expect(validate(sarifOf('seed'))).toBe(true); // no snapshot file: logical locations only, still valid
    expect(run.properties).toMatchObject({ region: 'us-west-2', accountId: '123456789012', vpcdoctorVersion: '0.1.0' });
  });

  it('the schema check can fail: a wrong level or a result without a message is rejected', () => {
    const log = sarifOf('seed') as unknown as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    const other = sarifOf('seed') as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete other.runs[0]!.results[0]!.message;
    expect(validate(other)).toBe(false);
  });

  it('a healthy network has no results but still every rule', () => {
    const run = sarifOf('00-healthy').runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules?.length).toBe(FINDING_CODES.length);
  });
});

describe('GitHub annotations', () => {
  it('escapes workflow-command data and properties', () => {
    const text = renderGithubAnnotations({
      schemaVersion: 1,
      functions: [{
        function: { name: 'fn', arn: '', vpcId: null, subnetIds: [], securityGroupIds: [] }, verdict: 'unreachable', targets: [],
        findings: [{ code: 'NO_ROUTE', severity: 'error', resourceIds: [], targets: [], subnetIds: [], message: '100% broken\nsecond line', remediation: 'add a route' }],
      }],
    });
    expect(text).toBe('::error title=NO_ROUTE::fn: 100%25 broken%0Asecond line Fix: add a route\n');
  });
});
