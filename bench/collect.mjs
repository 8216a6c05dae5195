// Collects the healthy seed network (fixtures/make/base.mjs) and the hub and spoke behind a transit
// gateway (fixtures/make/transit.mjs) through aws-sdk-client-mock with a fixed latency on every call,
// and prints calls, rounds and wall time for each. Run after `npm run build`:
//   node bench/collect.mjs [latency-ms=40] [runs=5]
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as nfwSdk from '@aws-sdk/client-network-firewall';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as route53Sdk from '@aws-sdk/client-route-53';
import * as resolverSdk from '@aws-sdk/client-route53resolver';
import { mockClient } from 'aws-sdk-client-mock';
import { healthySnapshot, ids } from '../fixtures/make/base.mjs';
import { withBlockers } from '../fixtures/make/blockers.mjs';
import { hubSnapshot } from '../fixtures/make/transit.mjs';
import { collect, createClients } from '../dist/collect/index.js';
import { REPLAY_ACTIONS, snapshotResponder } from '../dist/collect/replay.js';

const latency = Number(process.argv[2] ?? 40);
const runs = Number(process.argv[3] ?? 5);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const clients = await createClients({ region: ids.region });
const modules = { lambda: lambdaSdk, ec2: ec2Sdk, rds: rdsSdk, networkFirewall: nfwSdk, route53Resolver: resolverSdk, route53: route53Sdk };

async function measure(name, snapshot) {
  const respond = snapshotResponder(snapshot);
  const mocks = Object.keys(modules).map((service) => {
    const mock = mockClient(clients[service]);
    mock.onAnyCommand().rejects(new Error('unmocked'));
    for (const action of REPLAY_ACTIONS[service]) {
      mock.on(modules[service][`${action}Command`]).callsFake(async (input) => {
        await sleep(latency);
        return respond(service, action, input);
      });
    }
    return mock;
  });
  const results = [];
  for (let i = 0; i < runs; i++) {
    const { stats } = await collect({ functions: [ids.functionName], clients, spinner: false });
    results.push(stats);
  }
  for (const mock of mocks) mock.restore();
  const times = results.map((s) => s.ms).sort((a, b) => a - b);
  const { calls, rounds } = results[0];
  console.log(`fixture: ${name}`);
  console.log(`latency per call: ${latency} ms`);
  console.log(`calls: ${calls}`);
  console.log(`rounds: ${rounds}`);
  console.log(`wall time: median ${times[Math.floor(times.length / 2)]} ms, min ${times[0]} ms, max ${times.at(-1)} ms over ${runs} runs`);
  console.log(`rounds x latency: ${rounds * latency} ms; calls x latency (sequential): ${calls * latency} ms`);
}

// The seed as older snapshots hold it (no blocker sections: the endpoint answers those calls as not implemented).
await measure(`healthy seed (${ids.functionName}, ${ids.vpc})`, healthySnapshot());
console.log('');
await measure('hub and spoke: transit gateway to an egress VPC', hubSnapshot());
console.log('');
// The seed with BPA, DHCP options, a Network Firewall, DNS Firewall, Resolver rules and an RDS proxy.
await measure('healthy seed with every blocker section', withBlockers());
