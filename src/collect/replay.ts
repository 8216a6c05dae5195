// A fake AWS that answers collect's calls from a snapshot, the way the real APIs would: filters,
// pagination, denied keys, hidden managed ENIs, NotFound. For tests and benches (wire it into
// aws-sdk-client-mock); nothing in the CLI loads it. Environment values redacted in the snapshot
// are served back as something that redacts to the same thing (`<redacted:rds:ID>` → the host).
import type { LambdaFunction, Snapshot } from '../snapshot/types.js';
import { EC2_KEY_ACTIONS, RDS_KEY_ACTIONS } from '../snapshot/types.js';
import { BLOCKER_ACTIONS, IAM_PREFIX, awsError, replayBlocker } from './replay-blockers.js';

export { awsError } from './replay-blockers.js';
export type Service = 'lambda' | 'ec2' | 'rds' | 'networkFirewall' | 'route53Resolver' | 'route53';
export type Responder = (service: Service, action: string, input: Record<string, unknown>) => Record<string, unknown>;

export const REPLAY_ACTIONS: Record<Service, readonly string[]> = {
  lambda: ['GetFunctionConfiguration', 'ListFunctions'],
  ec2: [
    'DescribeVpcs', 'DescribeVpcAttribute', 'DescribeSubnets', 'DescribeRouteTables', 'DescribeNatGateways', 'DescribeInternetGateways',
    'DescribeEgressOnlyInternetGateways', 'DescribeAddresses', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeNetworkInterfaces',
    'DescribeVpcEndpoints', 'DescribeManagedPrefixLists', 'GetManagedPrefixListEntries', 'DescribeVpcPeeringConnections',
    'DescribeTransitGatewayAttachments', 'DescribeTransitGatewayVpcAttachments', 'SearchTransitGatewayRoutes', 'DescribeSecurityGroupVpcAssociations',
    ...BLOCKER_ACTIONS.ec2,
  ],
  rds: ['DescribeDBInstances', 'DescribeDBClusters', ...BLOCKER_ACTIONS.rds],
  networkFirewall: BLOCKER_ACTIONS.networkFirewall,
  route53Resolver: BLOCKER_ACTIONS.route53Resolver,
  route53: BLOCKER_ACTIONS.route53,
};

export interface ReplayOptions {
  /** Items per page; every list is paginated when set. */
  pageSize?: number;
  /** Aliases or versions GetFunctionConfiguration accepts besides $LATEST and the function's Version. */
  qualifiers?: string[];
}

type Item = Record<string, unknown>;
const FILTERS: Record<string, (item: Item) => unknown[]> = {
  'vpc-id': (i) => [i.VpcId],
  'attachment.vpc-id': (i) => ((i.Attachments as Item[] | undefined) ?? []).map((a) => a.VpcId),
  'internet-gateway-id': (i) => [i.InternetGatewayId],
  'group-id': (i) => [i.GroupId],
  'requester-vpc-info.vpc-id': (i) => [(i.RequesterVpcInfo as Item | undefined)?.VpcId],
  'accepter-vpc-info.vpc-id': (i) => [(i.AccepterVpcInfo as Item | undefined)?.VpcId],
  'resource-id': (i) => [i.ResourceId],
  'prefix-list-id': (i) => [i.PrefixListId],
  'prefix-list-name': (i) => [i.PrefixListName],
  description: (i) => [i.Description],
  'resource-type': (i) => [i.ResourceType],
  'transit-gateway-id': (i) => [i.TransitGatewayId],
  state: (i) => [i.State],
};

