// SDK v3 clients for Lambda, EC2, RDS and the blocker services. The SDK is imported here only, inside
// functions, so that `--snapshot` runs never load it; the others load while the Lambda round trip is in flight.
// Route 53 is global: its client gets the function's Region like the rest, and the SDK's endpoint rules
// turn that into the partition's global endpoint and signing region (route53.amazonaws.com and us-east-1
// in aws, cn-northwest-1 in aws-cn, us-gov-west-1 in GovCloud). Forcing us-east-1 here would send China
// and GovCloud accounts to the wrong partition. --endpoint-url / AWS_ENDPOINT_URL(_ROUTE_53) still win.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';

export interface AwsClients {
  lambda: LambdaClient;
  ec2: EC2Client;
  rds: RDSClient;
  /** Optional: injected clients without them leave the networkFirewall / route53Resolver / route53 sections out (not collected). */
  networkFirewall?: NetworkFirewallClient;
  route53Resolver?: Route53ResolverClient;
  route53?: Route53Client;
}

export interface ClientSettings {
  /** --region; else AWS_REGION, AWS_DEFAULT_REGION, then the profile's region (the SDK reads it). */
  region?: string;
  profile?: string;
  /** --endpoint-url. AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_EC2 …) the SDK honours by itself. */
  endpointUrl?: string;
  /** --verbose: the credential chain's own warnings go there instead of the console. */
  log?: (line: string) => void;
  /** Tests only: a fake HTTP handler, so the whole SDK stack (signing, retries) runs without a network. */
  requestHandler?: unknown;
}

/** Bounded retries (adaptive: client-side rate limiting once AWS throttles) and a timeout per call. */
export const MAX_ATTEMPTS = 5;
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 20_000;

export type ClientConfig = Record<string, unknown>;

export function regionFromEnvironment(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return nonEmpty(flag) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
}

/** The configuration the three clients share: one credential chain, so SSO / assume-role resolve once. */
export async function clientConfig(settings: ClientSettings): Promise<ClientConfig> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const region = regionFromEnvironment(settings.region);
  const config: ClientConfig = {
    // The chain's warnings (e.g. "multiple credential sources" when --profile meets AWS_ACCESS_KEY_ID,
    // where the profile wins as in the AWS CLI) belong in --verbose, not on the console.
    credentials: fromNodeProviderChain({ ...(settings.profile !== undefined ? { profile: settings.profile } : {}), logger: chainLogger(settings.log) }),
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: settings.requestHandler ?? {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
  if (region !== undefined) config.region = region;
  if (settings.profile !== undefined) config.profile = settings.profile;
  if (settings.endpointUrl !== undefined) config.endpoint = settings.endpointUrl;
  return config;
}

export async function createLambdaClient(config: ClientConfig): Promise<LambdaClient> {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return withoutNodeVersionNotice(() => new LambdaClient(config));
}

export async function createEc2Client(config: ClientConfig): Promise<EC2Client> {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  return withoutNodeVersionNotice(() => new EC2Client(config));
}

export async function createRdsClient(config: ClientConfig): Promise<RDSClient> {
  const { RDSClient } = await import('@aws-sdk/client-rds');
  return withoutNodeVersionNotice(() => new RDSClient(config));
}

export async function createNetworkFirewallClient(config: ClientConfig): Promise<NetworkFirewallClient> {
  const { NetworkFirewallClient } = await import('@aws-sdk/client-network-firewall');
  return withoutNodeVersionNotice(() => new NetworkFirewallClient(config));
}

export async function createRoute53ResolverClient(config: ClientConfig): Promise<Route53ResolverClient> {
  const { Route53ResolverClient } = await import('@aws-sdk/client-route53resolver');
  return withoutNodeVersionNotice(() => new Route53ResolverClient(config));
}

export async function createRoute53Client(config: ClientConfig): Promise<Route53Client> {
  const { Route53Client } = await import('@aws-sdk/client-route-53');
  return withoutNodeVersionNotice(() => new Route53Client(config));
}

/** All of them at once (tests, and callers that do not care about overlapping the module loads). */
export async function createClients(settings: ClientSettings): Promise<AwsClients> {
  const config = await clientConfig(settings);
  const [lambda, ec2, rds, networkFirewall, route53Resolver, route53] = await Promise.all([
    createLambdaClient(config), createEc2Client(config), createRdsClient(config), createNetworkFirewallClient(config), createRoute53ResolverClient(config),
    createRoute53Client(config),
  ]);
  return { lambda, ec2, rds, networkFirewall, route53Resolver, route53 };
}

/**
 * The SDK prints a NodeVersionSupportWarning (process.emitWarning) on Node < 22 from the first
 * client constructor (@aws-sdk/core's emitWarningIfUnsupportedVersion, once per process). Its only
 * off switch is AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true, read during construction:
 * set it just around the constructor and restore it, so nothing else in the process changes and
 * no other warning is hidden.
 */
export function withoutNodeVersionNotice<T>(construct: () => T): T {
  const name = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const had = Object.prototype.hasOwnProperty.call(process.env, name);
  const previous = process.env[name];
  process.env[name] = 'true';
  try {
    return construct();
  } finally {
    if (had) process.env[name] = previous;
    else delete process.env[name];
  }
}

function chainLogger(log: ((line: string) => void) | undefined) {
  const quiet = () => undefined;
  const forward = (...parts: unknown[]) => log?.(`aws credentials: ${parts.map(String).join(' ').replace(/\s+/g, ' ').trim()}`);
  return { trace: quiet, debug: quiet, info: quiet, warn: forward, error: forward };
}

const nonEmpty = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);
