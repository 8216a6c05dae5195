// Where a journal's changes were made: account, Region, endpoint and profile. `undo` acts there and
// nowhere else. The account is the owner of the repaired VPC as DescribeVpcs reports it to the
// current credentials (the project has no STS client): other credentials either cannot see the VPC
// or see another owner, and both are refused.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { InputError } from '../../errors.js';
import type { Snapshot } from '../../snapshot/types.js';
import { errorCode, send } from './calls.js';

export interface JournalOrigin {
  account: string;
  region: string;
  vpcId: string;
  endpoint?: string;
  profile?: string;
}

export async function resolveOrigin(ec2: EC2Client, vpcId: string, settings: { profile?: string; endpoint?: string }): Promise<JournalOrigin> {
  const region = await ec2.config.region();
  let owner: string | undefined;
  try {
    const output = await send(ec2, 'DescribeVpcs', { VpcIds: [vpcId] });
    owner = ((output.Vpcs ?? []) as { VpcId?: string; OwnerId?: string }[]).find((v) => v.VpcId === vpcId)?.OwnerId;
  } catch (error) {
    if (!/NotFound/i.test(errorCode(error))) throw error;
  }
  if (!owner) throw new InputError(`${vpcId} is not visible to the current credentials in ${region}: wrong account or Region`);
  return {
    account: owner, region, vpcId,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
  };
}

/** The origin a snapshot records: its Region and the VPC's owner (DescribeVpcs' OwnerId, as resolveOrigin reads it live). */
export function originOfSnapshot(snapshot: Snapshot, vpcId: string, settings: { profile?: string; endpoint?: string }): JournalOrigin {
  const owner = snapshot.ec2.Vpcs?.find((v) => v.VpcId === vpcId)?.OwnerId;
  if (!owner) throw new InputError(`the snapshot does not say which account owns ${vpcId} (no OwnerId in ec2.Vpcs): cannot write a plan for it`);
  return {
    account: owner, region: snapshot.region, vpcId,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
  };
}

/** Refuses (exit 2) an undo whose credentials point at another account or Region than the journal's. */
export function checkSameOrigin(recorded: JournalOrigin | undefined, current: JournalOrigin, path: string, made = 'was applied'): void {
  if (!recorded?.account || !recorded.region) throw new InputError(`${path} records no account or Region (written by an older vpcdoctor): undo it by hand from its steps`);
  if (recorded.region !== current.region) throw new InputError(`${path} ${made} in ${recorded.region}, but the current Region is ${current.region}: nothing changed (pass --region ${recorded.region})`);
  if (recorded.account !== current.account) throw new InputError(`${path} ${made} in account ${recorded.account}, but the current credentials are for ${current.account}: nothing changed`);
}

/** The complete command that reverts a journal, with the Region, profile and endpoint it was applied with. */
export function undoCommand(path: string, origin: JournalOrigin | undefined): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  const flags = origin ? [`--region ${quote(origin.region)}`, ...(origin.profile !== undefined ? [`--profile ${quote(origin.profile)}`] : []), ...(origin.endpoint !== undefined ? [`--endpoint-url ${quote(origin.endpoint)}`] : [])] : [];
  return ['vpcdoctor undo', quote(path), ...flags].join(' ');
}
