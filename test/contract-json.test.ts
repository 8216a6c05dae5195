// docs/CONTRACT.md §4 shows the JSON of `check --output json` (with `metadata` and `baseline`) and of
// `diff --output json` as examples: every field name an example uses must be in the generated report
// schema and in what the built binary really prints, so the contract cannot name a field the code
// does not write (the field lists are read from the contract, not copied here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, vpcdoctor } from './helpers/cli.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] };

/** The ```json blocks of the contract's section 4, in order. */
function contractExamples(): Json[] {
  const contract = readFileSync(join(ROOT, 'docs', 'CONTRACT.md'), 'utf8');
  const section = contract.slice(contract.indexOf('## 4. '), contract.indexOf('## 5. '));
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Json);
}

/** Every key path of a JSON value: "baseline.regressions[].before". */
function keyPaths(value: Json, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(v, path)];
  });
}

const segments = (path: string): string[] => path.split(/\.|(?=\[\])/).filter(Boolean);

/** Whether a real document has the path (an array: any of its elements). */
function hasPath(value: Json, steps: string[]): boolean {
  if (steps.length === 0) return true;
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '[]') return Array.isArray(value) && value.some((v) => hasPath(v, rest));
  return value !== null && typeof value === 'object' && !Array.isArray(value) && step in value && hasPath(value[step]!, rest);
}

/** Whether the schema allows the path, following $ref and the branches of anyOf/oneOf/allOf. */
function schemaHas(root: { definitions: Record<string, Schema> }, node: Schema | undefined, steps: string[]): boolean {
  if (!node) return false;
  if (node.$ref) return schemaHas(root, root.definitions[node.$ref.replace('#/definitions/', '')], steps);
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  if (branches.length > 0) return branches.some((b) => schemaHas(root, b, steps));
  if (steps.length === 0) return true;
  const [step, ...rest] = steps as [string, ...string[]];
  return step === '[]' ? schemaHas(root, node.items, rest) : schemaHas(root, node.properties?.[step], rest);
}

const pair = (name: string) => join(ROOT, 'fixtures', 'diff', 'nat-replaced-by-private', name);

describe('docs/CONTRACT.md §4 JSON examples', () => {
  const examples = contractExamples();
  const reportExamples = examples.filter((e) => !(e !== null && typeof e === 'object' && 'diffVersion' in e));
  const diffExample = examples.find((e) => e !== null && typeof e === 'object' && 'diffVersion' in e) as { [key: string]: Json } | undefined;
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')) as Schema & { definitions: Record<string, Schema> };

  it('show the report, its metadata and baseline, and the diff', () => {
    const documented = reportExamples.flatMap((e) => keyPaths(e));
    for (const field of ['metadata.capturedAt', 'metadata.accountId', 'metadata.warnings', 'baseline.regressions[].before', 'baseline.newFindings[].finding']) expect(documented).toContain(field);
    expect(diffExample?.diffVersion).toBe(1);
  });

  it('name only fields the report schema has', () => {
    const missing = reportExamples.flatMap((e) => keyPaths(e)).filter((path) => !schemaHas(schema, schema, segments(path)));
    expect(missing).toEqual([]);
  });

  it('name only fields a real check --baseline report has, and that report validates against the schema', () => {
    const run = vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', pair('after.json'), '--baseline', pair('before.json'), '--output', 'json']);
    const report = JSON.parse(run.stdout) as Json;
    const [, extras] = reportExamples as [Json, Json];
    expect(keyPaths(extras).filter((path) => !hasPath(report, segments(path)))).toEqual([]);
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
  });

  it('name only fields a real diff --output json has, with diffVersion 1', () => {
    const run = vpcdoctor(['diff', pair('before.json'), pair('after.json'), '--output', 'json']);
    const diff = JSON.parse(run.stdout) as Json;
    expect(keyPaths(diffExample!).filter((path) => !hasPath(diff, segments(path)))).toEqual([]);
    expect((diff as { diffVersion: number }).diffVersion).toBe(1);
  });
});
