// What only --fix needs to know before it plans, read live in the fix path (never by `check`):
// the Elastic IP quota and how many addresses are allocated, and which AZs offer the endpoint
// services an endpoint plan would use. A denied or unsupported call leaves that limit unread (the
// plan says so) rather than failing the run. IAM: policies/fix.json.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { FixLimits } from '../fix/types.js';
import { Caller, type CallerContext } from './call.js';
import { classifyAwsError, toUserError } from './errors.js';

export interface LimitsRead {
  limits: FixLimits;
  /** Limits that could not be read, and why (denied, not supported here). */
  unread: string[];
}

export async function collectFixLimits(ec2: EC2Client, context: CallerContext, serviceNames: string[]): Promise<LimitsRead> {
  const m = await import('@aws-sdk/client-ec2');
  const caller = new Caller(context);
  const unread: string[] = [];
  // A limit that cannot be read is said in the plan; it never stops the repair by itself.
  const tolerant = <T>(what: string, work: () => Promise<T | undefined>): Promise<T | undefined> => work().catch((error: unknown) => {
    unread.push(`${what} (${(error as Error).message})`);
    return undefined;
  });
  const [attributes, addresses, services] = await caller.round(() => Promise.all([
    // No AttributeNames filter: the API reference lists only default-vpc and supported-platforms as
    // filter values, while the unfiltered answer includes vpc-max-elastic-ips.
    tolerant('ec2:DescribeAccountAttributes', () => caller.one(ec2, m.DescribeAccountAttributesCommand, 'ec2:DescribeAccountAttributes', {})),
    tolerant('ec2:DescribeAddresses', () => caller.list<{ Domain?: string }>(ec2, m.DescribeAddressesCommand, 'ec2:DescribeAddresses', {}, 'Addresses')),
    Promise.all(serviceNames.map((name) => tolerant(`ec2:DescribeVpcEndpointServices ${name}`, () => endpointService(ec2, m, caller, context, name)))),
  ]));
  const limits: FixLimits = {};
  const max = Number(((attributes?.AccountAttributes ?? []) as { AttributeName?: string; AttributeValues?: { AttributeValue?: string }[] }[])
    .find((a) => a.AttributeName === 'vpc-max-elastic-ips')?.AttributeValues?.[0]?.AttributeValue);
  if (Number.isFinite(max) && addresses) limits.elasticIps = { max, used: addresses.filter((a) => a.Domain === undefined || a.Domain === 'vpc').length };
  else {
    const missing = [attributes ? '' : 'ec2:DescribeAccountAttributes', addresses ? '' : 'ec2:DescribeAddresses'].filter(Boolean);
    unread.push(`the Elastic IP quota (${missing.length > 0 ? `${missing.join(', ')} ${missing.every((a) => caller.denied.has(a)) ? 'denied' : 'not answered'}` : 'no vpc-max-elastic-ips attribute'})`);
  }
  const known = services.filter((s): s is [string, { zones: string[] } | null] => s !== undefined);
  if (known.length > 0) limits.endpointServices = Object.fromEntries(known);
  if (known.length < serviceNames.length) unread.push('the AZs of the endpoint services (ec2:DescribeVpcEndpointServices)');
  return { limits, unread };
}

/** One service name at a time: an unknown name fails the whole call (InvalidServiceName). */
async function endpointService(ec2: EC2Client, m: typeof import('@aws-sdk/client-ec2'), caller: Caller, context: CallerContext, name: string): Promise<[string, { zones: string[] } | null] | undefined> {
  let output: { ServiceDetails?: { ServiceName?: string; AvailabilityZones?: string[] }[] };
  try {
    caller.calls += 1;
    output = await ec2.send(new m.DescribeVpcEndpointServicesCommand({ ServiceNames: [name] }));
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidServiceName') return [name, null];
    const kind = classifyAwsError(error);
    if (kind === 'denied' || kind === 'unsupported') return undefined;
    throw toUserError(error, { action: 'ec2:DescribeVpcEndpointServices', region: context.region, endpointUrl: context.endpointUrl });
  }
  const detail = (output.ServiceDetails ?? []).find((d) => d.ServiceName === name);
  return [name, detail ? { zones: detail.AvailabilityZones ?? [] } : null];
}
