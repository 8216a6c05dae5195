import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/report/text.js';
import { wrap } from '../src/report/wrap.js';
import { SAMPLES, multiReport, partialReport, reachableReport, unknownReport } from './helpers/sample-reports.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
// Terminal columns: a CJK character or an emoji takes two.
const width = (line: string) => stringWidth(line.replace(ANSI, ''));

describe('renderText', () => {
  it('prints a header with VPC, subnets with AZs and security groups', () => {
    const out = renderText(partialReport, { color: false });
    expect(out).toContain('Function mobile-auth-handler — ◐ partly reachable');
    expect(out).toMatch(/VPC +vpc-0a1b2c3d4e5f60001/);
    expect(out).toMatch(/subnet-0a1b2c3d4e5f60001 +us-west-2a +10\.0\.1\.0\/24/);
    expect(out).toMatch(/subnet-0a1b2c3d4e5f60002 +us-west-2b/);
    expect(out).toMatch(/Security groups +sg-0a1b2c3d4e5f60001/);
  });

  it('gives one verdict line per target with its destination', () => {
    const out = renderText(partialReport, { color: false });
    expect(out).toContain('◐ internet  0.0.0.0/0:443 — partly reachable (1 of 2 subnets)');
    expect(out).toMatch(/◐ ses {2}email\.us-west-2\.amazonaws\.com:443 — partly reachable/);
    expect(out).toMatch(/✓ rds:mobile-auth-db\s+mobile-auth-db\.c9akciq32abc\.us-west-2\.rds\.amazonaws\.com:5432 — reachable/);
    expect(renderText(reachableReport, { color: false })).toContain('✓ internet  0.0.0.0/0:443 — reachable');
    expect(renderText(unknownReport, { color: false })).toContain('? internet  0.0.0.0/0:443 — unknown');
  });

  it('lists hops per subnet and highlights the breaking hop with its code', () => {
    const lines = renderText(partialReport, { color: false }).split('\n');
    const path = lines.findIndex((l) => l.includes('✗ subnet-0a1b2c3d4e5f60002 (us-west-2b): unreachable'));
    expect(path).toBeGreaterThan(0);
    const nat = lines.findIndex((l, i) => i > path && /✗ NAT gateway +nat-0a1b2c3d4e5f60002/.test(l));
    expect(nat).toBeGreaterThan(path);
    expect(lines.slice(nat + 1, nat + 4).join('\n')).toContain('↳ NAT_NO_PUBLIC_IP');
    expect(lines.slice(path, nat).every((l) => !l.includes('✗ ') || l === lines[path])).toBe(true);
    expect(lines.filter((l) => l.includes('✓ internet gateway')).length).toBe(4); // the path goes on past the NAT
  });

  it('marks an unknown hop and says what could not be analysed', () => {
    const out = renderText(unknownReport, { color: false });
    expect(out).toMatch(/\? network ACL +acl-0a1b2c3d4e5f60021 +ec2:DescribeNetworkAcls was\s+denied/);
    expect(out).toContain('↳ PERMISSION_DENIED');
    expect(out).toContain('↳ SG_INGRESS_DENIED');
  });

  it('groups findings by severity, each with a Fix line', () => {
    const out = renderText(partialReport, { color: false });
    const errors = out.indexOf('Errors (1)');
    const warnings = out.indexOf('Warnings (1)');
    const info = out.indexOf('Info (1)');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(info).toBeGreaterThan(warnings);
    expect(out.slice(errors, warnings)).toContain('NAT_NO_PUBLIC_IP');
    expect(out.slice(errors, warnings)).toContain('Fix: Allocate an Elastic IP');
    expect(out.match(/Fix: /g)).toHaveLength(3);
  });

  it('ends each function with a one-line summary', () => {
    expect(renderText(partialReport, { color: false, width: 200 }).trimEnd().split('\n').at(-1))
      .toBe('mobile-auth-handler: 2 of 3 targets partly reachable — blocked by NAT_NO_PUBLIC_IP.');
    expect(renderText(reachableReport, { color: false, width: 200 }).trimEnd().split('\n').at(-1))
      .toBe('orders-api: all 3 targets reachable from both subnets.');
    expect(renderText(unknownReport, { color: false, width: 200 })).toContain(
      'billing-worker: 2 of 2 targets not reachable (1 unreachable, 1 unknown) — blocked by SG_INGRESS_DENIED; not analysed: PERMISSION_DENIED.');
  });

  it('renders every function of a report', () => {
    const out = renderText(multiReport, { color: false });
    for (const fr of multiReport.functions) expect(out).toContain(`Function ${fr.function.name} — `);
  });

  it.each(SAMPLES)('%s: no ANSI codes without colour; some with it', (_name, report) => {
    expect(renderText(report, { color: false })).not.toMatch(ANSI);
    expect(renderText(report, { color: true })).toMatch(ANSI);
    expect(renderText(report, { color: true }).replace(ANSI, '')).toBe(renderText(report, { color: false }));
  });

  it.each(SAMPLES.flatMap(([name, r]) => [40, 60, 80, 120].map((w) => [name, w, r] as const)))(
    '%s at %i columns: no line is wider', (_name, w, report) => {
      for (const color of [false, true]) {
        const long = renderText(report, { color, width: w }).split('\n').filter((l) => width(l) > w);
        expect(long).toEqual([]);
      }
    });

  it('is deterministic', () => {
    expect(renderText(multiReport, { color: true })).toBe(renderText(multiReport, { color: true }));
  });
});

describe('wrap', () => {
  it('breaks at spaces, keeps inner runs of spaces and hard-splits long words', () => {
    expect(wrap('a bb  ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrap('x  y', 10)).toEqual(['x  y']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
  });
});
