// Never orphan what a step created when its outcome is unknown (interrupted, timed out, network
// error): each created resource carries a tag derived from the journal and the step, and the calls
// that take one (CreateNatGateway, CreateVpcEndpoint, CreateRouteTable) a ClientToken, both
// journaled before the call. The SDK's own retries resend the same token, which AWS answers
// idempotently (no second NAT gateway); afterwards the resource is found by its tag (Describe…,
// Filter tag:KEY) and undone like any other.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { errorText, send } from './calls.js';
import type { Journal, JournalStep } from './journal.js';
import { settleRouteSteps } from './route-outcome.js';

export const STEP_TAG_KEY = 'vpcdoctor:journal-step';

type Tag = { Key: string; Value: string };
type TagSpecification = { ResourceType: string; Tags: Tag[] };
type Item = Record<string, unknown> & { State?: string };

/** How a step's resource is tagged, found again by that tag, and shaped as the step's output. */
interface Finder {
  resourceType: string;
  clientToken?: boolean;
  describe: string;
  /** DescribeNatGateways names its filters Filter; the others Filters. */
  filterParam: 'Filter' | 'Filters';
  list: string;
  output: (item: Item) => Record<string, unknown>;
}

const FINDERS: Record<string, Finder> = {
  CreateNatGateway: { resourceType: 'natgateway', clientToken: true, describe: 'DescribeNatGateways', filterParam: 'Filter', list: 'NatGateways', output: (n) => ({ NatGateway: n }) },
  AllocateAddress: { resourceType: 'elastic-ip', describe: 'DescribeAddresses', filterParam: 'Filters', list: 'Addresses', output: (a) => ({ AllocationId: a.AllocationId, PublicIp: a.PublicIp }) },
  CreateVpcEndpoint: { resourceType: 'vpc-endpoint', clientToken: true, describe: 'DescribeVpcEndpoints', filterParam: 'Filters', list: 'VpcEndpoints', output: (e) => ({ VpcEndpoint: e }) },
  CreateRouteTable: { resourceType: 'route-table', clientToken: true, describe: 'DescribeRouteTables', filterParam: 'Filters', list: 'RouteTables', output: (t) => ({ RouteTable: t }) },
  CreateSubnet: { resourceType: 'subnet', describe: 'DescribeSubnets', filterParam: 'Filters', list: 'Subnets', output: (s) => ({ Subnet: s }) },
  CreateSecurityGroup: { resourceType: 'security-group', describe: 'DescribeSecurityGroups', filterParam: 'Filters', list: 'SecurityGroups', output: (g) => ({ GroupId: g.GroupId }) },
};

/** The resource a step made, by its tag; a deleted one (NAT gateways, endpoints stay visible a while) needs no undo. */
async function find(ec2: EC2Client, finder: Finder, value: string): Promise<Record<string, unknown> | undefined> {
  const output = await send(ec2, finder.describe, { [finder.filterParam]: [{ Name: `tag:${STEP_TAG_KEY}`, Values: [value] }] });
  const item = ((output[finder.list] ?? []) as Item[]).find((i) => !/^deleted$/i.test(i.State ?? ''));
  return item ? finder.output(item) : undefined;
}

export function stepTagValue(journalId: string, index: number): string {
  return `${journalId}/${index}`;
}

/** The parameters as sent: the step tag on what it creates, and a ClientToken where the call takes one. */
export function withStepIdentity(action: string, params: Record<string, unknown>, journalId: string | undefined, index: number): Record<string, unknown> {
  const finder = FINDERS[action];
  if (!finder || !journalId) return params;
  const tag = { Key: STEP_TAG_KEY, Value: stepTagValue(journalId, index) };
  const specs = ((params.TagSpecifications ?? []) as TagSpecification[]).map((s) => ({ ...s, Tags: [...s.Tags] }));
  const spec = specs.find((s) => s.ResourceType === finder.resourceType);
  if (spec) spec.Tags.push(tag);
  else specs.push({ ResourceType: finder.resourceType, Tags: [tag] });
  return { ...params, TagSpecifications: specs, ...(finder.clientToken ? { ClientToken: `vpcdoctor-${journalId}-${index}` } : {}) };
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
 * hand. Route steps are settled by reading the route (route-outcome.ts). Returns whether any entry
 * changed, and the look-ups that failed (to check by hand).
 */
export async function settleUnknownOutcomes(journal: Journal, ec2: EC2Client, log: (line: string) => void): Promise<{ changed: boolean; unsettled: string[] }> {
  let changed = false;
  const unsettled: string[] = [];
  for (const entry of journal.steps.filter(unknownOutcome)) {
    const value = taggedValue(entry.params);
    if (!value) continue;
    let found: Record<string, unknown> | undefined;
    try {
      found = await find(ec2, FINDERS[entry.action]!, value);
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
  const routes = await settleRouteSteps(journal, ec2, log);
  return { changed: changed || routes.changed, unsettled: [...unsettled, ...routes.unsettled] };
}
