#!/usr/bin/env node
// Start-up cost of the built CLI, side by side with `node -e 0` in one run (run `npm run build` first).
//
//   node bench/startup.mjs [--runs N]
//
// Each round spawns every command once, in turn, so drift in the machine's load hits all of them
// alike. Prints the median wall time of each and its excess over `node -e 0`, with the issue's limits
// (--version and explain: 0.05 s over; a check of the seed snapshot: 0.10 s over). Where /usr/bin/time
// exists it also prints the CPU time (user + system), which a loaded machine disturbs far less.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--runs');
const RUNS = at >= 0 ? Number(process.argv[at + 1]) : 21;
const bin = join(root, 'bin', 'vpcdoctor.js');
const seed = join(root, 'fixtures', 'seed', 'snapshot.json');

const commands = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'vpcdoctor --version', args: [bin, '--version'], limit: 50 },
  { label: 'vpcdoctor explain NAT_NO_PUBLIC_IP', args: [bin, 'explain', 'NAT_NO_PUBLIC_IP'], limit: 50 },
  { label: 'vpcdoctor check (seed snapshot)', args: [bin, 'check', 'mobile-auth-handler', '--snapshot', seed], limit: 100 },
  { label: 'vpcdoctor check (seed snapshot) --output json', args: [bin, 'check', 'mobile-auth-handler', '--snapshot', seed, '--output', 'json'], limit: 100 },
];

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(mkdtempSync(join(tmpdir(), 'vpcdoctor-bench-')), 'cpu');
const samples = commands.map(() => []);
const cpu = commands.map(() => []);
for (let round = 0; round < RUNS + 2; round++) {
  commands.forEach((command, i) => {
    const start = performance.now();
    const [file, args] = timeBin ? [timeBin, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...command.args]] : [process.execPath, command.args];
    const run = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const ms = performance.now() - start;
    if (timeBin && round >= 2) {
      const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      cpu[i].push((user + system) * 1000);
    }
    if (run.status !== 0 && run.status !== 1) throw new Error(`${command.label}: exit ${run.status}\n${run.stderr}`);
    if (round >= 2) samples[i].push(ms); // the first two rounds warm the file cache
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples[0]);
const cpuBase = timeBin ? median(cpu[0]) : 0;
console.log(`node ${process.version}, ${RUNS} rounds, medians`);
commands.forEach((command, i) => {
  const m = median(samples[i]);
  const over = m - base;
  const verdict = command.limit === undefined ? '' : `  (limit +${command.limit} ms: ${over <= command.limit ? 'within' : 'OVER'})`;
  const cpuText = timeBin ? `   cpu ${median(cpu[i]).toFixed(0).padStart(4)} ms${i === 0 ? '' : ` (+${(median(cpu[i]) - cpuBase).toFixed(0)})`}` : '';
  console.log(`${command.label.padEnd(46)} ${m.toFixed(1).padStart(7)} ms   ${i === 0 ? ''.padEnd(22) : `+${over.toFixed(1)} ms over node -e 0`.padEnd(22)}${cpuText}${verdict}`);
});
