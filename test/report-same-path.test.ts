import { describe, expect, it } from 'vitest';
import type { FunctionReport, Hop, PathResult, TargetResult } from '../src/analyze/types.js';
import { renderText } from '../src/report/text.js';
import { ownHops, repeatedTargets } from '../src/report/same-path.js';
import { partialReport } from './helpers/sample-reports.js';

const h = (kind: Hop['kind'], id: string, ok: boolean | null, detail = ''): Hop => ({ kind, id, ok, detail });
const road = (nat: string, ok = true): Hop[] => [
  h('eni', 'eni-1', true, 'source 10.0.1.5'), h('security-group', 'sg-1', true), h('route-table', 'rtb-1', true),
  h('nat-gateway', nat, ok), h('internet-gateway', 'igw-1', true),
];
const path = (hops: Hop[], subnetId = 'subnet-1'): PathResult => ({
  subnetId, availabilityZone: 'us-west-2a', verdict: hops.every((x) => x.ok) ? 'reachable' : 'unreachable', hops,
});
const target = (name: string, paths: PathResult[], host?: string): TargetResult => ({
  target: name, destination: { ...(host ? { host } : { address: '0.0.0.0/0' }), port: 443, protocol: 'tcp' },
  verdict: paths.every((p) => p.verdict === 'reachable') ? 'reachable' : 'unreachable', paths,
});
const fn = (targets: TargetResult[]): FunctionReport => ({ ...structuredClone(partialReport.functions[0]!), targets });

const internet = (nat = 'nat-1', ok = false) => target('internet', [path([...road(nat, ok), h('internet', 'internet', ok)])]);
const ses = (nat = 'nat-1', ok = false) => target('ses', [path([
  h('eni', 'eni-1', true, 'source 10.0.1.5'), h('dns', 'email.us-west-2.amazonaws.com', true, 'resolves to public addresses'),
  ...road(nat, ok).slice(1), h('internet', 'email.us-west-2.amazonaws.com', ok),
])], 'email.us-west-2.amazonaws.com');

describe('repeatedTargets', () => {
  it('maps ses to internet when only the name lookup and the last hop differ', () => {
    const fr = fn([internet(), ses()]);
    expect([...repeatedTargets(fr)].map(([t, same]) => [t.target, same.target])).toEqual([['ses', 'internet']]);
    expect(ownHops(fr.targets[1]!.paths[0]!).map((x) => x.kind)).toEqual(['dns', 'internet']);
  });

  it('keeps a target apart when a hop on the way differs', () => {
    expect(repeatedTargets(fn([internet('nat-1'), ses('nat-2')])).size).toBe(0);
  });

  it('keeps a target apart when the verdicts differ', () => {
    expect(repeatedTargets(fn([internet('nat-1', true), ses('nat-1', false)])).size).toBe(0);
  });

  it('keeps a target apart when a failing name lookup decides it', () => {
    const broken = ses();
    broken.paths[0]!.hops[1]!.ok = false;
    expect(repeatedTargets(fn([internet(), broken])).size).toBe(0);
  });
});

describe('renderText: findings first, a repeated road printed once', () => {
  const fr = fn([internet(), ses()]);
  const report = { schemaVersion: 1 as const, functions: [fr] };

  it('prints the findings, each with its explain pointer, before any hop list', () => {
    const out = renderText(report, { color: false, width: 100, compact: true });
    expect(out.indexOf('Findings')).toBeGreaterThan(0);
    expect(out.indexOf('Findings')).toBeLessThan(out.indexOf('✗ internet'));
    for (const f of fr.findings) expect(out).toContain(`More: vpcdoctor explain ${f.code}`);
  });

  it('shows ses as the same hops as internet, with its own lookup and last hop', () => {
    const out = renderText(report, { color: false, width: 100, compact: true });
    const sesPart = out.slice(out.indexOf('✗ ses'));
    expect(sesPart).toContain('its subnet: the same hops as internet');
    expect(sesPart).toMatch(/✓ DNS +email\.us-west-2\.amazonaws\.com/);
    expect(sesPart).not.toContain('nat-1');
    expect(out.match(/✗ NAT gateway +nat-1/g)).toHaveLength(1);
  });

  it('--every-hop (not compact) lists every hop of both', () => {
    const out = renderText(report, { color: false, width: 100, compact: false });
    expect(out).not.toContain('the same hops as');
    expect(out.match(/✗ NAT gateway +nat-1/g)).toHaveLength(2);
  });
});
