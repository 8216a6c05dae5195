// Live check and `check --snapshot` of the snapshot it wrote give the same report: for every
// fixture, aws-sdk-client-mock serves the fixture's responses, collect records a snapshot, and
// both the collected and the original snapshot are analysed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { collectSnapshot, createClients } from '../src/collect/index.js';
import { REPLAY_ACTIONS, snapshotResponder, type Service } from '../src/collect/replay.js';
import { parseSnapshot } from '../src/snapshot/read.js';

const MODULES = { lambda: lambdaSdk, ec2: ec2Sdk, rds: rdsSdk, networkFirewall: nfwSdk, route53Resolver: resolverSdk, route53: route53Sdk } as Record<Service, Record<string, unknown>>;
const root = join(import.meta.dirname, '..', 'fixtures');
const folders = readdirSync(root).filter((name) => existsSync(join(root, name, 'expected.json'))).sort();

describe('live collect round trip', () => {
  it.each(folders)('%s', async (folder) => {
    const expected = JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
    const original = parseSnapshot(readFileSync(join(root, folder, 'snapshot.json'), 'utf8'), folder);
    const clients = await createClients({ region: original.region });
    const respond = snapshotResponder(original, { pageSize: 3 });
    const services = Object.keys(MODULES) as Service[];
    const mocks = services.map((service) => {
      const mock = mockClient(clients[service]!);
      mock.onAnyCommand().rejects(new Error('unmocked call'));
      for (const action of REPLAY_ACTIONS[service]) {
        mock.on(MODULES[service][`${action}Command`] as never).callsFake(async (input: Record<string, unknown>) => respond(service, action, input));
      }
      return mock;
    });
    try {
      const collected = await collectSnapshot({ functions: [expected.function], clients, spinner: false, region: original.region });
      const request = { functions: [expected.function], targets: expected.targets };
      expect(analyze(collected, request)).toEqual(analyze(original, request));
    } finally {
      for (const mock of mocks) mock.restore();
    }
  });
});
