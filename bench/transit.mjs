#!/usr/bin/env node
// Times the transit gateway hop as its route tables grow (run `npm run build` first).
//
//   node bench/transit.mjs [--iterations N]
//
// The hub-and-spoke fixture (fixtures/make/transit.mjs) with R extra routes in each of the two
// transit gateway route tables (specific /24s to the egress attachment and, in the egress table,
// to the spoke), for R = 1,000 … 32,000: analyze() for internet and ses from both subnets. The walk
// looks each table up once per path, so the time should grow linearly with R (ms per 1,000 routes
// roughly constant). Prints median and p90 milliseconds per analysis.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ids } from '../fixtures/make/base.mjs';
import { hubSnapshot, tgw } from '../fixtures/make/transit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--iterations');
const ITERATIONS = at >= 0 ? Number(process.argv[at + 1]) : 30;
const engine = join(root, 'dist', 'analyze', 'index.js');

function withRoutes(count) {
  const snap = hubSnapshot();
  const routes = snap.ec2.TransitGatewayRoutes;
  for (let i = 0; i < count; i++) {
    const cidr = `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;
    const type = i % 3 === 0 ? 'propagated' : 'static';
    routes[tgw.spokeRtb].push({ DestinationCidrBlock: cidr, Type: type, State: i % 50 === 0 ? 'blackhole' : 'active',
      TransitGatewayAttachments: [{ ResourceId: tgw.vpc, TransitGatewayAttachmentId: tgw.egressAttach, ResourceType: 'vpc' }] });
    routes[tgw.egressRtb].push({ DestinationCidrBlock: cidr, Type: type, State: 'active',
      TransitGatewayAttachments: [{ ResourceId: ids.vpc, TransitGatewayAttachmentId: tgw.appAttach, ResourceType: 'vpc' }] });
  }
  return snap;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] };
}

async function main() {
  console.log(`vpcdoctor transit bench — node ${process.version}`);
  if (!existsSync(engine)) {
    console.log('dist/ is missing: run `npm run build` first. Nothing timed.');
    return;
  }
  const { analyze } = await import(pathToFileURL(engine).href);
  const request = { functions: [ids.functionName], targets: ['internet', 'ses'] };
  for (const count of [1000, 2000, 4000, 8000, 16000, 32000]) {
    const snap = withRoutes(count);
    const verdict = analyze(snap, request).functions[0].verdict;
    for (let i = 0; i < 3; i++) analyze(snap, request);
    const samples = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const start = performance.now();
      analyze(snap, request);
      samples.push(performance.now() - start);
    }
    const { median: m, p90 } = median(samples);
    console.log(`${String(count).padStart(6)} routes per TGW table  median ${m.toFixed(2).padStart(8)} ms   p90 ${p90.toFixed(2).padStart(8)} ms   ${(m / (count / 1000)).toFixed(3)} ms per 1,000 routes   (${verdict})`);
  }
}

await main();
