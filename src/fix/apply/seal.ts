// A journal is sealed with an HMAC-SHA256 keyed by a secret in the user's state directory, created
// on first use (0600). A bare hash anyone could recompute after editing; the key makes an edited,
// truncated or foreign (another user's or machine's) journal detectable before undo acts on it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../errors.js';

/** $XDG_STATE_HOME/vpcdoctor, else the platform's per-user state place. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'vpcdoctor');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'vpcdoctor');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'vpcdoctor');
  return join(home, '.local', 'state', 'vpcdoctor');
}

const KEY_BYTES = 32;

/** The journal key; created on first use. */
export function journalKey(directory = stateDirectory()): Buffer {
  const path = join(directory, 'journal.key');
  try {
    return readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyError(path, error);
  }
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(KEY_BYTES).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another run created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw keyError(path, error);
  }
  return readKey(path);
}

/** The journal key if this user already has one (nothing created): reading a plan needs no state directory. */
export function existingJournalKey(directory = stateDirectory()): Buffer | undefined {
  const path = join(directory, 'journal.key');
  try {
    return readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyError(path, error);
  }
}

function readKey(path: string): Buffer {
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== KEY_BYTES) throw new InputError(`the journal key ${path} is damaged (expected ${KEY_BYTES * 2} hex digits)`);
  return key;
}

function keyError(path: string, error: unknown): InputError {
  return new InputError(`cannot use the journal key ${path}: ${(error as Error).message}`, { cause: error });
}

export function seal(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** Names a key without revealing it (an HMAC of a fixed label): tells "sealed here" from "sealed elsewhere". */
export function keyId(key: Buffer): string {
  return seal('vpcdoctor key id', key).slice(0, 16);
}

export function sealMatches(body: string, mac: unknown, key: Buffer): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(seal(body, key), 'hex'), Buffer.from(mac, 'hex'));
}
