// collect/: the only read path to AWS. It returns the snapshot of contract §3 (API shapes, all the
// functions' VPCs merged, environment values redacted) in at most three sequential rounds:
//   1. Lambda GetFunctionConfiguration for every function (EC2 and RDS SDK modules load meanwhile);
//   2. every EC2 Describe* of the VPCs, both VPC attributes, RDS instances and clusters, the blockers'
//      lists (blockers.ts: BPA, DHCP options, proxies, firewalls, Resolver, private hosted zones), at once;
//   3. only what round 2 references (prefix lists, outside security groups, peer VPCs of databases).
// The AWS SDK is only ever imported dynamically, so `--snapshot` runs never load it.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { AnalysisError, InputError } from '../errors.js';
import type { Ec2Section, LambdaFunction, RdsSection, Snapshot } from '../snapshot/types.js';
import { Caller, type CollectStats } from './call.js';
import { registerPaginators } from './paginators.js';
import { type AwsClients, type ClientConfig, clientConfig, createLambdaClient, withoutNodeVersionNotice } from './clients.js';
import { toUserError } from './errors.js';
import { getFunctions, listVpcFunctions, parseFunctionRef, regionOfRefs, vpcIdOf } from './functions.js';
import { startProgress } from './progress.js';
import { databaseEndpoints, proxiesNamedBy, redactFunction } from './redact.js';
import { collectReferences, findReferences, hasReferences } from './refs.js';
import { type BlockerClients, type BlockerLists, listBlockers } from './blockers.js';
import { blockerSections, blockersNeedRound3, describeBlockers } from './blockers-refs.js';
import { collectGroupAssociations, collectTransitReferences, collectTransitRound2, findTransitReferences, hasTransitReferences } from './transit.js';
import { collectVpcs, type RdsModule } from './vpc.js';

export type { AwsClients } from './clients.js';