const EC2_LISTS: Record<string, [key: keyof Snapshot['ec2'], outputKey: string]> = {
  DescribeVpcs: ['Vpcs', 'Vpcs'], DescribeSubnets: ['Subnets', 'Subnets'], DescribeRouteTables: ['RouteTables', 'RouteTables'],
  DescribeNatGateways: ['NatGateways', 'NatGateways'], DescribeInternetGateways: ['InternetGateways', 'InternetGateways'],
  DescribeEgressOnlyInternetGateways: ['EgressOnlyInternetGateways', 'EgressOnlyInternetGateways'], DescribeAddresses: ['Addresses', 'Addresses'],
  DescribeSecurityGroups: ['SecurityGroups', 'SecurityGroups'], DescribeNetworkAcls: ['NetworkAcls', 'NetworkAcls'],
  DescribeNetworkInterfaces: ['NetworkInterfaces', 'NetworkInterfaces'], DescribeVpcEndpoints: ['VpcEndpoints', 'VpcEndpoints'],
  DescribeManagedPrefixLists: ['ManagedPrefixLists', 'PrefixLists'], DescribeVpcPeeringConnections: ['VpcPeeringConnections', 'VpcPeeringConnections'],
  DescribeTransitGatewayAttachments: ['TransitGatewayAttachments', 'TransitGatewayAttachments'],
  DescribeTransitGatewayVpcAttachments: ['TransitGatewayVpcAttachments', 'TransitGatewayVpcAttachments'],
  DescribeSecurityGroupVpcAssociations: ['SecurityGroupVpcAssociations', 'SecurityGroupVpcAssociations'],
};

export function snapshotResponder(snapshot: Snapshot, options: ReplayOptions = {}): Responder {
  const denied = new Set(snapshot.denied ?? []);
  const page = (items: unknown[], key: string, token: unknown, tokenOut: string): Record<string, unknown> => {
    if (options.pageSize === undefined) return { [key]: items };
    const from = typeof token === 'string' ? Number(token) : 0;
    const to = from + options.pageSize;
    return { [key]: items.slice(from, to), ...(to < items.length ? { [tokenOut]: String(to) } : {}) };
  };
  const deny = (action: string, service: Service) => {
    if (denied.has(action)) throw awsError(service === 'ec2' ? 'UnauthorizedOperation' : service === 'rds' || service === 'lambda' || service === 'route53' ? 'AccessDenied' : 'AccessDeniedException', `not authorized to perform ${action}`, 403);
  };

  return (service, action, input) => {
    deny(`${IAM_PREFIX[service]}:${action}`, service);
    const blocker = replayBlocker(snapshot, service, action, input, page);
    if (blocker !== undefined) return blocker;
    if (service === 'lambda') {
      deny(`lambda:${action}`, service);
      if (action === 'ListFunctions') return page(snapshot.functions.map((f) => served(f, snapshot)), 'Functions', input.Marker, 'NextMarker');
      if (action !== 'GetFunctionConfiguration') throw new Error(`replay: lambda ${action} not served`);
      const fn = snapshot.functions.find((f) => namesFunction(f, String(input.FunctionName)));
      const qualifier = input.Qualifier as string | undefined;
      if (fn === undefined || (qualifier !== undefined && qualifier !== '$LATEST' && qualifier !== fn.Version && !(options.qualifiers ?? []).includes(qualifier))) {
        throw awsError('ResourceNotFoundException', `Function not found: ${String(input.FunctionName)}${qualifier ? `:${qualifier}` : ''}`, 404);
      }
      return { ...served(fn, snapshot) };
    }
    if (service === 'rds') {
      const key = action === 'DescribeDBInstances' ? 'DBInstances' : action === 'DescribeDBClusters' ? 'DBClusters' : undefined;
      if (key === undefined) throw new Error(`replay: rds ${action} not served`);
      deny(RDS_KEY_ACTIONS[key], service);
      return page(snapshot.rds[key] ?? [], key, input.Marker, 'Marker');
    }
    deny(`ec2:${action}`, service);
    if (action === 'DescribeVpcAttribute') {
      const field = input.Attribute === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames';
      const value = snapshot.ec2.VpcAttributes?.[String(input.VpcId)]?.[field];
      return { VpcId: input.VpcId, ...(value !== undefined ? { [field]: { Value: value } } : {}) };
    }
    if (action === 'GetManagedPrefixListEntries') {
      const entries = snapshot.ec2.PrefixListEntries?.[String(input.PrefixListId)];
      if (entries === undefined) throw awsError('InvalidPrefixListID.NotFound', `The prefix list ID '${String(input.PrefixListId)}' does not exist`);
      return page(entries, 'Entries', input.NextToken, 'NextToken');
    }
    if (action === 'SearchTransitGatewayRoutes') {
      // A route table of another account (or none) is NotFound, as AWS answers.
      const routes = snapshot.ec2.TransitGatewayRoutes?.[String(input.TransitGatewayRouteTableId)];
      if (routes === undefined) throw awsError('InvalidRouteTableID.NotFound', `The transitGatewayRouteTable ID '${String(input.TransitGatewayRouteTableId)}' does not exist`);
      return page((routes as Item[]).filter((r) => matches(r, input.Filters as Filter[] | undefined)), 'Routes', input.NextToken, 'NextToken');
    }
    const list = EC2_LISTS[action];
    if (list === undefined) throw new Error(`replay: ec2 ${action} not served`);
    const [key, outputKey] = list;
    deny(EC2_KEY_ACTIONS[key], service);
    let items = ((snapshot.ec2[key] ?? []) as Item[]).filter((item) => matches(item, (input.Filters ?? input.Filter) as Filter[] | undefined));
    if (action === 'DescribeNetworkInterfaces' && input.IncludeManagedResources !== true) {
      // Managed resource visibility "hidden": service-managed ENIs vanish unless asked for.
      items = items.filter((eni) => eni.InterfaceType !== 'lambda' && (eni.Operator as Item | undefined)?.HiddenByDefault !== true);
    }
    return page(items, outputKey, input.NextToken, 'NextToken');
  };
}

