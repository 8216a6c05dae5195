// Collection of the blockers (issue 9): BPA, DHCP options, RDS Proxy, Network Firewall, Route 53
// Resolver, through aws-sdk-client-mock serving a snapshot (src/collect/replay.ts): the same rounds,
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
import { blockerIds, withBlockers } from '../fixtures/make/blockers.mjs';
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
const blockers = (): Snapshot => withBlockers() as Snapshot;
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
    // Only the firewalls of the VPC are described; an AWS-managed domain list is never listed.
    expect(inputsOf('networkFirewall', 'DescribeFirewall')).toEqual([{ FirewallArn: blockerIds.firewallArn }]);
    expect(inputsOf('route53Resolver', 'ListFirewallDomains').map((i) => i.FirewallDomainListId)).not.toContain(blockerIds.managedDomainList);
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
    const present = (s: Snapshot) => ({ ...s.ec2, ...s.rds, ...prefixed('nfw', s.networkFirewall), ...prefixed('dns', s.route53Resolver) });
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

function prefixed(prefix: string, section: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(section ?? {}).map(([k, v]) => [`${prefix}.${k}`, v]));
}
