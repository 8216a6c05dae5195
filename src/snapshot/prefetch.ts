// A large snapshot takes a while to read: the CLI starts reading each --snapshot file before it loads
// the engine, so the read (on libuv's thread pool) overlaps the compiling of the engine's modules.
// read.ts takes the bytes from here. node:fs, not node:fs/promises: it is loaded at start anyway.
import { readFile } from 'node:fs';

const pending = new Map<string, Promise<Buffer>>();

function read(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFile(path, (error, bytes) => (error ? reject(error) : resolve(bytes))));
}

/** Start reading `path` now; its error, if any, goes to whoever takes the file. */
export function prefetchFile(path: string): void {
  if (path === '-' || pending.has(path)) return;
  const bytes = read(path);
  bytes.catch(() => undefined); // not "unhandled" if a usage error ends the run before it is taken
  pending.set(path, bytes);
}

/** The file's bytes: the read prefetchFile started (once), else a new read. */
export function takeFile(path: string): Promise<Buffer> {
  const bytes = pending.get(path);
  pending.delete(path);
  return bytes ?? read(path);
}
