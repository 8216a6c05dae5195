// The probe's failures as one line each. Permission and role problems stop the whole probe (they
// would fail the same way in every subnet); the rest are per-subnet evidence.
import { classifyAwsError, toUserError } from '../collect/errors.js';
import { AnalysisError, isUserFacingError, type InputError } from '../errors.js';

const POLICY = 'policies/probe.json lists what the probe needs';

/** The IAM action an AccessDenied message names ("… is not authorized to perform: iam:PassRole on …"). */
export function deniedAction(error: unknown, fallback: string): string {
  const message = (error as { message?: string } | null)?.message ?? '';
  return /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1] ?? fallback;
}

/** A CreateFunction failure as the one line the CLI prints (exit 3). */
export function createFailure(error: unknown, role: string, region: string): AnalysisError | InputError {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  if (classifyAwsError(error) === 'denied') {
    const action = deniedAction(error, 'lambda:CreateFunction');
    const on = action.toLowerCase() === 'iam:passrole' ? ` on ${role}` : '';
    return new AnalysisError(`access denied to ${action}${on}: nothing was created (${POLICY})`, { cause: error });
  }
  const ec2Action = /execution role does not have permissions to call (\w+) on EC2/i.exec(message)?.[1];
  if (name === 'InvalidParameterValueException' && ec2Action) {
    return new AnalysisError(
      `the function's execution role ${role} lacks ec2:${ec2Action}, which Lambda needs to place a function in a VPC ` +
      '(AWSLambdaVPCAccessExecutionRole grants it): no probe could be created, and the function itself cannot scale into new subnets', { cause: error });
  }
  return toUserError(error, { action: 'lambda:CreateFunction', region });
}

/** A denied GetFunction / InvokeFunction stops the probe with one line; other errors pass through. */
export function deniedOr(error: unknown, action: string): unknown {
  return classifyAwsError(error) === 'denied'
    ? new AnalysisError(`access denied to ${deniedAction(error, action)}: the probe functions were deleted (${POLICY})`, { cause: error })
    : error;
}

export const isFatalProbeError = (error: unknown): boolean => isUserFacingError(error);

/** A short phrase for a per-subnet failure: the AWS error name and the first line of its message. */
export function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string } | null;
  const line = (e?.message ?? String(error)).split('\n')[0]!.slice(0, 200);
  return e?.name && e.name !== 'Error' ? `${e.name}: ${line}` : line;
}
