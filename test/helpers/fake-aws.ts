// A small stateful AWS endpoint for end-to-end tests of the built binary: EC2's Query protocol
// answered from a snapshot-shaped state, serialised by the SDK's own schemas (so every field is
// in the XML shape the real SDK parses), Lambda's GetFunctionConfiguration, empty RDS and JSON
// services. It applies the writes --fix and undo send (addresses, NAT gateways, routes, tags) to its
// state, so a later collection sees the repaired network. Every request is recorded.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ec2Schemas from '@aws-sdk/client-ec2';
import { XmlShapeSerializer } from '@aws-sdk/core/protocols';
import type { LambdaFunction, NatGateway, Route, Snapshot } from '../../src/snapshot/types.js';

type Row = Record<string, unknown>;
type Params = Record<string, unknown>;

export interface Call {
  action: string;
  params: Params;
}

export class AwsError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Query form fields ("TagSpecification.1.Tag.1.Key") as nested objects and arrays. */
export function parseForm(form: URLSearchParams): Params {
  const root: Params = {};
  for (const [key, value] of form) {
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const name = /^\d+$/.test(part) ? String(Number(part) - 1) : part;
      if (last) node[name] = value;
      else node = (node[name] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

/** Snapshot timestamps are ISO strings; the serialiser wants Date objects for timestamp members. */
function withDates(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return new Date(value);
  if (Array.isArray(value)) return value.map(withDates);
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v)]));
  return value;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const RESOURCE_LISTS: Record<string, [string, string]> = {
  vpc: ['Vpcs', 'VpcId'], subnet: ['Subnets', 'SubnetId'], rtb: ['RouteTables', 'RouteTableId'], nat: ['NatGateways', 'NatGatewayId'],
  eipalloc: ['Addresses', 'AllocationId'], igw: ['InternetGateways', 'InternetGatewayId'],
};

export class FakeAws {
  readonly calls: Call[] = [];
  private server?: Server;
  private serial = 0;
  /** NAT gateways still to be described as pending (the first DescribeNatGateways after creation). */
  private readonly pendingPolls = new Map<string, number>();
  readonly ec2: Record<string, Row[]>;

