// Collection of the blockers (issue 9): BPA, DHCP options, RDS Proxy, Network Firewall, Route 53
// Resolver, Route 53 private hosted zones, through aws-sdk-client-mock serving a snapshot (src/collect/replay.ts): the same rounds,
// pagination, only what the VPCs use, and a denied call recorded as denied, never as "none there".
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs fixture builder
import { clone, ids } from '../fixtures/make/base.mjs';
// @ts-expect-error -- a plain .mjs fixture builder
import { blockerIds, withBlockers, withPrivateZones } from '../fixtures/make/blockers.mjs';
import { analyze } from '../src/analyze/index.js';
import { type AwsClients, collect, createClients } from '../src/collect/index.js';
import { BLOCKER_ACTIONS, IAM_PREFIX } from '../src/collect/replay-blockers.js';
import { REPLAY_ACTIONS, type ReplayOptions, type Service, snapshotResponder } from '../src/collect/replay.js';
import type { Snapshot } from '../src/snapshot/types.js';

const MODULES = { lambda: lambdaSdk, ec2: ec2Sdk, rds: rdsSdk, networkFirewall: nfwSdk, route53Resolver: resolverSdk, route53: route53Sdk } as Record<Service, Record<string, unknown>>;
const SERVICES = Object.keys(MODULES) as Service[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStub = AwsStub<any, any, any>;
let clients: AwsClients;
let mocks: Record<Service, AnyStub>;

beforeEach(async () => {
  clients = await createClients({ region: 'us-west-2' });
  mocks = Object.fromEntries(SERVICES.map((s) => [s, mockClient(clients[s]!)])) as Record<Service, AnyStub>;
  for (const service of SERVICES) mocks[service].onAnyCommand().rejects(new Error('unmocked'));
});
afterEach(() => { for (const service of SERVICES) mocks[service].restore(); });

function serve(snapshot: Snapshot, options: ReplayOptions = {}): void {
  const respond = snapshotResponder(snapshot, options);
  for (const service of SERVICES) {
    for (const action of REPLAY_ACTIONS[service]) {
      mocks[service].on(MODULES[service][`${action}Command`] as never).callsFake(async (input: Record<string, unknown>) => respond(service, action, input));
    }
  }
}
const SHARING_ACCOUNT = '210987654321';
/** Every section, with private hosted zones of this account, of another (shared by association authorisation) and of a service. */
const blockers = (): Snapshot => withPrivateZones([
  { HostedZoneId: 'Z0PRIVATE0CORP0INTERNAL', Name: 'corp.internal.', Owner: { OwningAccount: ids.account } },
  { HostedZoneId: 'Z0SHARED0MOBILE0EXAMPLE', Name: 'mobile.example.com.', Owner: { OwningAccount: SHARING_ACCOUNT } },
  { HostedZoneId: 'Z0EFS0OWNED0ZONE', Name: 'efs.internal.', Owner: { OwningService: 'efs.amazonaws.com' } },
], withBlockers()) as Snapshot;
const run = () => collect({ functions: [ids.functionName], clients, spinner: false, now: () => new Date('2026-11-27T20:00:00Z') });
const inputsOf = (service: Service, action: string) =>
  mocks[service].commandCalls(MODULES[service][`${action}Command`] as never).map((c) => (c.args[0] as { input: Record<string, unknown> }).input);

/** The blockers' snapshot plus what the collector must leave out: another VPC's firewall, unused policies, rule groups, lists, proxies. */
function withNoise(): Snapshot {
  const snap = blockers();
  const other = 'vpc-0999999999999999a';
  const nfw = snap.networkFirewall!;
  const arn = (kind: string, name: string) => `arn:aws:network-firewall:us-west-2:${ids.account}:${kind}/${name}`;
  nfw.Firewalls![arn('firewall', 'other')] = { Firewall: { FirewallArn: arn('firewall', 'other'), FirewallPolicyArn: arn('firewall-policy', 'other'), VpcId: other } };
  nfw.FirewallPolicies![arn('firewall-policy', 'other')] = { FirewallPolicyResponse: { FirewallPolicyName: 'other' }, FirewallPolicy: { StatefulRuleGroupReferences: [{ ResourceArn: arn('stateful-rulegroup', 'other') }] } };
  nfw.RuleGroups![arn('stateful-rulegroup', 'other')] = { RuleGroupResponse: { RuleGroupName: 'other' }, RuleGroup: { RulesSource: { RulesString: 'drop ip any any -> any any (sid:1;)' } } };
  const dns = snap.route53Resolver!;
  dns.FirewallRuleGroupAssociations!.push({ Id: 'rslvr-frgassoc-other', FirewallRuleGroupId: 'rslvr-frg-other', VpcId: other, Status: 'COMPLETE' });
  dns.FirewallDomainLists!.push({ Id: 'rslvr-fdl-unused', Name: 'unused' });
  dns.FirewallDomains!['rslvr-fdl-unused'] = ['unused.example.'];
  dns.ResolverRuleAssociations!.push({ Id: 'rslvr-rrassoc-other', ResolverRuleId: 'rslvr-rr-other', VPCId: other });
  dns.ResolverRules!.push({ Id: 'rslvr-rr-other', DomainName: 'other.example.', RuleType: 'FORWARD' });
  snap.ec2.DhcpOptions!.push({ DhcpOptionsId: 'dopt-0ther000', DhcpConfigurations: [] });
  snap.rds.DBProxies!.push({ DBProxyName: 'elsewhere', VpcId: other, Endpoint: 'elsewhere.proxy-x.us-west-2.rds.amazonaws.com' });
  snap.rds.DBProxyTargets!.elsewhere = [];
  snap.route53!.HostedZoneSummaries![other] = [{ HostedZoneId: 'Z0OTHER0VPC0ZONE', Name: 'amazonaws.com.', Owner: { OwningAccount: ids.account } }];
  return snap;
}

describe('blockers: collection', () => {
  it('collects every section in three rounds, only what the VPC uses', async () => {
    serve(withNoise());
    const { snapshot, stats } = await run();
    const expected = blockers();
    expected.capturedAt = snapshot.capturedAt;
    expected.functions = snapshot.functions;
    expect(snapshot).toEqual(expected);
    expect(stats.rounds).toBe(3);
    expect(inputsOf('networkFirewall', 'ListFirewalls')).toEqual([{ VpcIds: [ids.vpc] }]);
    expect(inputsOf('route53Resolver', 'ListFirewallRuleGroupAssociations')).toEqual([{ VpcId: ids.vpc }]);
    expect(inputsOf('route53Resolver', 'ListResolverRuleAssociations')).toEqual([{ Filters: [{ Name: 'VPCId', Values: [ids.vpc] }] }]);
    expect(inputsOf('rds', 'DescribeDBProxyTargets')).toEqual([{ DBProxyName: blockerIds.proxy }]);
    // Route 53 is global: the VPC is named with its Region; another VPC's zones are never asked for.
    expect(inputsOf('route53', 'ListHostedZonesByVPC')).toEqual([{ VPCId: ids.vpc, VPCRegion: 'us-west-2' }]);
    // Only the firewalls of the VPC are described; an AWS-managed domain list is never listed.
    expect(inputsOf('networkFirewall', 'DescribeFirewall')).toEqual([{ FirewallArn: blockerIds.firewallArn }]);
    expect(inputsOf('route53Resolver', 'ListFirewallDomains').map((i) => i.FirewallDomainListId)).not.toContain(blockerIds.managedDomainList);
  });

  it('keeps a proxy of another VPC that the environment names, and redacts its host to a token', async () => {
    const snap = withNoise();
    snap.functions[0]!.Environment!.Variables!.DB_HOST = '<redacted:rds-proxy:elsewhere>';
    serve(snap);
    const { snapshot } = await run();
    expect(snapshot.rds.DBProxies!.map((p) => p.DBProxyName).sort()).toEqual([blockerIds.proxy, 'elsewhere'].sort());
    expect(inputsOf('rds', 'DescribeDBProxyTargets').map((i) => i.DBProxyName).sort()).toEqual([blockerIds.proxy, 'elsewhere'].sort());
    expect(snapshot.functions[0]!.Environment!.Variables!.DB_HOST).toBe('<redacted:rds-proxy:elsewhere>');
  });

  it('follows every page (NextToken, Marker) to the same snapshot', async () => {
    const snap = blockers();
    snap.ec2.VpcBlockPublicAccessExclusions = [
      { ExclusionId: 'exclusion-0a', InternetGatewayExclusionMode: 'allow-egress', ResourceArn: `arn:aws:ec2:us-west-2:${ids.account}:subnet/${ids.publicA}`, State: 'create-complete' },
      { ExclusionId: 'exclusion-0b', InternetGatewayExclusionMode: 'allow-bidirectional', ResourceArn: `arn:aws:ec2:us-west-2:${ids.account}:vpc/${ids.vpc}`, State: 'create-complete' },
    ];
    snap.route53Resolver!.FirewallDomains![blockerIds.dnsDomainList] = ['a.example.', 'b.example.', 'c.example.'];
    snap.rds.DBProxyTargets![blockerIds.proxy]!.push({ Endpoint: 'replica.example', Port: 5432, Type: 'RDS_INSTANCE', Role: 'READ_ONLY', TargetHealth: { State: 'UNAVAILABLE', Reason: 'UNREACHABLE' } });
    serve(snap, { pageSize: 1 });
    const { snapshot } = await run();
    expect(snapshot.ec2.VpcBlockPublicAccessExclusions).toEqual(snap.ec2.VpcBlockPublicAccessExclusions);
    expect(snapshot.route53Resolver!.FirewallDomains).toEqual(snap.route53Resolver!.FirewallDomains);
    expect(snapshot.rds.DBProxyTargets).toEqual(snap.rds.DBProxyTargets);
    expect(inputsOf('route53Resolver', 'ListFirewallDomains').map((i) => i.NextToken)).toEqual([undefined, '1', '2']);
    expect(inputsOf('rds', 'DescribeDBProxyTargets').map((i) => i.Marker)).toEqual([undefined, '1']);
    expect(snapshot.route53).toEqual(snap.route53);
    expect(inputsOf('route53', 'ListHostedZonesByVPC').map((i) => i.NextToken)).toEqual([undefined, '1', '2']);
  });

  it('no firewall, no DNS Firewall, no proxy: nothing more to read, still two rounds', async () => {
    const snap = blockers();
    snap.networkFirewall = { Firewalls: {}, FirewallPolicies: {}, RuleGroups: {} };
    snap.route53Resolver = { ...snap.route53Resolver, FirewallRuleGroupAssociations: [], FirewallRules: {}, FirewallDomainLists: [], FirewallDomains: {} };
    snap.rds.DBProxies = [];
    snap.rds.DBProxyTargets = {};
    serve(snap);
    const { snapshot, stats } = await run();
    expect(stats.rounds).toBe(2);
    expect(snapshot.networkFirewall).toEqual({ Firewalls: {}, FirewallPolicies: {}, RuleGroups: {} });
    expect(snapshot.route53Resolver!.FirewallRules).toEqual({});
  });
});

describe('blockers: denied calls are recorded, never read as "none there"', () => {
  const actions = Object.entries(BLOCKER_ACTIONS).flatMap(([service, list]) => list.map((a) => `${IAM_PREFIX[service as Service]}:${a}`));
  it.each(actions)('%s denied', async (action) => {
    const snap = blockers();
    snap.denied = [action];
    serve(snap);
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual([action]);
    const healthy = blockers();
    // Every key that needed the denied action is absent; the rest is as collected without it.
    const present = (s: Snapshot) => ({ ...s.ec2, ...s.rds, ...prefixed('nfw', s.networkFirewall), ...prefixed('dns', s.route53Resolver), ...prefixed('r53', s.route53) });
    const missing = Object.keys(present(healthy)).filter((k) => !(k in present(snapshot)));
    expect(missing.length, `nothing left out for ${action}`).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(present(snapshot))) {
      if (key === 'DhcpOptions' || key === 'dns.FirewallDomainLists' || key === 'dns.ResolverRules') continue; // filtered by what is known
      expect(value, key).toEqual((present(healthy) as Record<string, unknown>)[key]);
    }
  });

  it('AccessDeniedException from Network Firewall is a denied action, not a failure', async () => {
    serve(blockers());
    mocks.networkFirewall.on(nfwSdk.ListFirewallsCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual(['network-firewall:ListFirewalls']);
    expect(snapshot.networkFirewall?.Firewalls).toBeUndefined();
    expect(clone(snapshot.route53Resolver)).toEqual(blockers().route53Resolver);
  });
});

describe('private hosted zones (Route 53 ListHostedZonesByVPC)', () => {
  const accessDenied = () => Object.assign(new Error('User is not authorized to perform: route53:ListHostedZonesByVPC'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
  const request = { functions: [ids.functionName], targets: ['ses'] };

  it('one call per function VPC: each VPC gets its own zones, every page followed', async () => {
    const snap = blockers();
    const second = 'vpc-0222222222222222b';
    snap.functions.push({ ...clone(snap.functions[0]), FunctionName: 'second', FunctionArn: `arn:aws:lambda:us-west-2:${ids.account}:function:second`, VpcConfig: { VpcId: second, SubnetIds: [], SecurityGroupIds: [] } });
    snap.route53!.HostedZoneSummaries![second] = [{ HostedZoneId: 'Z0SECOND0VPC', Name: 'amazonaws.com.', Owner: { OwningAccount: SHARING_ACCOUNT } }];
    serve(snap, { pageSize: 2 });
    const { snapshot, stats } = await collect({ functions: [ids.functionName, 'second'], clients, spinner: false });
    expect(snapshot.route53).toEqual(snap.route53);
    expect(inputsOf('route53', 'ListHostedZonesByVPC').map((i) => `${i.VPCId} ${i.NextToken ?? '-'}`).sort()).toEqual([`${ids.vpc} -`, `${ids.vpc} 2`, `${second} -`].sort());
    expect(stats.rounds).toBe(3);
  });

  it('AccessDenied: the section is left out, the action is denied, and ses is unknown with PERMISSION_DENIED', async () => {
    serve(withPrivateZones([], withBlockers()) as Snapshot);
    mocks.route53.on(route53Sdk.ListHostedZonesByVPCCommand).rejects(accessDenied());
    const { snapshot } = await run();
    expect(snapshot.denied).toEqual(['route53:ListHostedZonesByVPC']);
    expect(snapshot.route53).toBeUndefined();
    const result = analyze(snapshot, request).functions[0]!;
    expect(result.targets[0]!.verdict).toBe('unknown');
    expect(result.findings.map((f) => f.code)).toContain('PERMISSION_DENIED');
  });

  it('denied on one VPC of two: the whole key is left out, not a partial "no zone there"', async () => {
    const snap = blockers();
    const second = 'vpc-0222222222222222b';
    snap.functions.push({ ...clone(snap.functions[0]), FunctionName: 'second', FunctionArn: `arn:aws:lambda:us-west-2:${ids.account}:function:second`, VpcConfig: { VpcId: second, SubnetIds: [], SecurityGroupIds: [] } });
    serve(snap);
    const respond = snapshotResponder(snap);
    mocks.route53.on(route53Sdk.ListHostedZonesByVPCCommand).callsFake(async (input: Record<string, unknown>) => {
      if (input.VPCId === second) throw accessDenied();
      return respond('route53', 'ListHostedZonesByVPC', input);
    });
    const { snapshot } = await collect({ functions: [ids.functionName, 'second'], clients, spinner: false });
    expect(snapshot.denied).toEqual(['route53:ListHostedZonesByVPC']);
    expect(snapshot.route53).toBeUndefined();
  });

  it('throttled after the SDK\'s retries: exit 3 with one line, not a silent gap', async () => {
    serve(blockers());
    mocks.route53.on(route53Sdk.ListHostedZonesByVPCCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 5 } }));
    await expect(run()).rejects.toThrow('AWS throttled route53:ListHostedZonesByVPC after 5 attempts');
  });

  it('a zone for the SES host collected live shadows it', async () => {
    serve(withPrivateZones([{ HostedZoneId: 'Z0SES', Name: 'email.us-west-2.amazonaws.com.', Owner: { OwningAccount: SHARING_ACCOUNT } }], withBlockers()) as Snapshot);
    const { snapshot } = await run();
    const result = analyze(snapshot, request).functions[0]!;
    expect(result.targets[0]!.verdict).toBe('unknown');
    expect(result.findings.map((f) => f.code)).toContain('DNS_PRIVATE_ZONE_SHADOWS');
  });
});

function prefixed(prefix: string, section: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(section ?? {}).map(([k, v]) => [`${prefix}.${k}`, v]));
}
