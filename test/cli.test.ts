// The built binary, run as a user or a CI job would: exit codes, stdout, stderr.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT, vpcdoctor } from './helpers/cli.js';
import { spawn } from 'node:child_process';

const seed = ['check', 'mobile-auth-handler', '--snapshot', fixture('seed')];

function expectOneLineError(run: { code: number | null; stdout: string; stderr: string }, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n').filter((l) => !l.startsWith('(run vpcdoctor'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('vpcdoctor check --snapshot', () => {
  it('diagnoses the seed incident: the NAT gateway sits in a subnet that routes to itself', () => {
    const run = vpcdoctor(seed);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NAT_SUBNET_NO_IGW_ROUTE');
    expect(run.stdout).toContain('nat-01e3ffe9cc512d1df');
    expect(run.stderr).toBe('');
  });

  it('exits 0 on a healthy network', () => {
    const run = vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', fixture('00-healthy')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('prints the JSON report of contract §4', () => {
    const run = vpcdoctor([...seed, '--output', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.schemaVersion).toBe(1);
    const fn = report.functions[0];
    expect(fn.function.name).toBe('mobile-auth-handler');
    expect(fn.targets.map((t: { target: string }) => t.target)).toEqual(['internet', 'ses', 'rds:mobile-auth-db']);
    expect(fn.targets[0].paths[0].hops[0]).toMatchObject({ kind: 'eni', ok: true });
  });

  it('keys targets by the spec as written', () => {
    const run = vpcdoctor([...seed, '--output', 'json', '--target', 'ses-smtp', '--target', '172.31.85.200:5432']);
    const specs = JSON.parse(run.stdout).functions[0].targets.map((t: { target: string }) => t.target);
    expect(specs).toEqual(['ses-smtp', '172.31.85.200:5432']);
  });

  it('says nothing with --quiet, and still exits 1', () => {
    const run = vpcdoctor([...seed, '--quiet']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: '' });
  });

  it('renders markdown and junit', () => {
    expect(vpcdoctor([...seed, '--output', 'markdown']).stdout).toContain('```mermaid');
    expect(vpcdoctor([...seed, '--output', 'junit']).stdout).toMatch(/^<\?xml/);
  });

  it('never loads the AWS SDK in snapshot mode', () => {
    const run = vpcdoctor(seed, { nodeArgs: ['--import', join(ROOT, 'test', 'helpers', 'trace-imports.mjs')] });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('LOADED-SDK');
  });
});

