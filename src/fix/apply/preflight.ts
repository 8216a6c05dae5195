// The applier's pre-flight: what the plan took for granted, read again right before the first
// mutation. A plan proved on a snapshot minutes old must not create a NAT gateway behind an
// internet gateway that was detached since.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { InputError } from '../../errors.js';
import type { FixPlan } from '../types.js';
import { send } from './calls.js';

/** Throws (nothing changed) when an internet gateway the plan relies on is no longer attached to its VPC. */
export async function checkInternetGateways(ec2: EC2Client, plan: FixPlan): Promise<void> {
  for (const { internetGatewayId, vpcId } of plan.requires?.internetGateways ?? []) {
    const output = await send(ec2, 'DescribeInternetGateways', { InternetGatewayIds: [internetGatewayId] }).catch((error: unknown) => {
      if (/NotFound/i.test((error as { name?: string }).name ?? '')) return { InternetGateways: [] };
      throw error;
    });
    const gateways = (output.InternetGateways ?? []) as { InternetGatewayId?: string; Attachments?: { VpcId?: string; State?: string }[] }[];
    const attached = gateways.some((g) => g.InternetGatewayId === internetGatewayId && (g.Attachments ?? []).some((a) => a.VpcId === vpcId && (a.State === 'available' || a.State === 'attached')));
    if (!attached) throw new InputError(`pre-flight: ${internetGatewayId} is no longer attached to ${vpcId}, and the plan sends its traffic through it: nothing was changed; run --fix again`);
  }
}
