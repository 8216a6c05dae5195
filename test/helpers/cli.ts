import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'vpcdoctor.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would, without colour and without AWS credentials. */
export function vpcdoctor(args: string[], options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const fixture = (name: string): string => join(ROOT, 'fixtures', name, 'snapshot.json');

export interface Started {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when a signal ended it). */
  done: Promise<number | null>;
}

/** Starts the built binary without waiting for it (a local endpoint in the same test process must keep answering). */
export function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return { process: child, stdout: () => stdout, stderr: () => stderr, done: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
}

/** The binary run to its end, asynchronously. */
export async function runAsync(args: string[], env: Record<string, string>): Promise<Run> {
  const child = start(args, env);
  const code = await child.done;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}
