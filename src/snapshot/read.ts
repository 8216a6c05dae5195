// Reads a snapshot file (contract §3) and checks it against schema.ts. Every problem is an InputError
// (exit 2) whose one-line message names the file and the JSON path, e.g.
//   snapshot.json: ec2.RouteTables[3].Routes[0].State: expected a string, got number
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { SNAPSHOT_SCHEMA, type Schema } from './schema.js';
import type { Snapshot } from './types.js';

export const SNAPSHOT_VERSION = 1;

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: ${describeReadError(error)}`, { cause: error });
  }
  return parseSnapshot(text, path);
}

/** Parse and validate snapshot text; `source` names it in messages (usually the file path). */
export function parseSnapshot(text: string, source: string): Snapshot {
  const doc = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, source);
  if (!isPlainObject(doc)) {
    throw new InputError(`${source}: expected a JSON object with "vpcdoctorSnapshot": ${SNAPSHOT_VERSION}, got ${typeName(doc)}`);
  }
  if (!('vpcdoctorSnapshot' in doc)) {
    throw new InputError(`${source}: not a vpcdoctor snapshot (no "vpcdoctorSnapshot" key; write one with \`vpcdoctor snapshot\`)`);
  }
  if (doc.vpcdoctorSnapshot !== SNAPSHOT_VERSION) {
    throw new InputError(`${source}: vpcdoctorSnapshot: unsupported version ${JSON.stringify(doc.vpcdoctorSnapshot)} (this vpcdoctor reads version ${SNAPSHOT_VERSION})`);
  }
  for (const key of ['region', 'functions'] as const) {
    if (!(key in doc)) throw new InputError(`${source}: ${key}: missing`);
  }
  const problem = check(doc, SNAPSHOT_SCHEMA, '');
  if (problem) throw new InputError(`${source}: ${problem}`);
  // Absent sections mean "nothing collected": every key inside them stays absent.
  if (!('ec2' in doc)) doc.ec2 = {};
  if (!('rds' in doc)) doc.rds = {};
  return doc as unknown as Snapshot;
}

/** The first mismatch between `value` and `schema`, as "path: expected …, got …"; undefined if it fits. */
function check(value: unknown, schema: Schema, path: string): string | undefined {
  switch (schema.kind) {
    case 'any':
      return undefined;
    case 'flag':
      if (isPlainObject(value) && Object.hasOwn(value, 'Value')) {
        return typeof value.Value === 'boolean' ? undefined : mismatch(`${path}.Value`, 'a boolean', value.Value);
      }
      return typeof value === 'boolean' ? undefined : mismatch(path, 'a boolean (or {"Value": boolean})', value);
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === schema.kind && !(schema.kind === 'number' && !Number.isFinite(value))
        ? undefined
        : mismatch(path, `a ${schema.kind}`, value);
    case 'array': {
      if (!Array.isArray(value)) return mismatch(path, 'an array', value);
      for (const [i, item] of value.entries()) {
        const problem = check(item, schema.of, `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'record': {
      if (!isPlainObject(value)) return mismatch(path, 'an object', value);
      for (const [key, item] of Object.entries(value)) {
        const problem = check(item, schema.of, join(path, key));
        if (problem) return problem;
        normalize(value, key, schema.of);
      }
      return undefined;
    }
    case 'object': {
      if (!isPlainObject(value)) return mismatch(path, 'an object', value);
      for (const [key, fieldSchema] of Object.entries(schema.fields)) {
        if (!Object.hasOwn(value, key)) continue;
        const problem = check(value[key], fieldSchema, join(path, key));
        if (problem) return problem;
        normalize(value, key, fieldSchema);
      }
      return undefined;
    }
  }
}

/** After a successful check: store a `{ "Value": b }` flag as the plain boolean the types promise. */
function normalize(container: Record<string, unknown>, key: string, schema: Schema): void {
  const value = container[key];
  if (schema.kind === 'flag' && isPlainObject(value)) container[key] = value.Value;
}

function mismatch(path: string, expected: string, value: unknown): string {
  return `${path || '(top level)'}: expected ${expected}, got ${typeName(value)}`;
}

/** `ec2.RouteTables`, or `ec2.PrefixListEntries["pl-68a54001"]` for keys that are not identifiers. */
function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse, with V8's message reduced to "reason at position N"; a text cut short says so, at its end. */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(raw)?.[1] ?? (/end of JSON input/.test(raw) ? String(text.length) : undefined);
    const reason = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*in JSON at position \d+/, '')
      .replace(/\s*at position \d+/, '');
    // A complaint at the very end (nothing but whitespace after it) means the file was cut short.
    if (position !== undefined && Number(position) >= text.trimEnd().length) {
      throw new InputError(`${source}: not valid JSON (Unexpected end of JSON input at position ${text.length})`, { cause: error });
    }
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new InputError(`${source}: not valid JSON (${reason}${where})`, { cause: error });
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'is a directory, not a snapshot file';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    default: return `cannot read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}
