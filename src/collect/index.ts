// collect/: the only read path to AWS. It returns the snapshot of contract §3 (API shapes, all the
// functions' VPCs merged, environment values redacted) in at most three sequential rounds:
//   1. Lambda GetFunctionConfiguration for every function (EC2 and RDS SDK modules load meanwhile);
//   2. every EC2 Describe* of the VPCs, both VPC attributes, RDS instances and clusters, at once;
//   3. only what round 2 references (prefix lists, outside security groups, peer VPCs of databases).
// The AWS SDK is only ever imported dynamically, so `--snapshot` runs never load it.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { AnalysisError, InputError } from '../errors.js';
import type { Ec2Section, LambdaFunction, RdsSection, Snapshot } from '../snapshot/types.js';
import { Caller, type CollectStats } from './call.js';
import { type AwsClients, type ClientConfig, clientConfig, createLambdaClient, withoutNodeVersionNotice } from './clients.js';
import { toUserError } from './errors.js';
import { getFunctions, listVpcFunctions, parseFunctionRef, regionOfRefs, vpcIdOf } from './functions.js';
import { startProgress } from './progress.js';
import { databaseEndpoints, redactFunction } from './redact.js';
import { collectReferences, findReferences, hasReferences } from './refs.js';
import { collectGroupAssociations, collectTransitReferences, collectTransitRound2, findTransitReferences, hasTransitReferences } from './transit.js';
import { collectVpcs, type RdsModule } from './vpc.js';

export type { AwsClients } from './clients.js';
export type { CollectStats } from './call.js';

export interface CollectOptions {
  /** Function name, partial or full ARN, or name:alias. */
  functions: string[];
  /** `check --all`: every function of the region attached to a VPC (ListFunctions); `functions` is ignored. */
  all?: boolean;
  qualifier?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** --verbose: one line per AWS call with its duration. Never receives values. */
  log?: (line: string) => void;
  /** Injected in tests. */
  clients?: AwsClients;
  /** Spinner on stderr; default: stderr is a terminal and no --verbose log. */
  spinner?: boolean;
  /** Clock for capturedAt. */
  now?: () => Date;
}

export interface CollectResult {
  snapshot: Snapshot;
  stats: CollectStats;
}

export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  return (await collect(options)).snapshot;
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const started = performance.now();
  const refs = options.all === true ? [] : options.functions.map((f) => parseFunctionRef(f, options.qualifier));
  if (refs.length === 0 && options.all !== true) throw new InputError('name at least one Lambda function (or use --all)');
  if (options.region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(options.region)) {
    throw new InputError(`not an AWS region: ${options.region} (e.g. us-west-2)`);
  }
  const arnRegion = regionOfRefs(refs, options.region);
  const regionFlag = options.region ?? arnRegion;
  const progress = startProgress(options.spinner ?? (process.stderr.isTTY === true && options.log === undefined),
    options.all === true ? 'Listing Lambda functions' : `Reading ${refs.map((r) => r.given).join(', ')}`);
  try {
    let config: ClientConfig | undefined;
    let lambda: LambdaClient;
    if (options.clients !== undefined) {
      lambda = options.clients.lambda;
    } else {
      config = await clientConfig({ region: regionFlag, profile: options.profile, endpointUrl: options.endpointUrl, log: options.log });
      lambda = await createLambdaClient(config);
    }
    const region = regionFlag ?? await resolvedRegion(lambda);
    const caller = new Caller({ region, endpointUrl: options.endpointUrl, log: options.log });

    // Round 1, while the EC2 and RDS modules (~0.3 s) load.
    const functionsPromise = caller.round(() => (options.all === true ? listVpcFunctions(caller, lambda) : getFunctions(caller, lambda, refs)));
    const modulesPromise = Promise.all([import('@aws-sdk/client-ec2'), import('@aws-sdk/client-rds')]);
    modulesPromise.catch(() => undefined); // awaited below; never an unhandled rejection
    const functions = await functionsPromise;
    const [ec2Module, rdsModule] = await modulesPromise;
    const ec2Client = options.clients?.ec2 ?? withoutNodeVersionNotice(() => new ec2Module.EC2Client(config ?? {}));
    const rdsClient = options.clients?.rds ?? withoutNodeVersionNotice(() => new rdsModule.RDSClient(config ?? {}));

    const vpcIds = [...new Set(functions.map(vpcIdOf).filter((id): id is string => id !== undefined))];
    progress.text(vpcIds.length > 0 ? `Reading ${vpcIds.join(', ')}` : 'Reading RDS databases');
    const { ec2, rds } = await caller.round(async () => {
      if (vpcIds.length === 0) return databasesOnly(caller, rdsClient, rdsModule);
      const [layout, ...more] = await Promise.all([
        collectVpcs(caller, ec2Client, rdsClient, ec2Module, rdsModule, vpcIds),
        collectTransitRound2(caller, ec2Client, ec2Module, vpcIds),
        collectGroupAssociations(caller, ec2Client, ec2Module, vpcIds),
      ]);
      for (const apply of more) apply(layout.ec2);
      return layout;
    });
    if (!caller.denied.has('ec2:DescribeManagedPrefixLists')) ec2.ManagedPrefixLists ??= [];
    if (!caller.denied.has('ec2:GetManagedPrefixListEntries')) ec2.PrefixListEntries ??= {};

    const references = findReferences(ec2, rds, vpcIds, caller.denied);
    const transitRefs = findTransitReferences(ec2, vpcIds, functions);
    if (vpcIds.length > 0 && (hasReferences(references) || hasTransitReferences(transitRefs))) {
      progress.text('Reading referenced prefix lists, security groups, peer and attached VPCs');
      // Both merge into `ec2` synchronously once their calls are back, so they can run side by side.
      await caller.round(() => Promise.all([
        hasReferences(references) ? collectReferences(caller, ec2Client, ec2Module, ec2, references) : undefined,
        hasTransitReferences(transitRefs) ? collectTransitReferences(caller, ec2Client, ec2Module, ec2, transitRefs) : undefined,
      ]));
    }

    const endpoints = databaseEndpoints(rds);
    const snapshot: Snapshot = {
      vpcdoctorSnapshot: 1,
      capturedAt: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      functions: functions.map((fn: LambdaFunction) => redactFunction(withoutMetadata(fn), endpoints)),
      ec2: inContractOrder(ec2),
      rds,
    };
    if (caller.denied.size > 0) snapshot.denied = [...caller.denied].sort();
    return { snapshot, stats: { calls: caller.calls, rounds: caller.rounds, ms: Math.round(performance.now() - started) } };
  } finally {
    progress.stop();
  }
}

