#!/usr/bin/env node
// Times the analysis (run `npm run build` first: this imports the compiled engine from dist/).
//
//   node bench/analyze.mjs [--iterations N] [--cli-runs N]
//
// 1. analyze() on fixtures/seed/snapshot.json, many iterations;
// 2. analyze() on a generated large VPC (200 subnets, 200 route tables, 2,000 ENIs, 500 security
//    groups, 20 network ACLs) for the seed function and for a function spread over 12 subnets;
// 3. the whole CLI, `node bin/vpcdoctor.js check mobile-auth-handler --snapshot fixtures/seed/snapshot.json`,
//    spawned end to end.
// Prints median (and p90) milliseconds per analysis. No dependencies beyond Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { healthySnapshot, ids } from '../fixtures/make/base.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : fallback;
};
const ITERATIONS = option('--iterations', 2000);
const LARGE_ITERATIONS = Math.max(5, Math.round(ITERATIONS / 40));
const CLI_RUNS = option('--cli-runs', 10);

// BENCH_DIST=/path/to/other/dist times another build (a "before" figure) with the same networks.
const dist = process.env.BENCH_DIST ?? join(root, 'dist');
const engine = join(dist, 'analyze', 'index.js');
const reader = join(dist, 'snapshot', 'read.js');
const seedPath = join(root, 'fixtures', 'seed', 'snapshot.json');

// ---- figures ----

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

function report(label, samples) {
  const s = stats(samples);
  console.log(`${label.padEnd(58)} median ${fmt(s.median).padStart(8)} ms   p90 ${fmt(s.p90).padStart(8)} ms   (n=${s.n}, min ${fmt(s.min)}, max ${fmt(s.max)})`);
}

function time(fn, iterations, warmup = Math.min(50, Math.ceil(iterations / 10))) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

// ---- a large synthetic VPC around the healthy snapshot ----