describe('bad input: one line, exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-cli-'));
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, '{"vpcdoctorSnapshot": 1, "region": "us-west-2", "functions": [');
  const wrongType = join(dir, 'wrong-type.json');
  writeFileSync(wrongType, JSON.stringify({ vpcdoctorSnapshot: 1, region: 'us-west-2', functions: [], ec2: { RouteTables: {} }, rds: {} }));

  const badNacl = join(dir, 'bad-nacl.json');
  writeFileSync(badNacl, JSON.stringify({ vpcdoctorSnapshot: 1, region: 'us-west-2', functions: [], ec2: { NetworkAcls: [{ Entries: [{ RuleNumber: 100, RuleAction: 'accept', Egress: true }] }] } }));

  it.each([
    ['an unknown flag', ['check', 'f', '--bogus'], /unknown option '--bogus'/],
    ['a bad output format', [...seed, '--output', 'yaml'], /--output.*yaml/],
    ['a bad target', [...seed, '--target', 'nowhere'], /--target nowhere/],
    ['a bad port', [...seed, '--target', '10.0.0.1:99999'], /port/],
    ['an unknown database', [...seed, '--target', 'rds:nope'], /no RDS instance, cluster or proxy named nope/],
    ['an unknown function', ['check', 'nope', '--snapshot', fixture('seed')], /no function nope/],
    ['an unknown qualifier in snapshot mode', [...seed, '--qualifier', 'prod'], /no version or alias prod of mobile-auth-handler in the snapshot \(it has: \$LATEST\)/],
    ['an unknown name:qualifier in snapshot mode', ['check', 'mobile-auth-handler:7', '--snapshot', fixture('seed')], /no version or alias 7 of mobile-auth-handler/],
    ['a NACL entry that is neither allow nor deny', ['check', 'f', '--snapshot', badNacl], /bad-nacl\.json: ec2\.NetworkAcls\[0\]\.Entries\[0\]\.RuleAction: expected "allow" or "deny", got "accept"/],
    ['a misspelt VPC Block Public Access mode', ['check', 'f', '--snapshot', join(ROOT, 'fixtures', 'bad', 'bpa-mode-misspelt.json')], /bpa-mode-misspelt\.json: ec2\.VpcBlockPublicAccessOptions\.InternetGatewayBlockMode: expected a BPA mode: off, block-bidirectional or block-ingress, got "block-bidirectonal"/],
    ['a missing snapshot file', ['check', 'f', '--snapshot', join(dir, 'missing.json')], /missing\.json/],
    ['a truncated snapshot', ['check', 'f', '--snapshot', truncated], /truncated\.json.*JSON/],
    ['a wrong type in a snapshot', ['check', 'f', '--snapshot', wrongType], /ec2\.RouteTables: expected an array/],
    ['no function at all', ['check', '--snapshot', fixture('seed')], /at least one function/],
    ['an unknown finding code', ['explain', 'NOPE'], /no finding code NOPE/],
    ['--fix on a snapshot without --dry-run', [...seed, '--fix'], /--fix with --snapshot can only plan and prove/],
    ['--yes without --fix', [...seed, '--yes'], /--dry-run, --yes, --nat-per-az and --via go with --fix/],
    ['--via without --fix', [...seed, '--via', 'endpoint'], /--dry-run, --yes, --nat-per-az and --via go with --fix/],
    ['an unknown --via', [...seed, '--fix', '--dry-run', '--via', 'vpn'], /--via.*vpn.*nat, endpoint, regional-nat/],
    ['--nat-per-az with --via regional-nat', [...seed, '--fix', '--dry-run', '--nat-per-az', '--via', 'regional-nat'], /--nat-per-az .* does not go with --via regional-nat/],
    ['undo of a missing journal', ['undo', join(dir, 'nope.json'), '--region', 'us-west-2'], /nope\.json/],
    ['--journal without --fix', [...seed, '--journal', dir], /--journal goes with --fix/],
  ])('%s', (_name, args, pattern) => {
    expectOneLineError(vpcdoctor(args as string[]), 2, pattern as RegExp);
  });
});

describe('a reader that stops early (| head)', () => {
  it.each([
    [['--help'], 0],
    [['check', 'mobile-auth-handler', '--snapshot', fixture('seed')], 1],
  ])('vpcdoctor %j: no EPIPE trace, the run\'s own exit code', async (args, code) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    child.stdout.destroy(); // the pipe is closed before vpcdoctor writes to it
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exit = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(exit).toBe(code);
  });
});

