// A route step cut short (the process died mid-call) has no output to find it by: read the route.
// Pointing at the step's target, the call was done (undo puts the route back); at the target the
// step replaced (ReplaceRoute) or missing (CreateRoute), it was not. Anything else is someone
// else's change: left as it is, for a person (rollback says so).
import type { EC2Client } from '@aws-sdk/client-ec2';
import { resolveRefs } from '../refs.js';
import { errorText } from './calls.js';
import { outputsOf, type Journal } from './journal.js';
import { readRoute, routeTarget } from './route-check.js';

const same = (a: Record<string, string>, b: Record<string, string>) => Object.keys(b).length > 0 && Object.entries(b).every(([k, v]) => a[k] === v);

export async function settleRouteSteps(journal: Journal, ec2: EC2Client, log: (line: string) => void): Promise<{ changed: boolean; unsettled: string[] }> {
  let changed = false;
  const unsettled: string[] = [];
  const outputs = outputsOf(journal);
  for (const entry of journal.steps) {
    if (entry.status !== 'running' || !entry.params || (entry.action !== 'ReplaceRoute' && entry.action !== 'CreateRoute')) continue;
    const restore = journal.plan.steps[entry.index - 1]?.undo?.find((u) => u.action === 'ReplaceRoute');
    let route: Record<string, string> | undefined;
    try {
      route = await readRoute(ec2, entry.params);
    } catch (error) {
      unsettled.push(`step ${entry.index} (${entry.action}): cannot read the route: ${errorText(error)}; check it by hand`);
      continue;
    }
    const before = restore ? routeTarget(resolveRefs(restore.params, outputs)) : {};
    if (route && same(route, routeTarget(entry.params))) {
      log(`  step ${entry.index} (${entry.action}): its outcome was unknown; the route points at its target, so it was done`);
      Object.assign(entry, { status: 'done', output: {}, recovered: 'the route points at the step\'s target' });
      changed = true;
    } else if (entry.action === 'CreateRoute' ? !route : route && same(route, before)) {
      Object.assign(entry, { status: 'failed', error: 'interrupted before AWS changed the route: it changed nothing' });
      changed = true;
    }
  }
  return { changed, unsettled };
}