interface Filter { Name?: string; Values?: string[] }

function matches(item: Item, filters: Filter[] | undefined): boolean {
  return (filters ?? []).every(({ Name, Values }) => {
    const get = FILTERS[Name ?? ''];
    if (get === undefined) throw new Error(`replay: filter ${Name} not served`);
    const values = get(item);
    return (Values ?? []).some((wanted) => values.some((v) => typeof v === 'string' && globMatch(wanted, v)));
  });
}

const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

function namesFunction(fn: LambdaFunction, name: string): boolean {
  const arn = fn.FunctionArn ?? '';
  return name === fn.FunctionName || name === arn || (arn !== '' && arn.endsWith(`:${name}`) && name.includes(':function:'));
}

/** The function as AWS would return it: redacted placeholders turned back into plausible values. */
function served(fn: LambdaFunction, snapshot?: Snapshot): LambdaFunction {
  const variables = fn.Environment?.Variables;
  if (variables === undefined) return structuredClone(fn);
  const hostOf = (id: string): string => {
    const db = snapshot?.rds.DBInstances?.find((d) => d.DBInstanceIdentifier === id);
    if (db?.Endpoint?.Address) return `${db.Endpoint.Address}:${db.Endpoint.Port ?? 5432}`;
    const cluster = snapshot?.rds.DBClusters?.find((c) => c.DBClusterIdentifier === id);
    // A database the snapshot does not describe (RDS denied): an endpoint host of the usual shape.
    return cluster?.Endpoint ? `${cluster.Endpoint}:${cluster.Port ?? 5432}` : `${id}.c0ffee0replay.${snapshot?.region ?? 'us-east-1'}.rds.amazonaws.com:5432`;
  };
  const proxyHostOf = (name: string): string => {
    const proxy = snapshot?.rds.DBProxies?.find((p) => p.DBProxyName === name);
    const endpoint = snapshot?.rds.DBProxyEndpoints?.find((e) => e.DBProxyEndpointName === name);
    return proxy?.Endpoint ?? endpoint?.Endpoint ?? `${name}.proxy-c0ffee0replay.${snapshot?.region ?? 'us-east-1'}.rds.amazonaws.com`;
  };
  const plain = Object.fromEntries(Object.entries(variables).map(([name, value]) => {
    const rds = /^<redacted:rds:(.+)>$/.exec(value);
    const proxy = /^<redacted:rds-proxy:(.+)>$/.exec(value);
    if (proxy?.[1] !== undefined) return [name, proxyHostOf(proxy[1])];
    return [name, rds?.[1] !== undefined ? hostOf(rds[1]) : value === '<redacted>' ? `replayed-${name.toLowerCase()}` : value];
  }));
  return { ...structuredClone(fn), Environment: { ...structuredClone(fn.Environment), Variables: plain } };
}
