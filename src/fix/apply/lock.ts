// One fix at a time per VPC: a tag on the VPC, `vpcdoctor:lock` = "<run id> <expiry ISO>". A run
// reads it, refuses someone else's unexpired value (exit 4), writes its own with CreateTags,
// waits for the write to settle, and reads it back: of two runs that wrote at about the same
// time the later writer wins and the other refuses, having changed nothing else. Released with
// DeleteTags naming the value (EC2 deletes the tag only if it still holds that value). The applier
// reads the tag again before each change and stops (rolling back) if another run's value replaced it.
import { randomUUID } from 'node:crypto';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AnalysisError, ConcurrentRunError } from '../../errors.js';
import { errorText, send } from './calls.js';

export const LOCK_KEY = 'vpcdoctor:lock';

export interface LockOptions {
  vpcId: string;
  /** This run's id (default: a random UUID). */
  runId?: string;
  /** How long the lock holds if the run dies without releasing it. */
  ttlMs: number;
  /** Between writing the tag and reading it back (default 2 s: EC2 tags are eventually consistent). */
  settleMs?: number;
}

export interface LockContext {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

interface Holder { runId: string; expires: Date | null; value: string }

function parse(value: string): Holder {
  const [runId = '', expiry = ''] = value.split(' ');
  const expires = new Date(expiry);
  return { runId, expires: Number.isNaN(expires.getTime()) ? null : expires, value };
}

async function holder(ec2: EC2Client, vpcId: string): Promise<Holder | undefined> {
  const output = await send(ec2, 'DescribeTags', { Filters: [{ Name: 'resource-id', Values: [vpcId] }, { Name: 'key', Values: [LOCK_KEY] }] });
  const tag = ((output.Tags ?? []) as { Key?: string; Value?: string; ResourceId?: string }[]).find((t) => t.Key === LOCK_KEY && t.ResourceId === vpcId);
  return tag ? parse(tag.Value ?? '') : undefined;
}

const refuse = (vpcId: string, held: Holder) => new ConcurrentRunError(
  `${vpcId} is locked by another vpcdoctor run (${held.runId || '?'}${held.expires ? `, until ${held.expires.toISOString()}` : ''}): nothing changed; ` +
  `wait for it to finish, or if no run is active remove the tag: aws ec2 delete-tags --resources ${vpcId} --tags Key=${LOCK_KEY}`,
);

/**
 * Runs `body` holding the VPC's lock; the lock is released however `body` ends. `body` gets
 * `stillHeld`, which throws when another run's value has replaced this run's (check it before
 * each change: of two runs that both believed the VPC free, the overwritten one stops).
 */
export async function withVpcLock<T>(ec2: EC2Client, options: LockOptions, context: LockContext, body: (stillHeld: () => Promise<void>) => Promise<T>): Promise<T> {
  const value = await acquire(ec2, options, context).catch((error: unknown) => {
    if (error instanceof ConcurrentRunError) throw error;
    throw new AnalysisError(`cannot take the lock on ${options.vpcId} (${errorText(error)}): nothing changed`, { cause: error });
  });
  const stillHeld = async () => {
    // Only another run's live value stops the run: a missing or expired one may be a stale read (EC2 is eventually consistent).
    const now = await holder(ec2, options.vpcId);
    if (now && now.value !== value && (!now.expires || now.expires > context.now())) {
      throw new ConcurrentRunError(`the lock on ${options.vpcId} is now held by run ${now.runId || '?'}, not this one: another vpcdoctor run may be changing the VPC; stopping`);
    }
  };
  try {
    return await body(stillHeld);
  } finally {
    await send(ec2, 'DeleteTags', { Resources: [options.vpcId], Tags: [{ Key: LOCK_KEY, Value: value }] }).catch((error: unknown) => {
      context.log(`could not release the lock on ${options.vpcId} (${errorText(error)}): it expires by itself at ${value.split(' ')[1]}`);
    });
  }
}

/** The value this run now holds the lock with. */
async function acquire(ec2: EC2Client, options: LockOptions, context: LockContext): Promise<string> {
  const { vpcId } = options;
  const runId = options.runId ?? randomUUID();
  const value = `${runId} ${new Date(context.now().getTime() + options.ttlMs).toISOString()}`;
  const before = await holder(ec2, vpcId);
  if (before && before.runId !== runId) {
    if (!before.expires || before.expires > context.now()) throw refuse(vpcId, before);
    context.log(`taking over the expired lock of run ${before.runId} on ${vpcId} (expired ${before.expires.toISOString()})`);
  }
  await send(ec2, 'CreateTags', { Resources: [vpcId], Tags: [{ Key: LOCK_KEY, Value: value }] });
  await context.sleep(options.settleMs ?? 2_000);
  const after = await holder(ec2, vpcId);
  if (!after) throw new ConcurrentRunError(`the lock tag ${LOCK_KEY} on ${vpcId} vanished right after this run wrote it (another run or a person removed it): nothing changed; try again`);
  // Another run wrote after us: theirs stands (our value is gone, nothing of ours to remove).
  if (after.value !== value) throw refuse(vpcId, after);
  return value;
}
