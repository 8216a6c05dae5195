#!/usr/bin/env node
// A large snapshot checked end to end (run `npm run build` first).
//
//   node bench/validate.mjs [--mb 20] [--runs 7]
//
// Writes a snapshot of about 20 MB (the healthy fixture with thousands of security groups and ENIs
// added), then times, side by side in each round:
//   - `node -e` reading the file and JSON.parse-ing it (the floor: no vpcdoctor at all);
//   - `vpcdoctor check --snapshot FILE --output json` (read, parse, validate, model, analyse, render).
// and, in this process, JSON.parse alone against parse + the reader's validation (parseSnapshot).
// The goal of issue 12 is the CLI at most 1.6x the node -e floor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { healthySnapshot, ids } from '../fixtures/make/base.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const MB = option('--mb', 20);
const RUNS = option('--runs', 7);

const snapshot = healthySnapshot();
const { SecurityGroups: groups, NetworkInterfaces: enis } = snapshot.ec2;
const [group, eni] = [groups[0], enis[0]];
for (let i = 0; JSON.stringify(snapshot).length < MB * 1e6; i += 500) {
  for (let k = i; k < i + 500; k++) {
    groups.push({ ...structuredClone(group), GroupId: `sg-${k.toString(16).padStart(17, '0')}` });
    enis.push({ ...structuredClone(eni), NetworkInterfaceId: `eni-${k.toString(16).padStart(17, '0')}`, PrivateIpAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
  }
}
const text = JSON.stringify(snapshot);
const file = join(mkdtempSync(join(tmpdir(), 'vpcdoctor-validate-')), 'large.json');
writeFileSync(file, text);
console.log(`snapshot: ${(text.length / 1e6).toFixed(1)} MB, ${groups.length} security groups, ${enis.length} ENIs`);

const floor = ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`];
const cli = [join(root, 'bin', 'vpcdoctor.js'), 'check', ids.functionName, '--snapshot', file, '--output', 'json'];
const timed = (args) => {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`exit ${run.status}: ${run.stderr}`);
  return performance.now() - start;
};
const floorMs = [];
const cliMs = [];
for (let round = 0; round < RUNS + 1; round++) {
  const [f, c] = [timed(floor), timed(cli)];
  if (round > 0) { floorMs.push(f); cliMs.push(c); }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [f, c] = [median(floorMs), median(cliMs)];
console.log(`node -e read + JSON.parse              ${f.toFixed(0).padStart(6)} ms`);
console.log(`vpcdoctor check --snapshot (end to end) ${c.toFixed(0).padStart(6)} ms   ${(c / f).toFixed(2)}x the floor (goal <= 1.6x)`);

const { parseSnapshot } = await import(pathToFileURL(join(root, 'dist', 'snapshot', 'read.js')).href);
const inProcess = (fn) => {
  const samples = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = performance.now();
    fn();
    if (i > 0) samples.push(performance.now() - start);
  }
  return median(samples);
};
const parseOnly = inProcess(() => JSON.parse(text));
const parseAndCheck = inProcess(() => parseSnapshot(text, 'large.json'));
console.log(`in process: JSON.parse ${parseOnly.toFixed(0)} ms, parseSnapshot (parse + validate) ${parseAndCheck.toFixed(0)} ms: validation ${(parseAndCheck - parseOnly).toFixed(0)} ms`);