async function resolvedRegion(lambda: LambdaClient): Promise<string> {
  try {
    const region = await lambda.config.region();
    if (typeof region === 'string' && region !== '') return region;
  } catch (error) {
    throw toUserError(error, { action: 'region', region: '?' });
  }
  throw new AnalysisError('no AWS region: pass --region, set AWS_REGION, or set region in the profile');
}

/** No function is in a VPC: nothing to read in EC2, but the databases still name environment values. */
async function databasesOnly(caller: Caller, rds: AwsClients['rds'], r: RdsModule): Promise<{ ec2: Ec2Section; rds: RdsSection }> {
  const [DBInstances, DBClusters] = await Promise.all([
    caller.list<NonNullable<RdsSection['DBInstances']>[number]>(rds, r.DescribeDBInstancesCommand, 'rds:DescribeDBInstances', {}, 'DBInstances', { tokenIn: 'Marker' }),
    caller.list<NonNullable<RdsSection['DBClusters']>[number]>(rds, r.DescribeDBClustersCommand, 'rds:DescribeDBClusters', {}, 'DBClusters', { tokenIn: 'Marker' }),
  ]);
  const ec2: Ec2Section = {
    Vpcs: [], VpcAttributes: {}, Subnets: [], RouteTables: [], NatGateways: [], InternetGateways: [], EgressOnlyInternetGateways: [],
    Addresses: [], SecurityGroups: [], NetworkAcls: [], NetworkInterfaces: [], VpcEndpoints: [], VpcPeeringConnections: [], TransitGatewayAttachments: [],
  };
  return { ec2, rds: { ...(DBInstances ? { DBInstances } : {}), ...(DBClusters ? { DBClusters } : {}) } };
}

const EC2_ORDER: (keyof Ec2Section)[] = [
  'Vpcs', 'VpcAttributes', 'Subnets', 'RouteTables', 'NatGateways', 'InternetGateways', 'EgressOnlyInternetGateways', 'Addresses',
  'SecurityGroups', 'NetworkAcls', 'NetworkInterfaces', 'VpcEndpoints', 'ManagedPrefixLists', 'PrefixListEntries',
  'VpcPeeringConnections', 'TransitGatewayAttachments', 'TransitGatewayVpcAttachments', 'TransitGatewayRoutes', 'SecurityGroupVpcAssociations',
];

function inContractOrder(ec2: Ec2Section): Ec2Section {
  const ordered: Record<string, unknown> = {};
  for (const key of EC2_ORDER) if (ec2[key] !== undefined) ordered[key] = ec2[key];
  return ordered as Ec2Section;
}

function withoutMetadata(fn: LambdaFunction): LambdaFunction {
  const { $metadata: _metadata, ...rest } = fn as LambdaFunction & { $metadata?: unknown };
  return rest;
}

// Re-exported for callers that build their own clients (tests, bench).
export { createClients } from './clients.js';
