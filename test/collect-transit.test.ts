// Transit gateway collection against aws-sdk-client-mock serving the hub-and-spoke fixture: the
// egress VPC behind the transit gateway is read in the same three rounds, pages are followed, and a
// denied or other-account part becomes data (denied / absent), so the hop is unknown, never blocked.
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs fixture builder
import { ids } from '../fixtures/make/base.mjs';
// @ts-expect-error -- a plain .mjs fixture builder
import { hubSnapshot, tgw } from '../fixtures/make/transit.mjs';
import { analyze } from '../src/analyze/index.js';
import { type AwsClients, collect, createClients } from '../src/collect/index.js';
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
  mocks = Object.fromEntries(SERVICES.map((s) => [s, mockClient(clients[s]!)])) as typeof mocks;
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
const run = () => collect({ functions: [ids.functionName], clients, now: () => new Date('2026-11-27T20:00:00Z'), spinner: false });
const inputsOf = (action: string) => mocks.ec2.commandCalls(MODULES.ec2[`${action}Command`] as never).map((c) => (c.args[0] as { input: Record<string, unknown> }).input);
const hub = (): Snapshot => hubSnapshot() as Snapshot;
const internetVerdicts = (snapshot: Snapshot) => analyze(snapshot, { functions: [ids.functionName], targets: ['internet'] }).functions[0]!.targets[0]!;

describe('transit gateway collection', () => {
  it('reads attachments, both route tables and the egress VPC in three rounds', async () => {
    serve(hub());
    const { snapshot, stats } = await run();
    expect(stats.rounds).toBe(3);
    const want = hub().ec2;
    expect(snapshot.ec2.TransitGatewayVpcAttachments).toEqual(want.TransitGatewayVpcAttachments);
    expect(snapshot.ec2.TransitGatewayRoutes).toEqual(want.TransitGatewayRoutes);
    expect(snapshot.ec2.TransitGatewayAttachments?.map((a) => a.TransitGatewayAttachmentId).sort()).toEqual([tgw.appAttach, tgw.egressAttach].sort());
    for (const key of ['Subnets', 'RouteTables', 'NatGateways', 'InternetGateways', 'NetworkAcls'] as const) {
      const inEgress = (items: { VpcId?: string; Attachments?: { VpcId?: string }[] }[] | undefined) =>
        (items ?? []).filter((i) => i.VpcId === tgw.vpc || i.Attachments?.some((a) => a.VpcId === tgw.vpc));
      expect(inEgress(snapshot.ec2[key] as never), key).toEqual(inEgress(want[key] as never));
    }
    expect(inputsOf('SearchTransitGatewayRoutes').map((i) => i.TransitGatewayRouteTableId).sort()).toEqual([tgw.egressRtb, tgw.spokeRtb].sort());
    expect(inputsOf('SearchTransitGatewayRoutes')[0]!.Filters).toEqual([{ Name: 'state', Values: ['active', 'blackhole'] }]);
    expect(internetVerdicts(snapshot).verdict).toBe('reachable');
  });

  it('follows pages of every transit gateway call to the same data', async () => {
    serve(hub(), { pageSize: 1 });
    const { snapshot, stats } = await run();
    expect(stats.rounds).toBe(3);
    expect(snapshot.ec2.TransitGatewayRoutes).toEqual(hub().ec2.TransitGatewayRoutes);
    expect(inputsOf('DescribeTransitGatewayVpcAttachments').map((i) => i.NextToken)).toEqual([undefined, '1']);
    expect(internetVerdicts(snapshot).verdict).toBe('reachable');
  });

  it('AccessDenied on SearchTransitGatewayRoutes: key absent, action denied, the hop unknown, never blocked', async () => {
    serve({ ...hub(), denied: ['ec2:SearchTransitGatewayRoutes'] });
    const { snapshot } = await run();
    expect(snapshot.ec2).not.toHaveProperty('TransitGatewayRoutes');
    expect(snapshot.denied).toContain('ec2:SearchTransitGatewayRoutes');
    const result = internetVerdicts(snapshot);
    expect(result.verdict).toBe('unknown');
    expect(result.paths.every((p) => p.hops.every((h) => h.ok !== false))).toBe(true);
  });

  it('another account\'s route tables (NotFound) and VPC (empty): unknown with that reason', async () => {
    const snap = hub();
    snap.ec2.TransitGatewayRoutes = {};
    snap.ec2.Vpcs = snap.ec2.Vpcs!.filter((v) => v.VpcId !== tgw.vpc);
    snap.ec2.Subnets = snap.ec2.Subnets!.filter((s) => s.VpcId !== tgw.vpc);
    serve(snap);
    const { snapshot, stats } = await run();
    expect(stats.rounds).toBeLessThanOrEqual(3);
    expect(snapshot.denied).toBeUndefined();
    const report = analyze(snapshot, { functions: [ids.functionName], targets: ['internet'] }).functions[0]!;
    expect(report.targets[0]!.verdict).toBe('unknown');
    expect(report.findings.map((f) => f.code)).toContain('TGW_PEER_NOT_VISIBLE');
  });
});

describe('--peer-profile', () => {
  it('reads the network account in the same rounds: associations, routes and the egress VPC', async () => {
    // @ts-expect-error -- a plain .mjs fixture builder
    const { accountParts } = await import('../fixtures/make/transit.mjs');
    const { app, network } = accountParts() as { app: Snapshot; network: Snapshot };
    serve(app);
    const peer = (await createClients({ region: 'us-west-2' })).ec2;
    const peerMock = mockClient(peer);
    peerMock.onAnyCommand().rejects(new Error('unmocked'));
    const respond = snapshotResponder(network);
    for (const action of REPLAY_ACTIONS.ec2) {
      peerMock.on(MODULES.ec2[`${action}Command`] as never).callsFake(async (input: Record<string, unknown>) => respond('ec2', action, input));
    }
    try {
      const alone = await run();
      expect(internetVerdicts(alone.snapshot).verdict).toBe('unknown');
      const { snapshot, stats } = await collect({ functions: [ids.functionName], clients, peerEc2: [peer], now: () => new Date('2026-11-27T20:00:00Z'), spinner: false });
      expect(stats.rounds).toBe(3);
      expect(snapshot.ec2.TransitGatewayRoutes).toEqual(network.ec2.TransitGatewayRoutes);
      expect(snapshot.ec2.TransitGatewayAttachments?.find((a) => a.TransitGatewayAttachmentId === tgw.appAttach)?.Association?.TransitGatewayRouteTableId).toBe(tgw.spokeRtb);
      expect(snapshot.denied).toBeUndefined();
      expect(internetVerdicts(snapshot).verdict).toBe('reachable');
    } finally {
      peerMock.restore();
    }
  });
});