  /** `pendingDescriptions`: how many DescribeNatGateways show a new NAT gateway pending before it is available. */
  constructor(snapshot: Snapshot, private readonly pendingDescriptions = 1, private readonly functions: LambdaFunction[] = snapshot.functions ?? []) {
    this.ec2 = structuredClone(snapshot.ec2) as unknown as Record<string, Row[]>;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, type, text }) => response.writeHead(status, { 'content-type': type }).end(text));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The EC2 actions received, in order. */
  actions(): string[] {
    return this.calls.map((c) => c.action);
  }

  table(id: string): { Routes?: Route[] } | undefined {
    return this.ec2.RouteTables?.find((t) => t.RouteTableId === id) as { Routes?: Route[] } | undefined;
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; type: string; text: string }> {
    const body = await new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => (text += String(chunk)));
      request.on('end', () => resolve(text));
    });
    if (request.url?.startsWith('/2015-03-31/functions/')) {
      const name = decodeURIComponent(request.url.split('/')[3] ?? '');
      this.calls.push({ action: 'lambda:GetFunctionConfiguration', params: { name } });
      const fn = this.functions.find((f) => f.FunctionName === name);
      if (!fn) return { status: 404, type: 'application/json', text: JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }) };
      return { status: 200, type: 'application/json', text: JSON.stringify(fn) };
    }
    if (request.url?.startsWith('/2013-04-01/hostedzonesbyvpc?')) { // Route 53 (REST-XML): no private zone
      const params = Object.fromEntries(new URLSearchParams(request.url.split('?')[1]));
      this.calls.push({ action: 'route53:ListHostedZonesByVPC', params });
      return { status: 200, type: 'text/xml', text: '<ListHostedZonesByVPCResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZoneSummaries/><MaxItems>100</MaxItems></ListHostedZonesByVPCResponse>' };
    }
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') { // JSON protocol (Network Firewall, Route 53 Resolver): nothing there
      this.calls.push({ action: target, params: {} });
      return { status: 200, type: 'application/x-amz-json-1.1', text: '{}' };
    }
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '?';
    if (form.get('Version') === '2014-10-31') {
      this.calls.push({ action: `rds:${action}`, params: {} });
      return { status: 200, type: 'text/xml', text: `<${action}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${action}Result></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>` };
    }
    const params = parseForm(form);
    delete params.Action;
    delete params.Version;
    this.calls.push({ action, params });
    try {
      return { status: 200, type: 'text/xml', text: this.xml(action, this.ec2Call(action, params)) };
    } catch (error) {
      const { code, message } = error instanceof AwsError ? error : { code: 'InternalError', message: String(error) };
      return { status: 400, type: 'text/xml', text: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>r</RequestID></Response>` };
    }
  }

  /** The output as the real service writes it: the operation's output schema, EC2's <ActionResponse> root. */
  private xml(action: string, output: Row): string {
    const operation = (ec2Schemas as unknown as Record<string, unknown[]>)[`${action}$`];
    if (!operation) throw new AwsError('InvalidAction', `${action} is not an EC2 action`);
    const schema = typeof operation[5] === 'function' ? (operation[5] as () => unknown)() : operation[5];
    if (!Array.isArray(schema) || schema[0] !== 3) return `<${action}Response xmlns="${XMLNS}"><requestId>r-${++this.serial}</requestId><return>true</return></${action}Response>`;
    const serializer = new XmlShapeSerializer({ serviceNamespace: 'com.amazonaws.ec2', xmlNamespace: XMLNS, timestampFormat: { useTrait: true, default: 5 } });
    serializer.write(schema as Parameters<XmlShapeSerializer['write']>[0], withDates(output));
    const inner = String(serializer.flush()).replace(/^<[^>]+>/, '').replace(/<\/[^>]+>$/, '');
    return `<${action}Response xmlns="${XMLNS}"><requestId>r-${++this.serial}</requestId>${inner.startsWith('<') || inner === '' ? inner : ''}</${action}Response>`;
  }

  private newId(prefix: string): string {
    return `${prefix}-0e2e${hex(++this.serial, 13)}`;
  }

  private tagsOf(params: Params): { Key: string; Value: string }[] {
    const specs = (params.TagSpecification ?? []) as { Tag?: { Key: string; Value: string }[] }[];
    return specs.flatMap((s) => s.Tag ?? []);
  }

  private ec2Call(action: string, p: Params): Row {
    const handler = (this as unknown as Record<string, ((p: Params) => Row) | undefined>)[`on${action}`];
    if (handler) return handler.call(this, p);
    if (action.startsWith('Describe')) return this.describe(action, p);
    throw new AwsError('UnsupportedOperation', `the fake endpoint does not implement ${action}`);
  }

  /** Describe*: the state's list under each output member, narrowed by <Thing>Id.N and by vpc-id filters. */
  private describe(action: string, p: Params): Row {
    const operation = (ec2Schemas as unknown as Record<string, unknown[]>)[`${action}$`];
    if (!operation) throw new AwsError('InvalidAction', `${action} is not an EC2 action`);
    const output = (typeof operation[5] === 'function' ? (operation[5] as () => unknown[])() : operation[5]) as unknown[];
    const members = (output[4] ?? []) as string[];
    const idParam = Object.keys(p).find((k) => /Ids?$/.test(k) && Array.isArray(p[k]));
    const ids = idParam ? (p[idParam] as string[]) : undefined;
    const idField = idParam?.replace(/s$/, '');
    const filters = ((p.Filter ?? []) as { Name?: string; Value?: string[] }[]);
    const vpcs = filters.find((f) => f.Name === 'vpc-id')?.Value;
    const result: Row = {};
    for (const member of members) {
      let rows = this.ec2[member];
      if (!Array.isArray(rows)) continue;
      if (ids && idField) rows = rows.filter((r) => ids.includes(r[idField] as string));
      if (vpcs) rows = rows.filter((r) => r.VpcId === undefined || vpcs.includes(r.VpcId as string));
      if (member === 'NatGateways') rows = rows.map((r) => this.natAsDescribed(r as NatGateway));
      result[member] = rows;
    }
    return result;
  }

  /** A new NAT gateway is pending on its first description, then available. */
  private natAsDescribed(nat: NatGateway): Row {
    const left = this.pendingPolls.get(nat.NatGatewayId!);
    if (left !== undefined) {
      if (left > 0) {
        this.pendingPolls.set(nat.NatGatewayId!, left - 1);
        return { ...nat, State: 'pending' } as Row;
      }
      this.pendingPolls.delete(nat.NatGatewayId!);
      nat.State = 'available';
    }
    return nat as Row;
  }

  onDescribeVpcAttribute(p: Params): Row {
    const field = p.Attribute === 'enableDnsHostnames' ? 'EnableDnsHostnames' : 'EnableDnsSupport';
    const attributes = (this.ec2.VpcAttributes as unknown as Record<string, Record<string, boolean>> | undefined)?.[p.VpcId as string] ?? {};
    return { VpcId: p.VpcId, [field]: { Value: attributes[field] ?? true } };
  }

  onDescribeAccountAttributes(): Row {
    return { AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] };
  }

  onAllocateAddress(p: Params): Row {
    const address = { AllocationId: this.newId('eipalloc'), PublicIp: `198.51.100.${this.serial % 250}`, Domain: 'vpc', Tags: this.tagsOf(p) };
    (this.ec2.Addresses ??= []).push(address);
    return { AllocationId: address.AllocationId, PublicIp: address.PublicIp, Domain: 'vpc' };
  }

  onReleaseAddress(p: Params): Row {
    const before = this.ec2.Addresses?.length ?? 0;
    this.ec2.Addresses = (this.ec2.Addresses ?? []).filter((a) => a.AllocationId !== p.AllocationId);
    if (this.ec2.Addresses.length === before) throw new AwsError('InvalidAllocationID.NotFound', `The allocation ID '${String(p.AllocationId)}' does not exist`);
    return { Return: true };
  }

  onCreateNatGateway(p: Params): Row {
    const subnet = this.ec2.Subnets?.find((s) => s.SubnetId === p.SubnetId);
    if (!subnet) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${String(p.SubnetId)}' does not exist`);
    const address = this.ec2.Addresses?.find((a) => a.AllocationId === p.AllocationId);
    if (!address) throw new AwsError('InvalidAllocationID.NotFound', `The allocation ID '${String(p.AllocationId)}' does not exist`);
    const nat: NatGateway = {
      NatGatewayId: this.newId('nat'), SubnetId: subnet.SubnetId as string, VpcId: subnet.VpcId as string, State: 'available',
      ConnectivityType: 'public', AvailabilityMode: 'zonal', CreateTime: '2026-12-01T00:00:00.000Z',
      NatGatewayAddresses: [{ AllocationId: address.AllocationId as string, PublicIp: address.PublicIp as string, NetworkInterfaceId: this.newId('eni'), PrivateIp: '172.31.80.10', IsPrimary: true, Status: 'succeeded' }],
      Tags: this.tagsOf(p),
    };
    address.AssociationId = this.newId('eipassoc');
    (this.ec2.NatGateways ??= []).push(nat as Row);
    this.pendingPolls.set(nat.NatGatewayId!, this.pendingDescriptions);
    return { ClientToken: p.ClientToken, NatGateway: { ...nat, State: 'pending' } };
  }

  onDeleteNatGateway(p: Params): Row {
    const nat = this.ec2.NatGateways?.find((n) => n.NatGatewayId === p.NatGatewayId);
    if (!nat) throw new AwsError('NatGatewayNotFound', `The NAT gateway '${String(p.NatGatewayId)}' was not found`);
    nat.State = 'deleted';
    for (const address of this.ec2.Addresses ?? []) {
      if ((nat.NatGatewayAddresses as { AllocationId?: string }[]).some((a) => a.AllocationId === address.AllocationId)) delete address.AssociationId;
    }
    return { NatGatewayId: p.NatGatewayId };
  }

  private routeOf(p: Params): { table: { Routes?: Route[] }; index: number } {
    const table = this.table(p.RouteTableId as string);
    if (!table) throw new AwsError('InvalidRouteTableID.NotFound', `The routeTable ID '${String(p.RouteTableId)}' does not exist`);
    return { table, index: (table.Routes ?? []).findIndex((r) => r.DestinationCidrBlock === p.DestinationCidrBlock) };
  }

  private newRoute(p: Params): Route {
    const target: Route = p.NatGatewayId ? { NatGatewayId: p.NatGatewayId as string } : { GatewayId: p.GatewayId as string };
    const nat = p.NatGatewayId ? this.ec2.NatGateways?.find((n) => n.NatGatewayId === p.NatGatewayId) : undefined;
    if (p.NatGatewayId && !nat) throw new AwsError('InvalidNatGatewayID.NotFound', `The nat gateway ID '${String(p.NatGatewayId)}' does not exist`);
    const state = nat && nat.State !== 'available' && nat.State !== 'pending' ? 'blackhole' : 'active';
    return { DestinationCidrBlock: p.DestinationCidrBlock as string, ...target, Origin: 'CreateRoute', State: state };
  }

  onCreateRoute(p: Params): Row {
    const { table, index } = this.routeOf(p);
    if (index >= 0) throw new AwsError('RouteAlreadyExists', `The route identified by ${String(p.DestinationCidrBlock)} already exists.`);
    (table.Routes ??= []).push(this.newRoute(p));
    return { Return: true };
  }

  onReplaceRoute(p: Params): Row {
    const { table, index } = this.routeOf(p);
    if (index < 0) throw new AwsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${String(p.DestinationCidrBlock)} in route table ${String(p.RouteTableId)}`);
    table.Routes![index] = this.newRoute(p);
    return { Return: true };
  }

  onDeleteRoute(p: Params): Row {
    const { table, index } = this.routeOf(p);
    if (index < 0) throw new AwsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${String(p.DestinationCidrBlock)} in route table ${String(p.RouteTableId)}`);
    table.Routes!.splice(index, 1);
    return { Return: true };
  }

  /** CreateTags/DeleteTags on a resource of the state (the fix lock is a tag on the VPC). */
  private resource(id: string): Row {
    const [list, field] = RESOURCE_LISTS[id.slice(0, id.lastIndexOf('-'))] ?? [];
    const row = list ? this.ec2[list]?.find((r) => r[field!] === id) : undefined;
    if (!row) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
    return row;
  }

  /** DescribeTags by resource-id and key filters, over the resources CreateTags can tag. */
  onDescribeTags(p: Params): Row {
    const filters = (p.Filter ?? []) as { Name?: string; Value?: string[] }[];
    const wanted = (name: string) => filters.find((f) => f.Name === name)?.Value;
    const tags = [];
    for (const [prefix, [list, field]] of Object.entries(RESOURCE_LISTS)) {
      for (const row of this.ec2[list] ?? []) {
        const id = row[field] as string;
        if (wanted('resource-id') && !wanted('resource-id')!.includes(id)) continue;
        for (const tag of (row.Tags ?? []) as { Key: string; Value: string }[]) {
          if (!wanted('key') || wanted('key')!.includes(tag.Key)) tags.push({ ResourceId: id, ResourceType: prefix === 'nat' ? 'natgateway' : prefix, ...tag });
        }
      }
    }
    return { Tags: tags };
  }

  onCreateTags(p: Params): Row {
    for (const id of (p.ResourceId ?? []) as string[]) {
      const row = this.resource(id);
      const tags = (row.Tags ??= []) as { Key: string; Value: string }[];
      for (const tag of (p.Tag ?? []) as { Key: string; Value: string }[]) {
        const known = tags.find((t) => t.Key === tag.Key);
        if (known) known.Value = tag.Value;
        else tags.push({ Key: tag.Key, Value: tag.Value ?? '' });
      }
    }
    return { Return: true };
  }

  onDeleteTags(p: Params): Row {
    for (const id of (p.ResourceId ?? []) as string[]) {
      const row = this.resource(id);
      // With a value, EC2 deletes the tag only if it still holds that value.
      const named = (p.Tag ?? []) as { Key: string; Value?: string }[];
      row.Tags = ((row.Tags ?? []) as { Key: string; Value: string }[]).filter((t) => !named.some((n) => n.Key === t.Key && (n.Value === undefined || n.Value === t.Value)));
    }
    return { Return: true };
  }
}
