// What a probe function is made of: its name, tags, runtime and the zip of the shipped handler.
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { HANDLER_FILE, HANDLER_SOURCE } from './handler-source.js';

export const PROBE_PREFIX = 'vpcdoctor-probe-';
export const CREATED_BY_TAG = 'vpcdoctor:created-by';
export const PROBE_OF_TAG = 'vpcdoctor:probe-of';
/**
 * nodejs24.x: Lambda deprecates it on Apr 30, 2028; nodejs20.x was deprecated on Apr 30, 2026 and
 * blocks function creation from Aug 31, 2026 (docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */
export const PROBE_RUNTIME = 'nodejs24.x';
/** Lambda's own limit for the probe (s); the handler answers by 27 s, each step within 5 s. */
export const PROBE_TIMEOUT_S = 30;
export const PROBE_MEMORY_MB = 128;

/** A fixed timestamp keeps the zip, and so its CodeSha256, the same on every run. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

export function handlerZip(): Uint8Array {
  return zipSync({ [HANDLER_FILE]: [strToU8(HANDLER_SOURCE), { mtime: ZIP_MTIME, level: 9 }] });
}

/**
 * vpcdoctor-probe-<hash>-<az>: the hash covers the function, the subnet and this run, so two runs (or two
 * engineers) probing the same function never collide; at most 64 characters, as Lambda requires.
 */
export function probeFunctionName(functionName: string, runId: string, subnetId: string, availabilityZone: string): string {
  const hash = createHash('sha256').update(`${functionName}\0${runId}\0${subnetId}`).digest('hex').slice(0, 8);
  const az = availabilityZone.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 64 - PROBE_PREFIX.length - 9) || 'az';
  return `${PROBE_PREFIX}${hash}-${az}`;
}

export const isProbeName = (name: string | undefined): boolean => name !== undefined && name.startsWith(PROBE_PREFIX);