/** The proxies whose endpoint hosts the functions' environments name; only names leave here. */
function namedProxies(functions: LambdaFunction[], lists: BlockerLists): string[] {
  return proxiesNamedBy(functions, databaseEndpoints({ DBProxies: lists.proxies, DBProxyEndpoints: lists.proxyEndpoints }));
}
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
  /** --peer-profile: other accounts (a network account's transit gateway and egress VPC), read in the same rounds. */
  peerProfiles?: string[];
  /** Injected in tests. */
  clients?: AwsClients;
  /** Injected in tests: the peer accounts' EC2 clients. */
  peerEc2?: AwsClients['ec2'][];
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
    // Injected clients without a firewall or resolver client: those sections are not collected.
    const wantFirewall = options.clients === undefined || options.clients.networkFirewall !== undefined;
    const wantResolver = options.clients === undefined || options.clients.route53Resolver !== undefined;
    const wantRoute53 = options.clients === undefined || options.clients.route53 !== undefined;
    const modulesPromise = Promise.all([
      import('@aws-sdk/client-ec2'), import('@aws-sdk/client-rds'),
      wantFirewall ? import('@aws-sdk/client-network-firewall') : undefined,
      wantResolver ? import('@aws-sdk/client-route53resolver') : undefined,
      wantRoute53 ? import('@aws-sdk/client-route-53') : undefined,
    ]);
    modulesPromise.catch(() => undefined); // awaited below; never an unhandled rejection
    const functions = await functionsPromise;
    const [ec2Module, rdsModule, nfwModule, resolverModule, route53Module] = await modulesPromise;
    registerPaginators(ec2Module, ec2Module.EC2Client);
    registerPaginators(rdsModule, rdsModule.RDSClient);
    if (nfwModule) registerPaginators(nfwModule, nfwModule.NetworkFirewallClient);
    if (resolverModule) registerPaginators(resolverModule, resolverModule.Route53ResolverClient);
    // Route 53 is not registered: its one list call, ListHostedZonesByVPC, has no SDK paginator, so
    // Caller.list's own NextToken loop pages it.
    const ec2Client = options.clients?.ec2 ?? withoutNodeVersionNotice(() => new ec2Module.EC2Client(config ?? {}));
    const rdsClient = options.clients?.rds ?? withoutNodeVersionNotice(() => new rdsModule.RDSClient(config ?? {}));
    const blockerClients: BlockerClients = {
      ec2: ec2Client, ec2Module, rds: rdsClient, rdsModule,
      ...(nfwModule ? { networkFirewall: { module: nfwModule, client: options.clients?.networkFirewall ?? withoutNodeVersionNotice(() => new nfwModule.NetworkFirewallClient(config ?? {})) } } : {}),
      ...(resolverModule ? { route53Resolver: { module: resolverModule, client: options.clients?.route53Resolver ?? withoutNodeVersionNotice(() => new resolverModule.Route53ResolverClient(config ?? {})) } } : {}),
      ...(route53Module ? { route53: { module: route53Module, client: options.clients?.route53 ?? withoutNodeVersionNotice(() => new route53Module.Route53Client(config ?? {})) } } : {}),
    };

    const peers = options.peerEc2 ?? await Promise.all((options.peerProfiles ?? []).map(async (profile) =>
      withoutNodeVersionNotice(async () => new ec2Module.EC2Client(await clientConfig({ region, profile, endpointUrl: options.endpointUrl, log: options.log })))));
    // A peer's denied or missing call is missing data for its part, not a denial of the whole key.
    const peerCaller = new Caller({ region, endpointUrl: options.endpointUrl, log: options.log });

    const vpcIds = [...new Set(functions.map(vpcIdOf).filter((id): id is string => id !== undefined))];
    progress.text(vpcIds.length > 0 ? `Reading ${vpcIds.join(', ')}` : 'Reading RDS databases');
    const [{ ec2, rds }, blockerLists] = await caller.round(async () => {
      if (vpcIds.length === 0) return [await databasesOnly(caller, rdsClient, rdsModule), undefined] as const;
      const [layout, blockerLists, ...more] = await Promise.all([
        collectVpcs(caller, ec2Client, rdsClient, ec2Module, rdsModule, vpcIds),
        listBlockers(caller, blockerClients, vpcIds, region),
        collectTransitRound2(caller, ec2Client, ec2Module, vpcIds),
        collectGroupAssociations(caller, ec2Client, ec2Module, vpcIds),
        ...peers.map((peer) => collectTransitRound2(peerCaller, peer, ec2Module, vpcIds)),
      ]);
      for (const apply of more) apply(layout.ec2);
      return [layout, blockerLists] as const;
    });
    // A proxy the environment names may sit in another VPC (reached by peering): keep it too.
    if (blockerLists) blockerLists.namedProxies = namedProxies(functions, blockerLists);
    if (!caller.denied.has('ec2:DescribeManagedPrefixLists')) ec2.ManagedPrefixLists ??= [];
    if (!caller.denied.has('ec2:GetManagedPrefixListEntries')) ec2.PrefixListEntries ??= {};

    const references = findReferences(ec2, rds, vpcIds, caller.denied);
    const transitRefs = findTransitReferences(ec2, vpcIds, functions);
    const moreReferences = vpcIds.length > 0 && hasReferences(references);
    const moreTransit = vpcIds.length > 0 && hasTransitReferences(transitRefs);
    const moreBlockers = blockerLists !== undefined && blockersNeedRound3(blockerLists, vpcIds);
    let blockerDetails = {};
    if (moreReferences || moreTransit || moreBlockers) {
      progress.text('Reading referenced prefix lists, security groups, peer and attached VPCs, firewalls');
      // All merge into `ec2` (or their own sections) once their calls are back, so they run side by side.
      [, , blockerDetails] = await caller.round(() => Promise.all([
        moreReferences ? collectReferences(caller, ec2Client, ec2Module, ec2, references) : undefined,
        moreTransit ? collectTransitReferences(caller, ec2Client, ec2Module, ec2, transitRefs) : undefined,
        moreBlockers ? describeBlockers(caller, blockerClients, blockerLists, vpcIds) : {},
        ...(moreTransit ? peers.map((peer) => collectTransitReferences(peerCaller, peer, ec2Module, ec2, transitRefs)) : []),
      ]));
    }
    const blockers = blockerLists && blockerSections(caller, blockerLists, blockerDetails, ec2, vpcIds, nfwModule !== undefined, resolverModule !== undefined);
    if (blockers) {
      Object.assign(ec2, blockers.ec2);
      Object.assign(rds, blockers.rds);
    }

    const endpoints = databaseEndpoints(rds);
    const snapshot: Snapshot = {
      vpcdoctorSnapshot: 1,
      capturedAt: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      functions: functions.map((fn: LambdaFunction) => redactFunction(withoutMetadata(fn), endpoints)),
      ec2: inContractOrder(ec2),
      rds,
      // A section whose every call the endpoint lacks is left out, not written empty.
      ...(nonEmpty(blockers?.networkFirewall) ? { networkFirewall: blockers!.networkFirewall } : {}),
      ...(nonEmpty(blockers?.route53Resolver) ? { route53Resolver: blockers!.route53Resolver } : {}),
      ...(nonEmpty(blockers?.route53) ? { route53: blockers!.route53 } : {}),
    };
    if (caller.denied.size > 0) snapshot.denied = [...caller.denied].sort();
    return { snapshot, stats: { calls: caller.calls + peerCaller.calls, rounds: caller.rounds, ms: Math.round(performance.now() - started) } };
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
  'VpcBlockPublicAccessOptions', 'VpcBlockPublicAccessExclusions', 'DhcpOptions',
];

function inContractOrder(ec2: Ec2Section): Ec2Section {
  const ordered: Record<string, unknown> = {};
  for (const key of EC2_ORDER) if (ec2[key] !== undefined) ordered[key] = ec2[key];
  return ordered as Ec2Section;
}

const nonEmpty = (section: object | undefined): boolean => section !== undefined && Object.keys(section).length > 0;

function withoutMetadata(fn: LambdaFunction): LambdaFunction {
  const { $metadata: _metadata, ...rest } = fn as LambdaFunction & { $metadata?: unknown };
  return rest;
}

// Re-exported for callers that build their own clients (tests, bench).
export { createClients } from './clients.js';
