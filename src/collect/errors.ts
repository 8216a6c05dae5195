// Turns what the AWS SDK throws into data (denied / not found) or one line that says what to do.
import { createRequire } from 'node:module';
import { AnalysisError, InputError } from '../errors.js';

type SmithyClassifier = typeof import('@smithy/service-error-classification');
type SmithyError = Parameters<SmithyClassifier['isThrottlingError']>[0];
let smithyClassifier: SmithyClassifier | undefined;
/** Required on the first error only: it pulls in much of @smithy/core, and live mode must not wait for
 *  that before its first call (the SDK clients load alongside it). */
const smithy = (): SmithyClassifier =>
  (smithyClassifier ??= createRequire(import.meta.url)('@smithy/service-error-classification') as SmithyClassifier);

export type AwsErrorKind =
  | 'denied' | 'not-found' | 'invalid-input' | 'no-credentials' | 'expired' | 'bad-credentials'
  | 'throttled' | 'network' | 'no-region' | 'bad-region' | 'unsupported' | 'other';

const DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation',
  'UnauthorizedAccess', 'AuthorizationError', 'AccessDeniedFault', 'OptInRequired',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'SignatureDoesNotMatch',
  'InvalidSignatureException', 'IncompleteSignature', 'MissingAuthenticationToken', 'InvalidAccessKeyId',
]);
// Throttling and transient network failures are classified by @smithy/service-error-classification, the
// SDK's own retry classifier. Kept here what it does not cover, because they are not retryable so it
// has no reason to: TLS certificate failures, undici's connect timeout, an aborted connection.
const NETWORK_CODES = new Set([
  'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
/** What an emulator (or an older partition) says for an action or parameter it does not implement. */
const UNSUPPORTED = new Set(['InvalidAction', 'NotImplemented', 'NotImplementedException', 'UnsupportedOperation', 'UnknownOperationException', 'UnknownParameter', 'InternalFailure.NotImplemented']);
/** Smithy leaves AbortError out of the transient errors (a caller's abort is not retried); here it is a
 *  request that got no answer. */
const NETWORK_NAMES = new Set(['AbortError']);

interface SdkErrorLike {
  name?: string; code?: string; message?: string; hostname?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const asSdkError = (error: unknown): SdkErrorLike =>
  typeof error === 'object' && error !== null ? (error as SdkErrorLike) : { message: String(error) };

export function classifyAwsError(error: unknown): AwsErrorKind {
  const e = asSdkError(error);
  const name = e.name ?? '';
  const message = e.message ?? '';
  if (DENIED.has(name)) return 'denied';
  if (name === 'ResourceNotFoundException' || name.endsWith('.NotFound') || name.endsWith('NotFoundFault')) return 'not-found';
  if (name === 'InvalidParameterValueException' || name === 'ValidationException') return 'invalid-input';
  if (EXPIRED.has(name) || /sso session .*(expired|invalid)|token .*expired/i.test(message)) return 'expired';
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return 'no-credentials';
  if (BAD_CREDENTIALS.has(name)) return 'bad-credentials';
  if (smithy().isThrottlingError(e as SmithyError)) return 'throttled';
  // Transient with no HTTP status: the request got no answer (timeout, reset, DNS). A 5xx is not "network".
  const noAnswer = smithy().isTransientError(e as SmithyError) && e.$metadata?.httpStatusCode === undefined;
  if (noAnswer || NETWORK_NAMES.has(name) || (e.code !== undefined && NETWORK_CODES.has(e.code))) return 'network';
  if (UNSUPPORTED.has(name) || e.$metadata?.httpStatusCode === 501 || /not (yet )?implemented|is not supported/i.test(message)) return 'unsupported';
  if (/region is missing/i.test(message)) return 'no-region';
  if (/region not accepted|invalid region/i.test(message)) return 'bad-region';
  return 'other';
}

export interface ErrorContext {
  /** IAM action of the failed call, e.g. "ec2:DescribeSubnets". */
  action: string;
  region: string;
  endpointUrl?: string;
  /** The function the call was about, for Lambda calls. */
  functionName?: string;
}

/** The one line the CLI prints, as an InputError (exit 2) or an AnalysisError (exit 3). */
export function toUserError(error: unknown, ctx: ErrorContext): InputError | AnalysisError {
  const e = asSdkError(error);
  const kind = classifyAwsError(error);
  const code = e.name && e.name !== 'Error' ? e.name : e.code ?? 'Error';
  const options = { cause: error };
  switch (kind) {
    case 'not-found':
      if (ctx.functionName !== undefined) {
        return new InputError(`no such Lambda function or qualifier: ${ctx.functionName} in ${ctx.region} (check the name, the alias or version, and --region)`, options);
      }
      return new AnalysisError(`${ctx.action} failed: ${code}: ${firstLine(e.message)}`, options);
    case 'invalid-input':
      return ctx.functionName !== undefined
        ? new InputError(`invalid Lambda function name ${ctx.functionName}: ${firstLine(e.message)}`, options)
        : new AnalysisError(`${ctx.action} failed: ${code}: ${firstLine(e.message)}`, options);
    case 'denied':
      return new AnalysisError(`access denied to ${ctx.action}: grant it (policies/check-readonly.json lists every action vpcdoctor needs)`, options);
    case 'no-credentials':
      return new AnalysisError('no AWS credentials found: set AWS_PROFILE or pass --profile, or run aws configure / aws sso login', options);
    case 'expired':
      return new AnalysisError(`AWS credentials have expired (${code}): refresh them, e.g. aws sso login, or export new keys`, options);
    case 'bad-credentials':
      return new AnalysisError(`AWS rejected the credentials (${code}) for ${ctx.region}: check the profile or keys, and that the region is enabled for the account`, options);
    case 'throttled':
      return new AnalysisError(`AWS throttled ${ctx.action} after ${e.$metadata?.attempts ?? 'several'} attempts: wait a minute and run again (other tools in the account share the API rate limit)`, options);
    case 'network':
      return new AnalysisError(networkLine(e, ctx), options);
    case 'no-region':
      return new AnalysisError('no AWS region: pass --region, set AWS_REGION, or set region in the profile', options);
    case 'bad-region':
      return new AnalysisError(`the AWS region ${ctx.region} is not valid: set --region, AWS_REGION or the profile's region to one like us-west-2`, options);
    default:
      return new AnalysisError(`${ctx.action} failed: ${code}${e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''}: ${firstLine(e.message)}`, options);
  }
}

function networkLine(e: SdkErrorLike, ctx: ErrorContext): string {
  const where = e.hostname ?? ctx.endpointUrl ?? `the AWS endpoint for ${ctx.region}`;
  if (e.code === 'ENOTFOUND' && ctx.endpointUrl === undefined) {
    return `cannot resolve ${where}: check that region ${ctx.region} exists (--region, AWS_REGION) and that DNS works here`;
  }
  const what = e.code ?? e.name ?? 'network error';
  return `network error calling ${ctx.action} (${what}) at ${where}: check the connection, proxy settings${ctx.endpointUrl !== undefined ? ' and --endpoint-url' : ''}, then run again`;
}

const firstLine = (message: string | undefined): string => (message ?? '').split('\n')[0]?.slice(0, 300) ?? '';
