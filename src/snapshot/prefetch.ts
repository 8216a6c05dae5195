// A large snapshot takes a while to read: the CLI starts reading each --snapshot file before it loads
// the engine, so the read (on libuv's thread pool) overlaps the compiling of the engine's modules.
// read.ts takes the bytes from here. node:fs, not node:fs/promises: it is loaded at start anyway.
import { close, fstat, open, read as readAt } from 'node:fs';

const pending = new Map<string, Promise<Buffer>>();

/**
 * The whole file in as few thread-pool trips as it takes (usually one): fs.readFile reads a regular
 * file in 512 KiB chunks, one trip each, which for a 20 MB snapshot ends well after the engine loaded.
 */
function read(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const done = (error: Error | null, bytes?: Buffer): void => close(fd, () => (error ? reject(error) : resolve(bytes!)));
      fstat(fd, (statError, stats) => {
        if (statError) return done(statError);
        const chunks: Buffer[] = [];
        // Read to the end: the size is only the first guess (a pipe has none; a file may grow). A
        // directory fails its first read with EISDIR.
        const next = (size: number): void => {
          const buffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
          readAt(fd, buffer, 0, buffer.length, null, (readError, count) => {
            if (readError) return done(readError);
            if (count === 0) return done(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
            chunks.push(count === buffer.length ? buffer : buffer.subarray(0, count));
            next(64 * 1024);
          });
        };
        next(stats.size);
      });
    });
  });
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