/** Deterministic pseudo-random numbers (mulberry32), so every run times the same network. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n, width = 17) => n.toString(16).padStart(width, '0');

export function largeSnapshot({ subnets = 200, enis = 2000, groups = 500, acls = 20 } = {}) {
  const random = prng(20261127);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const snap = healthySnapshot();
  const { ec2 } = snap;
  const zones = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

  // Security groups: a few rules each, some referencing other groups, some to CIDRs.
  const groupIds = [];
  for (let g = 0; g < groups; g++) {
    const id = `sg-${hex(g)}`;
    groupIds.push(id);
    const port = pick([443, 5432, 3306, 6379, 8080, 22]);
    ec2.SecurityGroups.push({
      GroupId: id, GroupName: `synthetic-${g}`, VpcId: ids.vpc, OwnerId: ids.account, Description: 'synthetic',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: `10.${g % 250}.0.0/16` }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: groupIds.length > 1 ? [{ GroupId: pick(groupIds) }] : [] },
        { IpProtocol: 'tcp', FromPort: 1024, ToPort: 65535, IpRanges: [{ CidrIp: ids.vpcCidr }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
      ],
      IpPermissionsEgress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
        { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: ids.vpcCidr }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
      ],
      Tags: [],
    });
  }

  // Network ACLs: 20 rules per direction ahead of an allow-all, then the default deny.
  const aclIds = [];
  for (let a = 0; a < acls; a++) {
    const id = `acl-${hex(a)}`;
    aclIds.push(id);
    const entries = [];
    for (const egress of [true, false]) {
      for (let r = 1; r <= 20; r++) {
        const from = Math.floor(random() * 60000);
        entries.push({ RuleNumber: r * 10, Egress: egress, RuleAction: r % 3 === 0 ? 'allow' : 'deny', Protocol: '6', PortRange: { From: from, To: from + 5 }, CidrBlock: `192.168.${r}.0/24` });
      }
      entries.push({ RuleNumber: 1000, Egress: egress, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
      entries.push({ RuleNumber: 32767, Egress: egress, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
    }
    ec2.NetworkAcls.push({ NetworkAclId: id, VpcId: ids.vpc, IsDefault: false, Entries: entries, Associations: [], Tags: [], OwnerId: ids.account });
  }

  // Subnets: equal blocks of 172.31.128.0/17 (/25s up to 256 subnets, smaller beyond), each with its own route table and one of the ACLs.
  const prefix = Math.max(25, 17 + Math.ceil(Math.log2(subnets)));
  const blockSize = 2 ** (32 - prefix);
  const subnetIds = [];
  for (let s = 0; s < subnets; s++) {
    const id = `subnet-${hex(s)}`;
    subnetIds.push(id);
    const offset = (128 << 8) + s * blockSize;
    const cidr = `172.31.${offset >> 8}.${offset & 255}/${prefix}`;
    const az = zones[s % zones.length];
    ec2.Subnets.push({
      SubnetId: id, VpcId: ids.vpc, CidrBlock: cidr, AvailabilityZone: az, AvailabilityZoneId: `usw2-az${(s % 3) + 1}`,
      AvailableIpAddressCount: 100, State: 'available', DefaultForAz: false, MapPublicIpOnLaunch: false, OwnerId: ids.account,
    });
    const rtb = `rtb-${hex(s)}`;
    const routes = [{ DestinationCidrBlock: ids.vpcCidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
    for (let r = 0; r < 15; r++) routes.push({ DestinationCidrBlock: `10.${r}.${s % 250}.0/24`, VpcPeeringConnectionId: `pcx-${hex(r)}`, Origin: 'CreateRoute', State: 'active' });
    routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: s % 2 === 0 ? ids.natA : ids.natB, Origin: 'CreateRoute', State: 'active' });
    ec2.RouteTables.push({
      RouteTableId: rtb, VpcId: ids.vpc, Routes: routes, PropagatingVgws: [], Tags: [], OwnerId: ids.account,
      Associations: [{ Main: false, RouteTableAssociationId: `rtbassoc-${hex(s)}`, RouteTableId: rtb, SubnetId: id, AssociationState: { State: 'associated' } }],
    });
    const acl = ec2.NetworkAcls.find((x) => x.NetworkAclId === aclIds[s % aclIds.length]);
    acl.Associations.push({ NetworkAclAssociationId: `aclassoc-${hex(s)}`, NetworkAclId: acl.NetworkAclId, SubnetId: id });
  }

  // Network interfaces spread over the subnets.
  for (let e = 0; e < enis; e++) {
    const s = e % subnets;
    const subnet = ec2.Subnets.find((x) => x.SubnetId === subnetIds[s]);
    const [a, b, c, d] = subnet.CidrBlock.split('/')[0].split('.').map(Number);
    const host = d + 4 + (Math.floor(e / subnets) % (blockSize - 5));
    const ip = `${a}.${b}.${c}.${host}`;
    ec2.NetworkInterfaces.push({
      NetworkInterfaceId: `eni-${hex(e)}`, SubnetId: subnet.SubnetId, VpcId: ids.vpc, AvailabilityZone: subnet.AvailabilityZone,
      InterfaceType: pick(['interface', 'interface', 'lambda', 'nat_gateway']), Description: 'synthetic', PrivateIpAddress: ip,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip }], Groups: [{ GroupId: pick(groupIds) }, { GroupId: pick(groupIds) }],
      Status: 'in-use', RequesterManaged: false, OwnerId: ids.account,
    });
  }

  // A second function spread over 12 of the synthetic subnets with 5 groups.
  const wide = structuredClone(snap.functions[0]);
  wide.FunctionName = 'wide-handler';
  wide.FunctionArn = wide.FunctionArn.replace(ids.functionName, 'wide-handler');
  wide.VpcConfig = { SubnetIds: subnetIds.filter((_, i) => i % 17 === 0).slice(0, 12), SecurityGroupIds: [ids.lambdaSg, ...groupIds.slice(0, 4)], VpcId: ids.vpc };
  snap.functions.push(wide);
  return snap;
}

// ---- main ----

async function main() {
  console.log(`vpcdoctor bench — node ${process.version}, ${process.platform}/${process.arch}`);
  if (!existsSync(engine) || !existsSync(reader)) {
    console.log(`dist/ is missing or incomplete (${existsSync(engine) ? reader : engine} not found): run \`npm run build\` first. Nothing timed.`);
    return;
  }
  const { analyze } = await import(pathToFileURL(engine).href);
  const { parseSnapshot } = await import(pathToFileURL(reader).href);

  // 1. The seed fixture.
  const seedText = readFileSync(seedPath, 'utf8');
  const seed = parseSnapshot(seedText, 'fixtures/seed/snapshot.json');
  const seedFunction = seed.functions[0]?.FunctionName ?? ids.functionName;
  report(`analyze seed (${seedFunction}, default targets)`, time(() => analyze(seed, { functions: [seedFunction] }), ITERATIONS));
  report('parse + analyze seed (from JSON text)', time(() => analyze(parseSnapshot(seedText, 'seed'), { functions: [seedFunction] }), ITERATIONS));

  // 2. The large synthetic VPC.
  const started = performance.now();
  const large = largeSnapshot();
  const built = performance.now() - started;
  const { ec2 } = large;
  console.log(`large VPC: ${ec2.Subnets.length} subnets, ${ec2.RouteTables.length} route tables, ${ec2.NetworkInterfaces.length} ENIs, ` +
    `${ec2.SecurityGroups.length} security groups, ${ec2.NetworkAcls.length} ACLs (${JSON.stringify(large).length.toLocaleString('en')} bytes JSON, built in ${fmt(built)} ms)`);
  const largeParsed = parseSnapshot(JSON.stringify(large), 'large');
  report(`analyze large VPC (${ids.functionName}, 2 subnets)`, time(() => analyze(largeParsed, { functions: [ids.functionName] }), LARGE_ITERATIONS, 3));
  report('analyze large VPC (wide-handler, 12 subnets, 5 groups)', time(() => analyze(largeParsed, { functions: ['wide-handler'] }), LARGE_ITERATIONS, 3));
  // The issue's scale figures: 500 subnets / 2,000 groups, and 4x that; growth should be no worse than linear.
  for (const scale of [1, 4]) {
    const big = parseSnapshot(JSON.stringify(largeSnapshot({ subnets: 500 * scale, enis: 5000 * scale, groups: 2000 * scale, acls: 50 * scale })), 'scale');
    report(`analyze ${500 * scale}-subnet / ${2000 * scale}-group VPC (wide-handler, 12 subnets)`, time(() => analyze(big, { functions: ['wide-handler'] }), Math.max(3, Math.round(LARGE_ITERATIONS / (2 * scale))), 1));
  }
  const targets = ['internet', 'ses', 'ses-smtp', 'aws:s3', 'aws:sts', `rds:${ids.db}`, '172.31.130.5:443', '8.8.8.8:53'];
  report(`analyze large VPC (wide-handler, ${targets.length} targets)`, time(() => analyze(largeParsed, { functions: ['wide-handler'], targets }), LARGE_ITERATIONS, 3));

  // 3. The CLI end to end.
  const bin = join(root, 'bin', 'vpcdoctor.js');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    console.log('CLI: dist/cli/main.js is missing (run `npm run build`): not timed.');
    return;
  }
  const cliArgs = [bin, 'check', ids.functionName, '--snapshot', seedPath];
  const samples = [];
  let last;
  for (let i = 0; i < CLI_RUNS; i++) {
    const start = performance.now();
    last = spawnSync(process.execPath, cliArgs, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    samples.push(performance.now() - start);
    if (last.error) {
      console.log(`CLI: could not spawn: ${last.error.message}`);
      return;
    }
  }
  report(`CLI: vpcdoctor check ${ids.functionName} --snapshot seed (wall)`, samples);
  // Exit 1 is expected (the seed network is broken); 2 or a crash means the CLI did not run the check.
  if (last.status !== 0 && last.status !== 1 && last.status !== 3) {
    console.log(`CLI exited ${last.status}${last.signal ? ` (${last.signal})` : ''}: ${(last.stderr || last.stdout).trim().split('\n').slice(0, 5).join(' | ')}`);
  } else {
    console.log(`CLI exit code ${last.status}`);
  }
}

await main();
