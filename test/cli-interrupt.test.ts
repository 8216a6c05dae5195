// Ctrl-C in a real process: the built binary runs `check --fix --yes` against a local EC2/Lambda
// endpoint that serves fixtures/cli-handbuilt with its NAT gateway deleted. The endpoint holds the
// answer to CreateNatGateway (or to the rollback's DeleteNatGateway) until the test has sent SIGINT
// and seen the binary acknowledge it, so each run is deterministic.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, start, type Started } from './helpers/cli.js';

type World = Record<string, any>;
const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cli-handbuilt', 'snapshot.json'), 'utf8')) as { functions: World[]; ec2: World };

/** The fixture with its NAT gateway deleted: the private subnet's default route is a blackhole. */
function brokenWorld(): World {
  const ec2 = JSON.parse(JSON.stringify(fixture.ec2)) as World;
  const natId = ec2.NatGateways[0].NatGatewayId;
  ec2.NatGateways[0].State = 'deleted';
  for (const table of ec2.RouteTables) for (const r of table.Routes) if (r.NatGatewayId === natId) r.State = 'blackhole';
  return ec2;
}

// EC2's Query protocol answers in XML whose list names are not the SDK's field names.
const LIST_NAMES: Record<string, string> = {
  Tags: 'tagSet', Routes: 'routeSet', Associations: 'associationSet', Attachments: 'attachmentSet', NatGatewayAddresses: 'natGatewayAddressSet',
  Entries: 'entrySet', UserIdGroupPairs: 'groups', Groups: 'groupSet', PrivateIpAddresses: 'privateIpAddressesSet', Ipv6Addresses: 'ipv6AddressesSet',
  PropagatingVgws: 'propagatingVgwSet', CidrBlockAssociationSet: 'cidrBlockAssociationSet', Ipv6CidrBlockAssociationSet: 'ipv6CidrBlockAssociationSet',
};
const TOP: Record<string, [string, string]> = {
  DescribeVpcs: ['vpcSet', 'Vpcs'], DescribeSubnets: ['subnetSet', 'Subnets'], DescribeRouteTables: ['routeTableSet', 'RouteTables'],
  DescribeNatGateways: ['natGatewaySet', 'NatGateways'], DescribeInternetGateways: ['internetGatewaySet', 'InternetGateways'],
  DescribeAddresses: ['addressesSet', 'Addresses'], DescribeSecurityGroups: ['securityGroupInfo', 'SecurityGroups'],
  DescribeNetworkAcls: ['networkAclSet', 'NetworkAcls'], DescribeNetworkInterfaces: ['networkInterfaceSet', 'NetworkInterfaces'],
};
const lower = (key: string) => key[0]!.toLowerCase() + key.slice(1);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function toXml(value: unknown, name: string): string {
  if (Array.isArray(value)) return `<${name}>${value.map((item) => `<item>${inner(item)}</item>`).join('')}</${name}>`;
  return `<${name}>${inner(value)}</${name}>`;
}

function inner(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escape(String(value));
  return Object.entries(value as World).map(([k, v]) => toXml(v, Array.isArray(v) ? LIST_NAMES[k] ?? lower(k) : lower(k))).join('');
}

const ec2Answer = (action: string, body: string) => `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${body}</${action}Response>`;

/** The endpoint: reads answer from the world; the mutations change it; `hold` delays one action's answer. */
class Endpoint {
  world = brokenWorld();
  mutations: { action: string; form: URLSearchParams }[] = [];
  created = new Map<string, string>(); // NAT id → state
  lockTag?: string; // the VPC's vpcdoctor:lock tag, written, read back and removed by each run
  hold?: { action: string; reached: () => void; release: Promise<void> };

