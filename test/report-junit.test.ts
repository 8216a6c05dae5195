import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/analyze/types.js';
import { renderJunit } from '../src/report/junit.js';
import { SAMPLES, multiReport, nastyReport, notInVpcReport, partialReport, unknownReport } from './helpers/sample-reports.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', htmlEntities: true, parseAttributeValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});
const parse = (xml: string) => parser.parse(xml).testsuites as Node & { testsuite: (Node & { testcase: Node[] })[] };

/** What the verdicts say the counts must be: a case per path (per target when it has none). */
function expected(report: Report) {
  return report.functions.map((fr) => {
    const verdicts = fr.targets.flatMap((t) => (t.paths.length > 0 ? t.paths.map((p) => p.verdict) : [t.verdict]));
    return {
      tests: verdicts.length,
      failures: verdicts.filter((v) => v === 'unreachable' || v === 'partial').length,
      errors: verdicts.filter((v) => v === 'unknown').length,
    };
  });
}

describe('renderJunit', () => {
  it.each(SAMPLES)('%s: well-formed, and its counts match the verdicts', (_name, report) => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const root = parse(xml);
    const want = expected(report);
    expect(root.testsuite).toHaveLength(report.functions.length);
    root.testsuite.forEach((s, i) => {
      const w = want[i]!;
      expect(s['@_name']).toBe(report.functions[i]!.function.name);
      expect([Number(s['@_tests']), Number(s['@_failures']), Number(s['@_errors'])]).toEqual([w.tests, w.failures, w.errors]);
      expect(s.testcase).toHaveLength(w.tests);
      expect(s.testcase.filter((c) => 'failure' in c)).toHaveLength(w.failures);
      expect(s.testcase.filter((c) => 'error' in c)).toHaveLength(w.errors);
      for (const c of s.testcase) expect(c['@_classname']).toBe(report.functions[i]!.function.name);
    });
    const sum = (k: 'tests' | 'failures' | 'errors') => want.reduce((n, w) => n + w[k], 0);
    expect([Number(root['@_tests']), Number(root['@_failures']), Number(root['@_errors'])])
      .toEqual([sum('tests'), sum('failures'), sum('errors')]);
  });

  it('names a case target @ subnet (AZ) and fails the broken one with CODE: message, hops and the fix', () => {
    const cases = parse(renderJunit(partialReport)).testsuite[0]!.testcase;
    expect(cases.map((c) => c['@_name'])).toEqual([
      'internet @ subnet-0a1b2c3d4e5f60001 (us-west-2a)', 'internet @ subnet-0a1b2c3d4e5f60002 (us-west-2b)',
      'ses @ subnet-0a1b2c3d4e5f60001 (us-west-2a)', 'ses @ subnet-0a1b2c3d4e5f60002 (us-west-2b)',
      'rds:mobile-auth-db @ subnet-0a1b2c3d4e5f60001 (us-west-2a)', 'rds:mobile-auth-db @ subnet-0a1b2c3d4e5f60002 (us-west-2b)',
    ]);
    const failure = cases[3]!.failure as Node;
    expect(failure['@_type']).toBe('NAT_NO_PUBLIC_IP');
    expect(failure['@_message']).toBe(`NAT_NO_PUBLIC_IP: ${partialReport.functions[0]!.findings[0]!.message}`);
    const body = String(failure['#text']);
    expect(body).toContain('✗ NAT gateway nat-0a1b2c3d4e5f60002');
    expect(body).toContain('Fix: Allocate an Elastic IP');
    expect('failure' in cases[2]!).toBe(false);
  });

  it('reports an unknown path as an error naming what could not be read', () => {
    const cases = parse(renderJunit(unknownReport)).testsuite[0]!.testcase;
    const error = cases[0]!.error as Node;
    expect(error['@_type']).toBe('PERMISSION_DENIED');
    expect(String(error['@_message'])).toMatch(/^PERMISSION_DENIED: ec2:DescribeNetworkAcls was denied/);
    expect((cases[1]!.failure as Node)['@_type']).toBe('SG_INGRESS_DENIED');
  });

  it('gives a target checked through no subnet one case named after the target', () => {
    const cases = parse(renderJunit(notInVpcReport)).testsuite[0]!.testcase;
    expect(cases.map((c) => c['@_name'])).toEqual(['internet', '10.3.4.5:5432']);
    expect((cases[1]!.failure as Node)['@_type']).toBe('FUNCTION_NOT_IN_VPC');
  });

  it('escapes names, messages and bodies so they parse back unchanged (control characters dropped)', () => {
    const xml = renderJunit(nastyReport);
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parse(xml).testsuite[0]!;
    expect(suite['@_name']).toBe('auth "edge" <fn> & #1');
    const failure = suite.testcase[1]!.failure as Node;
    const msg = nastyReport.functions[0]!.findings[0]!.message.replace(/[\u0001\u001b]/g, '');
    expect(failure['@_message']).toBe(`NAT_NO_PUBLIC_IP: ${msg}`);
    expect(String(failure['#text'])).toContain('a "quoted" <tag> & #35; | `tick`');
  });

  it('has one suite per function in a multi-function report', () => {
    expect(parse(renderJunit(multiReport)).testsuite.map((s) => s['@_name']))
      .toEqual(multiReport.functions.map((f) => f.function.name));
  });
});
