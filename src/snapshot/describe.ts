// What is wrong with a snapshot that failed the check, as "path: expected …, got …" (read.ts).
// Only a failing check gets here: the bundle keeps this module, TypeBox's Errors() and the schema
// in a file of their own (dist/cli/snapshot-describe.cjs, scripts/build.mjs) that a valid snapshot
// never loads.
import type { TSchema } from '@sinclair/typebox';
import { Errors } from '@sinclair/typebox/errors';
import { SNAPSHOT_SCHEMA } from './schema.js';
import { isPlainObject, typeName } from './values.js';

/** The first mismatch, as "path: expected …, got …". Only called once Check has failed, so the path
 *  string is built for the failing node alone. */
export function describeFirstError(doc: unknown): string {
  const error = Errors(SNAPSHOT_SCHEMA, [], doc).First();
  if (!error) return '(top level): does not match the snapshot schema';
  const steps = error.path.split('/').slice(1).map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  let parent: unknown = doc;
  for (const step of steps) {
    path = Array.isArray(parent) ? `${path}[${step}]` : join(path, step);
    parent = (parent as Record<string, unknown> | undefined)?.[step];
  }
  const value = error.value;
  // {"Value": "true"} for a flag: the flag's own boolean is what is wrong.
  if (error.schema.anyOf && isPlainObject(value) && Object.hasOwn(value, 'Value') && typeof value.Value !== 'boolean') {
    return mismatch(`${path}.Value`, 'a boolean', value.Value);
  }
  if (value === undefined) return `${path}: missing (expected ${expectation(error.schema, value)})`;
  return mismatch(path, expectation(error.schema, value), value, error.schema);
}

/** "a string", "an array": the type, when the value is not even of it; otherwise the description a
 *  value-checked field carries ("a port number 0-65535"). */
function expectation(schema: TSchema, value: unknown): string {
  const type = schema.type === 'integer' && !Number.isInteger(value) ? 'number' : schema.type;
  const ofType = typeof type === 'string' && (typeName(value) === type || (type === 'integer' && typeName(value) === 'number'));
  if (typeof schema.description === 'string' && (ofType || type === undefined)) return schema.description;
  return `${/^[aeiou]/.test(String(type)) ? 'an' : 'a'} ${String(type ?? 'value')}`;
}

function mismatch(path: string, expected: string, value: unknown, schema?: TSchema): string {
  return `${path || '(top level)'}: expected ${expected}, got ${describeValue(value, schema)}`;
}

/** A value of the right JSON type but not an allowed one is quoted ("10.0.0.300/16", 70000); a value of
 *  the wrong type is named by its type. */
function describeValue(value: unknown, schema?: TSchema): string {
  const type = typeName(value);
  const rightType = schema?.type === type || (schema?.type === 'integer' && type === 'number')
    || (schema?.anyOf as TSchema[] | undefined)?.every((choice) => typeof choice.const === type);
  return rightType && (type === 'string' || type === 'number') ? JSON.stringify(value) : type;
}

/** `ec2.RouteTables`, or `ec2.PrefixListEntries["pl-68a54001"]` for keys that are not identifiers. */
function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}
