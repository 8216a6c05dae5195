// The report's metadata: the only place that reads the clock for a report (analyze never does).
import type { ReportMetadata } from '../analyze/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { VERSION } from '../version.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The account from a function ARN (arn:aws:lambda:region:ACCOUNT:function:name), else a VPC's owner. */
function accountOf(snapshot: Snapshot): string | null {
  for (const fn of snapshot.functions) {
    const account = fn.FunctionArn?.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  return snapshot.ec2.Vpcs?.find((v) => v.OwnerId)?.OwnerId ?? null;
}

function ageText(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

export function reportMetadata(snapshot: Snapshot, live: boolean, now: Date = new Date()): ReportMetadata {
  const capturedAt = live ? (snapshot.capturedAt ?? now.toISOString()) : (snapshot.capturedAt ?? null);
  const warnings: string[] = [];
  if (!live && capturedAt === null) warnings.push('the snapshot has no capturedAt: when it was true is unknown');
  const at = capturedAt === null ? NaN : Date.parse(capturedAt);
  if (!live && !Number.isNaN(at) && now.getTime() - at > DAY_MS) {
    warnings.push(`the snapshot is ${ageText(now.getTime() - at)} old (captured ${capturedAt}): the network may have changed since`);
  }
  return {
    capturedAt, live, region: snapshot.region, accountId: accountOf(snapshot), vpcdoctorVersion: VERSION,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