  async answer(request: IncomingMessage, text: string): Promise<{ status: number; type: string; body: string }> {
    if (request.url?.startsWith('/2015-03-31/functions/')) return { status: 200, type: 'application/json', body: JSON.stringify(fixture.functions[0]) };
    if (typeof request.headers['x-amz-target'] === 'string') return { status: 200, type: 'application/x-amz-json-1.1', body: '{}' };
    if (request.url?.startsWith('/2013-04-01/hostedzonesbyvpc?')) { // Route 53 (REST-XML): no private zone
      return { status: 200, type: 'text/xml', body: '<ListHostedZonesByVPCResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZoneSummaries/><MaxItems>100</MaxItems></ListHostedZonesByVPCResponse>' };
    }
    const form = new URLSearchParams(text);
    const action = form.get('Action') ?? '?';
    if (form.get('Version') === '2014-10-31') {
      return { status: 200, type: 'text/xml', body: `<${action}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${action}Result></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>` };
    }
    if (form.get('DryRun') === 'true') return { status: 412, type: 'text/xml', body: '<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>r</RequestID></Response>' };
    if (!action.startsWith('Describe') && !action.startsWith('Get') && !action.startsWith('Search')) {
      this.mutations.push({ action, form });
      if (this.hold?.action === action) {
        const { reached, release } = this.hold;
        this.hold = undefined;
        reached();
        await release;
      }
    }
    return { status: 200, type: 'text/xml', body: ec2Answer(action, this.ec2(action, form)) };
  }

  ec2(action: string, form: URLSearchParams): string {
    switch (action) {
      case 'AllocateAddress': return '<allocationId>eipalloc-new1</allocationId><publicIp>203.0.113.9</publicIp><domain>vpc</domain>';
      case 'CreateNatGateway':
        this.created.set('nat-new1', 'pending');
        return `<clientToken>${form.get('ClientToken') ?? ''}</clientToken><natGateway><natGatewayId>nat-new1</natGatewayId><state>pending</state><subnetId>${form.get('SubnetId')}</subnetId></natGateway>`;
      case 'DeleteNatGateway': this.created.set(form.get('NatGatewayId')!, 'deleted'); return `<natGatewayId>${form.get('NatGatewayId')}</natGatewayId>`;
      case 'DescribeNatGateways': {
        const id = form.get('NatGatewayId.1');
        if (id && this.created.has(id)) return toXml([{ NatGatewayId: id, State: this.created.get(id) }], 'natGatewaySet');
        return toXml(this.world.NatGateways, 'natGatewaySet');
      }
      case 'CreateTags': this.lockTag = form.get('Tag.1.Value') ?? undefined; return '<return>true</return>';
      case 'DeleteTags': if (form.get('Tag.1.Value') === this.lockTag) this.lockTag = undefined; return '<return>true</return>';
      case 'DescribeTags': {
        const vpcId = this.world.Vpcs[0].VpcId;
        return this.lockTag === undefined ? '<tagSet/>' : `<tagSet><item><resourceId>${vpcId}</resourceId><resourceType>vpc</resourceType><key>vpcdoctor:lock</key><value>${this.lockTag}</value></item></tagSet>`;
      }
      case 'DescribeVpcAttribute': {
        const attribute = form.get('Attribute')!;
        return `<vpcId>${form.get('VpcId')}</vpcId><${attribute}><value>true</value></${attribute}>`;
      }
      default: {
        const top = TOP[action];
        if (top) return toXml(this.world[top[1]] ?? [], top[0]);
        return action.startsWith('Describe') || action.startsWith('Get') || action.startsWith('Search') ? '' : '<return>true</return>';
      }
    }
  }

