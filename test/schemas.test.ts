// schemas/snapshot.schema.json (written by the build from the definitions the reader compiles) is
// real JSON Schema: an independent validator (Ajv, draft 2020-12) accepts every fixture snapshot with
// it and rejects what the reader rejects. schemas/report.schema.json (generated from the Report type)
// accepts the JSON report of every fixture.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { renderJson } from '../src/report/json.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import { ROOT } from './helpers/cli.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'snapshot.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: false, strict: true }).compile(schema);

const fixtureSnapshots = readdirSync(join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'fixtures', entry.name, 'snapshot.json')))
  .map((entry) => entry.name);

describe('schemas/snapshot.schema.json', () => {
  it('is draft 2020-12 with a title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toMatch(/vpcdoctor snapshot/);
    expect(fixtureSnapshots.length).toBeGreaterThan(50);
  });

  it.each(fixtureSnapshots)('accepts fixtures/%s/snapshot.json', (name) => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', name, 'snapshot.json'), 'utf8'));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it.each([
    ['wrong-type-deep.json', '/ec2/RouteTables/3/Routes/1/State'],
    ['wrong-type-port-string.json', '/rds/DBInstances/0/Endpoint/Port'],
    ['bpa-mode-misspelt.json', '/ec2/VpcBlockPublicAccessOptions/InternetGatewayBlockMode'],
    ['bpa-exclusion-state-unknown.json', '/ec2/VpcBlockPublicAccessExclusions/0/State'],
    ['network-firewall-wrong-type.json', '/networkFirewall/Firewalls/arn:aws:network-firewall:us-west-2:123456789012:firewall~1egress-inspection/FirewallStatus/SyncStates/us-west-2a/Attachment/Status'],
  ])('rejects fixtures/bad/%s at the same path as the reader', (file, path) => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'bad', file), 'utf8'));
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe(path);
  });

  it('rejects a NACL entry that is neither allow nor deny, as the reader does', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cli-handbuilt', 'snapshot.json'), 'utf8'));
    doc.ec2.NetworkAcls[0].Entries[0].RuleAction = 'permit';
    expect(validate(doc)).toBe(false);
  });
});

describe('schemas/report.schema.json', () => {
  const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
  const validateReport = new Ajv({ allErrors: false, strict: false }).compile(reportSchema);

  it.each(fixtureSnapshots.filter((name) => existsSync(join(ROOT, 'fixtures', name, 'expected.json'))))('accepts the JSON report of fixtures/%s', (name) => {
    const expected = JSON.parse(readFileSync(join(ROOT, 'fixtures', name, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
    const snapshot = parseSnapshot(readFileSync(join(ROOT, 'fixtures', name, 'snapshot.json'), 'utf8'), name);
    const report = JSON.parse(renderJson(analyze(snapshot, { functions: [expected.function], targets: expected.targets })));
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([]);
  });

  it('rejects a report whose verdict is not one of the contract\'s', () => {
    const snapshot = parseSnapshot(readFileSync(join(ROOT, 'fixtures', 'seed', 'snapshot.json'), 'utf8'), 'seed');
    const report = JSON.parse(renderJson(analyze(snapshot, { functions: ['mobile-auth-handler'] })));
    report.functions[0].verdict = 'fine';
    expect(validateReport(report)).toBe(false);
  });
});
