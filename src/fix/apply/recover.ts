// Never orphan what a step created when its outcome is unknown (interrupted, timed out, network
// error): each CreateNatGateway carries a ClientToken and each created NAT gateway and Elastic IP a
// tag, both derived from the journal and the step and journaled before the call. The SDK's own
// retries resend the same token, which AWS answers idempotently (no second NAT gateway); afterwards
// the resource is found by its tag (DescribeNatGateways / DescribeAddresses, Filter tag:KEY) and
// undone like any other.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { errorText, send } from './calls.js';
import type { Journal, JournalStep } from './journal.js';

export const STEP_TAG_KEY = 'vpcdoctor:journal-step';

type Tag = { Key: string; Value: string };
type TagSpecification = { ResourceType: string; Tags: Tag[] };

/** What a step's resource is tagged with, and how to find it again by that tag. */
const FINDERS: Record<string, { resourceType: string; find: (ec2: EC2Client, filter: unknown) => Promise<Record<string, unknown> | undefined> }> = {
  CreateNatGateway: {
    resourceType: 'natgateway',
    find: async (ec2, filter) => {
      const output = await send(ec2, 'DescribeNatGateways', { Filter: filter });
      // A deleted NAT gateway stays visible for a while and needs no undo.
      const nat = ((output.NatGateways ?? []) as { State?: string }[]).find((n) => n.State !== 'deleted');
      return nat ? { NatGateway: nat } : undefined;
    },
  },
  AllocateAddress: {
    resourceType: 'elastic-ip',
    find: async (ec2, filter) => {
      const output = await send(ec2, 'DescribeAddresses', { Filters: filter });
      const address = ((output.Addresses ?? []) as { AllocationId?: string; PublicIp?: string }[])[0];
      return address ? { AllocationId: address.AllocationId, PublicIp: address.PublicIp } : undefined;
    },
  },
};

export function stepTagValue(journalId: string, index: number): string {
  return `${journalId}/${index}`;
}

/** The parameters as sent: a ClientToken for CreateNatGateway, the step tag on what it creates. */
export function withStepIdentity(action: string, params: Record<string, unknown>, journalId: string | undefined, index: number): Record<string, unknown> {
  const finder = FINDERS[action];
  if (!finder || !journalId) return params;
  const tag = { Key: STEP_TAG_KEY, Value: stepTagValue(journalId, index) };
  const specs = ((params.TagSpecifications ?? []) as TagSpecification[]).map((s) => ({ ...s, Tags: [...s.Tags] }));
  const spec = specs.find((s) => s.ResourceType === finder.resourceType);
  if (spec) spec.Tags.push(tag);
  else specs.push({ ResourceType: finder.resourceType, Tags: [tag] });
  return { ...params, TagSpecifications: specs, ...(action === 'CreateNatGateway' ? { ClientToken: `vpcdoctor-${journalId}-${index}` } : {}) };
}

function taggedValue(params: Record<string, unknown> | undefined): string | undefined {
  const specs = (params?.TagSpecifications ?? []) as TagSpecification[];
  return specs.flatMap((s) => s.Tags).find((t) => t.Key === STEP_TAG_KEY)?.Value;
}

/** Whether a step may have created something that its journal entry does not show. */
function unknownOutcome(entry: JournalStep): boolean {
  return (entry.status === 'running' || entry.status === 'failed') && entry.output === undefined && FINDERS[entry.action] !== undefined;
}

/**
 * For every step whose outcome is unknown, look for what it created by its tag: found, the entry
 * gets the output (and status done) so that rollback and undo remove it; not found, it created
 * nothing. A step without the tag (an older journal) stays as it is: rollback says to check it by
 * hand. Returns whether any entry changed, and the look-ups that failed (to check by hand).
 */
export async function settleUnknownOutcomes(journal: Journal, ec2: EC2Client, log: (line: string) => void): Promise<{ changed: boolean; unsettled: string[] }> {
  let changed = false;
  const unsettled: string[] = [];
  for (const entry of journal.steps.filter(unknownOutcome)) {
    const value = taggedValue(entry.params);
    if (!value) continue;
    let found: Record<string, unknown> | undefined;
    try {
      found = await FINDERS[entry.action]!.find(ec2, [{ Name: `tag:${STEP_TAG_KEY}`, Values: [value] }]);
    } catch (error) {
      unsettled.push(`step ${entry.index} (${entry.action}): cannot look for what it created (tag ${STEP_TAG_KEY}=${value}): ${errorText(error)}; check it by hand`);
      continue;
    }
    changed = true;
    if (found) {
      log(`  step ${entry.index} (${entry.action}): its outcome was unknown; found what it created by its tag ${STEP_TAG_KEY}=${value}`);
      Object.assign(entry, { status: 'done', output: found, recovered: `found by its tag after: ${entry.error ?? 'an interruption'}` });
    } else if (entry.status === 'running') {
      Object.assign(entry, { status: 'failed', error: `interrupted; nothing tagged ${STEP_TAG_KEY}=${value} exists: it created nothing` });
    }
  }
  return { changed, unsettled };
}
