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

describe('the bundle\'s snapshot check and schema (scripts/snapshot-modules.mjs)', () => {
  const load = async (source: string) => import(`data:text/javascript,${encodeURIComponent(source)}`);

  it('the schema literal is the Type-built schema, TypeBox symbols included, and describes errors the same', async () => {
    const { schemaModule } = await import('../scripts/snapshot-modules.mjs');
    const { SNAPSHOT_SCHEMA } = await import('../src/snapshot/schema.js');
    const { Errors } = await import('@sinclair/typebox/errors');
    const { SNAPSHOT_SCHEMA: literal } = await load(schemaModule('SNAPSHOT_SCHEMA', SNAPSHOT_SCHEMA) as string);
    expect(literal).toStrictEqual(SNAPSHOT_SCHEMA);
    expect(literal[Symbol.for('TypeBox.Kind')]).toBe('Intersect');
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'bad', 'wrong-type-deep.json'), 'utf8'));
    const first = (schema: typeof SNAPSHOT_SCHEMA) => { const e = Errors(schema, [], doc).First(); return e && { path: e.path, message: e.message }; };
    expect(first(literal)).toEqual(first(SNAPSHOT_SCHEMA));
    expect(first(literal)?.path).toBe('/ec2/RouteTables/3/Routes/1/State');
    expect(() => schemaModule('X', { f: () => 0 })).toThrow(/cannot write a function/);
  });

  it('the generated check (index loops) agrees with TypeBox\'s own on every fixture and every bad one', async () => {
    const { checkModule } = await import('../scripts/snapshot-modules.mjs');
    const { SNAPSHOT_SCHEMA } = await import('../src/snapshot/schema.js');
    const { TypeCompiler } = await import('@sinclair/typebox/compiler');
    const source = checkModule(SNAPSHOT_SCHEMA) as string;
    expect(source).toContain('index < array.length');
    expect(source).not.toMatch(/for\(const value of array\)/);
    const { checkSnapshot } = await load(source);
    const reference = TypeCompiler.Compile(SNAPSHOT_SCHEMA);
    const docs = [
      ...fixtureSnapshots.map((name) => JSON.parse(readFileSync(join(ROOT, 'fixtures', name, 'snapshot.json'), 'utf8'))),
      ...readdirSync(join(ROOT, 'fixtures', 'bad')).filter((f) => f.endsWith('.json') && f !== 'truncated.json')
        .map((f) => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'bad', f), 'utf8'))),
    ];
    // And one bad element after good ones, deep in each kind of array.
    const seed = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'seed', 'snapshot.json'), 'utf8'));
    for (const [list, bad] of [['SecurityGroups', { GroupId: 7 }], ['Subnets', { CidrBlock: '10.0.0.0/33' }], ['RouteTables', { Routes: [{}, { State: 1 }] }]] as const) {
      const doc = structuredClone(seed);
      doc.ec2[list].push(bad);
      docs.push(doc);
    }
    const verdicts = docs.map((doc) => [checkSnapshot(doc), reference.Check(doc)]);
    expect(verdicts.filter(([a, b]) => a !== b)).toEqual([]);
    expect(verdicts.filter(([a]) => !a).length).toBeGreaterThanOrEqual(8);
  });
});
