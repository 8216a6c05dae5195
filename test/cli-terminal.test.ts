// The built binary as a terminal user or a CI log sees it: colour, width, explain, suggestions.
import { describe, expect, it } from 'vitest';
import { fixture, vpcdoctor } from './helpers/cli.js';

const seed = ['check', 'mobile-auth-handler', '--snapshot', fixture('seed')];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('colour: --color, FORCE_COLOR, NO_COLOR', () => {
  it.each([
    ['nothing set, not a terminal', [], {}, false],
    ['--color always (a CI log)', ['--color', 'always'], {}, true],
    ['--color always beats NO_COLOR', ['--color', 'always'], { NO_COLOR: '1' }, true],
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1', NO_COLOR: '' }, true],
    ['FORCE_COLOR (empty)', [], { FORCE_COLOR: '', NO_COLOR: '' }, true],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0', NO_COLOR: '' }, false],
    ['FORCE_COLOR=1 beats NO_COLOR, as in Node', [], { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['--color never beats FORCE_COLOR', ['--color', 'never'], { FORCE_COLOR: '1' }, false],
    ['--no-color beats FORCE_COLOR', ['--no-color'], { FORCE_COLOR: '1' }, false],
    ['--color auto, not a terminal', ['--color', 'auto'], { NO_COLOR: '' }, false],
  ] as const)('%s', (_name, args, env, coloured) => {
    const run = vpcdoctor([...seed, ...args], { env: { ...env } });
    expect(run.code).toBe(1);
    expect(ANSI.test(run.stdout)).toBe(coloured);
    expect(run.stderr).toBe('');
  });

  it('refuses a bad --color value in one line, exit 2', () => {
    const run = vpcdoctor([...seed, '--color', 'sometimes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--color.*sometimes.*auto, always, never/);
  });

  it('colours explain the same way', () => {
    expect(vpcdoctor(['explain', 'NAT_CROSS_AZ', '--color', 'always']).stdout).toMatch(ANSI);
    expect(vpcdoctor(['explain', 'NAT_CROSS_AZ']).stdout).not.toMatch(ANSI);
  });
});

describe('-q and -v', () => {
  it('-q prints nothing and keeps the exit code', () => {
    expect(vpcdoctor([...seed, '-q'])).toMatchObject({ code: 1, stdout: '', stderr: '' });
  });
  it('-v is --verbose (accepted in snapshot mode, where no AWS call is made)', () => {
    expect(vpcdoctor([...seed, '-v', '-q']).code).toBe(1);
  });
});

describe('explain', () => {
  it('ends with a newline and wraps at COLUMNS', () => {
    const run = vpcdoctor(['explain', 'NAT_CROSS_AZ'], { env: { COLUMNS: '50' } });
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const prose = run.stdout.split('\n').filter((l) => !/^ {2}\$ | {8}/.test(l));
    for (const line of prose) expect(line.length, line).toBeLessThanOrEqual(50);
    expect(run.stdout).not.toContain('`');
    expect(vpcdoctor(['explain']).stdout.endsWith('\n')).toBe(true);
  });

  it('accepts any case and dashes', () => {
    expect(vpcdoctor(['explain', 'nat-cross-az']).stdout).toContain('Code:     NAT_CROSS_AZ');
  });

  it.each([
    ['NAT_NO_PUBLICIP', 'NAT_NO_PUBLIC_IP'],
    ['sg_egres_denied', 'SG_EGRESS_DENIED'],
  ])('suggests the nearest code for %s', (typo, code) => {
    const run = vpcdoctor(['explain', typo]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`did you mean ${code}?`);
  });

  it('suggests nothing for a word that is no near miss', () => {
    const run = vpcdoctor(['explain', 'BANANA']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('did you mean');
  });
});

describe('one wrapper for report and plan', () => {
  it.each([60, 80, 120])('at COLUMNS=%i no line of the report or the repair plan is wider', (columns) => {
    const run = vpcdoctor([...seed, '--fix', '--dry-run'], { env: { COLUMNS: String(columns) } });
    expect(run.stdout).toContain('Repair plan, 9 steps');
    const long = run.stdout.split('\n').filter((l) => [...l].length > columns);
    expect(long).toEqual([]);
  });
});

describe('check: what is wrong first', () => {
  it('prints the findings with explain pointers before the hop lists, and ses once', () => {
    const out = vpcdoctor(seed).stdout;
    expect(out.indexOf('Findings')).toBeLessThan(out.indexOf('✗ internet'));
    expect(out).toContain('More: vpcdoctor explain NAT_SUBNET_NO_IGW_ROUTE');
    const ses = out.slice(out.indexOf('✗ ses'), out.indexOf('rds:mobile-auth-db'));
    expect(ses).toContain('both subnets: the same hops as internet');
    expect(ses).not.toContain('rtb-e8780b93');
  });

  it('--every-hop still shows every hop of ses', () => {
    const out = vpcdoctor([...seed, '--every-hop']).stdout;
    const ses = out.slice(out.indexOf('✗ ses'), out.indexOf('rds:mobile-auth-db'));
    expect(ses).toContain('rtb-e8780b93');
    expect(ses).not.toContain('the same hops as');
  });
});

describe('--target: case-insensitive where AWS is, a typo gets the nearest spec', () => {
  const targets = (args: string[]) => JSON.parse(vpcdoctor([...seed, '--output', 'json', ...args]).stdout).functions[0].targets;

  it('SES, Internet, AWS:STS, an upper-case host and RDS id resolve as their lower-case forms, keyed as written', () => {
    const upper = targets(['--target', 'SES', '--target', 'Internet', '--target', 'RDS:MOBILE-AUTH-DB', '--target', 'EMAIL.us-west-2.amazonaws.com:443']);
    const lower = targets(['--target', 'ses', '--target', 'internet', '--target', 'rds:mobile-auth-db', '--target', 'email.us-west-2.amazonaws.com:443']);
    expect(upper.map((t: { target: string }) => t.target)).toEqual(['SES', 'Internet', 'RDS:MOBILE-AUTH-DB', 'EMAIL.us-west-2.amazonaws.com:443']);
    expect(upper.map((t: { verdict: string }) => t.verdict)).toEqual(lower.map((t: { verdict: string }) => t.verdict));
    expect(upper[0].destination).toEqual(lower[0].destination);
  });

  it.each([
    ['sse', 'ses'], ['internt', 'internet'], ['ses-smpt', 'ses-smtp'], ['rds:mobile-auth', 'rds:mobile-auth-db'],
  ])('%s: one line, exit 2, did you mean %s?', (typo, spec) => {
    const run = vpcdoctor([...seed, '--target', typo]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`(did you mean ${spec}?)`);
  });

  it('suggests nothing for a spec that is no near miss', () => {
    const run = vpcdoctor([...seed, '--target', 'nowhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('did you mean');
  });
});

describe('graph: one lane per subnet, warnings on the edge', () => {
  const graph = (format: string) => vpcdoctor(['graph', 'mobile-auth-handler', '--snapshot', fixture('seed'), '--format', format]).stdout;

  it('mermaid: a subgraph per subnet, NAT_CROSS_AZ on the thick edge into the shared NAT gateway of the us-west-2b lane', () => {
    const text = graph('mermaid');
    expect(text).toMatch(/subgraph lane_subnet_b94c40f2 \["subnet-b94c40f2 \(us-west-2a\)"\]/);
    expect(text).toMatch(/subgraph lane_subnet_d6e605ae \["subnet-d6e605ae \(us-west-2b\)"\]/);
    expect(text).toMatch(/subnet_d6e605ae_route_table_rtb_0cfe79f929a6b41a4 ==>\|"! NAT_CROSS_AZ"\| subnet_d6e605ae_nat_gateway_nat_01e3ffe9cc512d1df/);
    expect(text).toMatch(/linkStyle \d+(,\d+)* stroke:#b26a00/);
  });

  it('dot: a cluster per subnet and the warning as an edge label', () => {
    const text = graph('dot');
    expect(text).toContain('subgraph cluster_lane_subnet_d6e605ae {');
    // A host under "internet" is a double box: a double circle grew to the width of the name.
    expect(text).toContain('[label="internet\\nemail.us-west-2.amazonaws.com", shape=box, peripheries=2');
    expect(text).toMatch(/-> subnet_d6e605ae_nat_gateway_nat_01e3ffe9cc512d1df \[color=darkgoldenrod, penwidth=2, label="! NAT_CROSS_AZ"/);
  });
});
