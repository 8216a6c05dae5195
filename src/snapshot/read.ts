// Reads a snapshot file (contract §3) and checks it with the validator compiled from schema.ts. Every problem is an InputError
// (exit 2) whose one-line message names the file and the JSON path, e.g.
//   snapshot.json: ec2.RouteTables[3].Routes[0].State: expected a string, got number
import { isAscii } from 'node:buffer';
import { InputError } from '../errors.js';
import { checkSnapshot } from './check.js';
import { takeFile } from './prefetch.js';
import { describeFirstError } from './describe.js';
import { isPlainObject, typeName } from './values.js';
import type { Snapshot } from './types.js';

export const SNAPSHOT_VERSION = 1;

/** After a successful check: store each `{ "Value": b }` VPC attribute as the plain boolean the types promise. */
function normalizeFlags(doc: Record<string, unknown>): void {
  const attributes = (doc.ec2 as { VpcAttributes?: Record<string, Record<string, unknown>> } | undefined)?.VpcAttributes;
  for (const flags of Object.values(attributes ?? {})) {
    for (const [key, value] of Object.entries(flags)) {
      if (isPlainObject(value) && typeof value.Value === 'boolean') flags[key] = value.Value;
    }
  }
}

/**
 * The file's text, decoded in one piece (readFile(path, 'utf8') decodes chunk by chunk into a rope
 * that JSON.parse must first flatten). Pure ASCII, as AWS output nearly always is, is decoded as
 * latin1, which reads the same for ASCII: Node keeps a large latin1 string outside the JS heap, so a
 * 20 MB snapshot does not fill the old generation and set off a full mark-compact while it is parsed.
 */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = decode(await takeFile(path));
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
  if (!checkSnapshot(doc)) throw new InputError(`${source}: ${describeFirstError(doc)}`);
  normalizeFlags(doc);
  // Absent sections mean "nothing collected": every key inside them stays absent.
  if (!('ec2' in doc)) doc.ec2 = {};
  if (!('rds' in doc)) doc.rds = {};
  return doc as unknown as Snapshot;
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
