// The gate's comparison with a baseline, on hand-made reports: what counts as a regression.
import { describe, expect, it } from 'vitest';
import type { Finding, PathVerdict, Report } from '../src/analyze/types.js';
import { compareToBaseline, gateExitCode, thresholdExitCode } from '../src/diff/baseline.js';

function report(paths: Record<string, PathVerdict>, findings: Partial<Finding>[] = []): Report {
  return {
    schemaVersion: 1,
    functions: [{
      function: { name: 'fn', arn: '', vpcId: 'vpc-1', subnetIds: Object.keys(paths), securityGroupIds: [] },
      verdict: 'reachable',
      targets: [{ target: 'internet', destination: { port: 443, protocol: 'tcp' }, verdict: 'reachable',
        paths: Object.entries(paths).map(([subnetId, verdict]) => ({ subnetId, availabilityZone: 'az', verdict, hops: [] })) }],
      findings: findings.map((f) => ({ code: 'NO_ROUTE', severity: 'error', resourceIds: ['rtb-1'], targets: [], subnetIds: [], message: '', remediation: '', ...f }) as Finding),
    }],
  };
}

describe('compareToBaseline', () => {
  it('a path that was reachable and is not now is a regression; one broken before is not', () => {
    const c = compareToBaseline(report({ 'subnet-a': 'reachable', 'subnet-b': 'unreachable' }), report({ 'subnet-a': 'unreachable', 'subnet-b': 'unreachable' }));
    expect(c.regressions).toEqual([{ function: 'fn', target: 'internet', subnetId: 'subnet-a', before: 'reachable', after: 'unreachable' }]);
    expect(gateExitCode(c, 'error')).toBe(1);
    expect(gateExitCode(c, 'never')).toBe(0);
  });

  it('a new subnet that is broken counts; a new one that works does not', () => {
    const c = compareToBaseline(report({ 'subnet-a': 'reachable' }), report({ 'subnet-a': 'reachable', 'subnet-b': 'unknown', 'subnet-c': 'reachable' }));
    expect(c.regressions.map((r) => [r.subnetId, r.before])).toEqual([['subnet-b', 'absent']]);
  });

  it('only new findings count, keyed by code and resources; warnings fail only at --fail-on warning', () => {
    const old = report({ 'subnet-a': 'reachable' }, [{ code: 'NO_ROUTE' }]);
    const now = report({ 'subnet-a': 'reachable' }, [{ code: 'NO_ROUTE' }, { code: 'NAT_CROSS_AZ', severity: 'warning', resourceIds: ['nat-1'] }]);
    const c = compareToBaseline(old, now);
    expect(c.newFindings.map((n) => n.finding.code)).toEqual(['NAT_CROSS_AZ']);
    expect(gateExitCode(c, 'error')).toBe(0);
    expect(gateExitCode(c, 'warning')).toBe(1);
  });

  it('without a baseline, --fail-on warning turns a clean exit with warnings into 1', () => {
    const r = report({ 'subnet-a': 'reachable' }, [{ code: 'NAT_CROSS_AZ', severity: 'warning' }]);
    expect(thresholdExitCode(r, 0, 'error')).toBe(0);
    expect(thresholdExitCode(r, 0, 'warning')).toBe(1);
    expect(thresholdExitCode(r, 3, 'never')).toBe(0);
  });
});