  /** The next `action` is answered only after `then` has run (and the promise it returns settled). */
  holdNext(action: string, then: () => Promise<void>): void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.hold = { action, reached: () => void then().then(release), release: released };
  }

  /** The calls that change resources (a lock's tags, if any, left out). */
  changes(): string[] {
    return this.mutations.map((m) => m.action).filter((a) => !/Tags$/.test(a));
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('Ctrl-C during check --fix (built binary, local endpoint)', () => {
  let server: Server;
  let endpoint: Endpoint;
  let url: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += String(chunk)));
      request.on('end', () => void endpoint.answer(request, text).then(({ status, type, body }) => response.writeHead(status, { 'content-type': type }).end(body)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    endpoint = new Endpoint();
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-sigint-'));
    env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', HOME: dir, XDG_STATE_HOME: join(dir, 'state') };
  });

  const fix = () => ['check', 'invoice-mailer', '--region', 'eu-west-1', '--endpoint-url', url, '--target', 'internet', '--fix', '--yes'];
  const journalOf = (stderr: string) => /^journal (\S+) \(if this run stops/m.exec(stderr)?.[1];

  it('the endpoint is faithful: the fixture as served, NAT gateway intact, is reachable (exit 0)', async () => {
    endpoint.world = JSON.parse(JSON.stringify(fixture.ec2));
    const child = start(['check', 'invoice-mailer', '--region', 'eu-west-1', '--endpoint-url', url, '--target', 'internet', '--quiet'], env);
    expect(await child.done, child.stderr()).toBe(0);
  });

  it('SIGINT while CreateNatGateway is in flight: it finishes, the NAT gateway and the address are removed, exit 130', async () => {
    let child!: Started;
    endpoint.holdNext('CreateNatGateway', async () => {
      child.process.kill('SIGINT');
      await until(() => child.stderr().includes('SIGINT: stopping after the call in flight'), 'the binary to acknowledge SIGINT');
    });
    child = start(fix(), env);
    const code = await child.done;
    const stderr = child.stderr();
    expect(code, stderr).toBe(130);
    expect(endpoint.changes()).toEqual(['AllocateAddress', 'CreateNatGateway', 'DeleteNatGateway', 'ReleaseAddress']);
    expect(endpoint.mutations.find((m) => m.action === 'CreateNatGateway')!.form.get('ClientToken')).toMatch(/^vpcdoctor-[0-9a-f]{16}-\d+$/);
    // The journal's path was printed before the first change.
    const journal = journalOf(stderr)!;
    expect(stderr.indexOf(`journal ${journal}`)).toBeLessThan(stderr.indexOf('AllocateAddress'));
    expect(journal.startsWith(join(env.XDG_STATE_HOME!, 'vpcdoctor', 'journals'))).toBe(true);
    expect(stderr.trim().split('\n').at(-1)).toBe(`vpcdoctor: interrupted by SIGINT: what it did was rolled back (journal ${journal})`);
    expect(JSON.parse(readFileSync(journal, 'utf8')).state).toBe('interrupted-rolled-back');
    expect(endpoint.lockTag).toBeUndefined();
  });

  it('a second SIGINT during the rollback stops at once, names what is left and the undo command, which then finishes it', async () => {
    let child!: Started;
    endpoint.holdNext('CreateNatGateway', async () => {
      child.process.kill('SIGINT');
      await until(() => child.stderr().includes('SIGINT: stopping'), 'the first SIGINT to be acknowledged');
      endpoint.holdNext('DeleteNatGateway', async () => {
        child.process.kill('SIGINT');
        await child.done;
      });
    });
    child = start(fix(), env);
    const code = await child.done;
    const stderr = child.stderr();
    expect(code, stderr).toBe(130);
    const journal = journalOf(stderr)!;
    const undo = `vpcdoctor undo ${journal} --region eu-west-1 --endpoint-url ${url}`;
    expect(stderr).toMatch(new RegExp(`SIGINT again: stopped at once\\. Left applied: step \\d+ \\(CreateNatGateway\\), step \\d+ \\(AllocateAddress\\)\\. Finish the rollback with: ${undo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    expect(endpoint.changes()).toEqual(['AllocateAddress', 'CreateNatGateway', 'DeleteNatGateway']);
    // Stopped at once, the run left its lock on the VPC; the printed command (same journal, same run id) may take it.
    expect(endpoint.lockTag).toBeDefined();
    const finish = start([...undo.split(' ').slice(1), '--yes'], env);
    expect(await finish.done, finish.stderr()).toBe(0);
    expect(endpoint.changes()).toEqual(['AllocateAddress', 'CreateNatGateway', 'DeleteNatGateway', 'DeleteNatGateway', 'ReleaseAddress']);
    expect(JSON.parse(readFileSync(journal, 'utf8')).state).toBe('undone');
    expect(endpoint.lockTag).toBeUndefined();
  });
});
