// Probe functions a crash (or a kill -9) left behind: found by name prefix and the created-by tag,
// removed by `probe --cleanup`, and by any later probe run once they are old enough that no other
// run can still be using them.
import { deleteProbe, type Sender } from './lifecycle.js';
import { CREATED_BY_TAG, isProbeName } from './package.js';

/** A probe younger than this may belong to a run still in progress (create + wait + invoke). */
export const STALE_AFTER_MS = 15 * 60_000;

export interface Leftover { name: string; arn: string; lastModified?: string }

export async function findLeftovers(lambda: Sender, options: { olderThanMs?: number; now?: number } = {}): Promise<Leftover[]> {
  const { ListFunctionsCommand, ListTagsCommand } = await import('@aws-sdk/client-lambda');
  const candidates: Leftover[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ ...(marker ? { Marker: marker } : {}) })) as {
      Functions?: { FunctionName?: string; FunctionArn?: string; LastModified?: string }[]; NextMarker?: string;
    };
    for (const fn of page.Functions ?? []) {
      if (isProbeName(fn.FunctionName) && fn.FunctionArn) candidates.push({ name: fn.FunctionName!, arn: fn.FunctionArn, lastModified: fn.LastModified });
    }
    marker = page.NextMarker;
  } while (marker);
  const now = options.now ?? Date.now();
  const old = candidates.filter((c) => options.olderThanMs === undefined || !c.lastModified || now - Date.parse(c.lastModified) >= options.olderThanMs);
  const tagged = await Promise.all(old.map(async (c) => {
    const { Tags } = await lambda.send(new ListTagsCommand({ Resource: c.arn })) as { Tags?: Record<string, string> };
    return Tags?.[CREATED_BY_TAG] !== undefined ? c : undefined;
  }));
  return tagged.filter((c): c is Leftover => c !== undefined);
}

/** Deletes the leftovers; returns the names deleted and those that could not be. */
export async function removeLeftovers(lambda: Sender, leftovers: Leftover[]): Promise<{ deleted: string[]; failed: string[] }> {
  const outcomes = await Promise.all(leftovers.map(async (l) => ({ name: l.name, ok: await deleteProbe(lambda, l.name) })));
  return { deleted: outcomes.filter((o) => o.ok).map((o) => o.name), failed: outcomes.filter((o) => !o.ok).map((o) => o.name) };
}