describe('vpcdoctor explain', () => {
  it('prints one code\'s page', () => {
    const run = vpcdoctor(['explain', 'NAT_NO_PUBLIC_IP']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NAT_NO_PUBLIC_IP');
    expect(run.stdout).toMatch(/aws ec2 describe-nat-gateways/);
  });

  it('lists every code', () => {
    const run = vpcdoctor(['explain']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ROUTE_BLACKHOLE');
    expect(run.stdout).toContain('SG_INGRESS_DENIED');
  });
});

describe('vpcdoctor graph', () => {
  it.each(['dot', 'mermaid'])('prints a %s graph of the seed', (format) => {
    const run = vpcdoctor(['graph', 'mobile-auth-handler', '--format', format, '--snapshot', fixture('seed')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nat-01e3ffe9cc512d1df');
  });
});

describe('vpcdoctor check --fix --dry-run --snapshot (plan and prove offline)', () => {
  it('plans a NAT gateway in a new public subnet for the seed VPC and proves it on the model', () => {
    const run = vpcdoctor([...seed, '--fix', '--dry-run', '--output', 'json']);
    expect(run.code).toBe(1);
    const plan = JSON.parse(run.stdout).functions[0].plan;
    expect(plan.proved).toBe(true);
    expect(plan.refused).toBeNull();
    const actions = plan.steps.map((s: { action: string }) => s.action);
    expect(actions).toEqual(expect.arrayContaining(['CreateSubnet', 'AllocateAddress', 'CreateNatGateway', 'ReplaceRoute']));
    expect(actions.indexOf('ReplaceRoute')).toBeGreaterThan(actions.lastIndexOf('CreateNatGateway'));
  });

  it('shows the plan after the report in text', () => {
    const run = vpcdoctor([...seed, '--fix', '--dry-run']);
    expect(run.stdout).toMatch(/Repair plan, \d+ steps \(proved on the model\)/);
  });

  it('--via endpoint --target ses: an interface endpoint, no NAT gateway, with the options priced', () => {
    const run = vpcdoctor([...seed, '--target', 'ses', '--fix', '--dry-run', '--via', 'endpoint', '--output', 'json']);
    const plan = JSON.parse(run.stdout).functions[0].plan;
    expect(plan.proved).toBe(true);
    expect(plan.steps.map((s: { action: string }) => s.action)).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'CreateVpcEndpoint', 'WaitVpcEndpointAvailable']);
    expect(plan.monthlyUsd).toBe(14.6);
    expect(plan.alternatives.join('\n')).toMatch(/--via regional-nat .*\$73\.00\/month.*works for ses/);
  });

  it('--via endpoint refuses the internet target and shows the NAT options in text', () => {
    const run = vpcdoctor([...seed, '--fix', '--dry-run', '--via', 'endpoint']);
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/No safe plan: --via endpoint: internet is not an AWS service endpoint/);
    expect(text).toMatch(/Options: - chosen: --via endpoint .*: no safe plan - one zonal NAT gateway \(the default; --via nat\): 9 steps, \$36\.50\/month/);
  });

  it('refuses, saying why, when no safe plan exists', () => {
    const run = vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', fixture('06-vpc-no-igw'), '--fix', '--dry-run', '--output', 'json']);
    const plan = JSON.parse(run.stdout).functions[0].plan;
    expect(plan.refused).toMatch(/internet gateway/);
  });
});

describe('live mode without credentials', () => {
  it('exits 3 with one line that says what to do', () => {
    const home = mkdtempSync(join(tmpdir(), 'vpcdoctor-home-'));
    const run = vpcdoctor(['check', 'mobile-auth-handler', '--region', 'us-west-2', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/credentials/i);
  });
});

describe('several functions in one run', () => {
  /** The fixture with a second function, reports-worker, a copy of the first (its subnets changed by `subnets`). */
  function withSecondFunction(name: string, subnets?: string[]): string {
    const snapshot = JSON.parse(readFileSync(fixture(name), 'utf8'));
    const second = structuredClone(snapshot.functions[0]);
    second.FunctionName = 'reports-worker';
    second.FunctionArn = second.FunctionArn.replace('mobile-auth-handler', 'reports-worker');
    if (subnets) second.VpcConfig.SubnetIds = subnets;
    snapshot.functions.push(second);
    const file = join(mkdtempSync(join(tmpdir(), 'vpcdoctor-multi-')), 'two.json');
    writeFileSync(file, JSON.stringify(snapshot));
    return file;
  }

  it('reports each, and exits with the worst verdict', () => {
    const file = withSecondFunction('00-healthy', ['subnet-0a7c3e5f9d1b2a401']);
    const run = vpcdoctor(['check', 'mobile-auth-handler', 'reports-worker', '--snapshot', file, '--output', 'json', '--target', 'internet']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.functions.map((f: { function: { name: string }; verdict: string }) => [f.function.name, f.verdict]))
      .toEqual([['mobile-auth-handler', 'reachable'], ['reports-worker', 'unreachable']]);
    expect(vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', file, '--target', 'internet', '--quiet']).code).toBe(0);
    const all = vpcdoctor(['check', '--all', '--snapshot', file, '--output', 'json', '--target', 'internet']);
    expect(JSON.parse(all.stdout).functions).toHaveLength(2);
  });

  it('--fix: a second plan that would change the same route tables is refused, naming the first', () => {
    const file = withSecondFunction('seed');
    const run = vpcdoctor(['check', 'mobile-auth-handler', 'reports-worker', '--snapshot', file, '--fix', '--dry-run', '--output', 'json', '--target', 'internet']);
    const [first, second] = JSON.parse(run.stdout).functions.map((f: { plan: { refused: string | null; proved?: boolean } }) => f.plan);
    expect(first.refused).toBeNull();
    expect(first.proved).toBe(true);
    expect(second.proved).toBeUndefined();
    expect(second.refused).toMatch(/^the plan for mobile-auth-handler changes route table rtb-e8780b93, route table rtb-0cfe79f929a6b41a4 too: apply that one first, then check reports-worker again/);
  });
});
