// Several accounts: the application account alone cannot see the transit gateway's route tables or
// the egress VPC (unknown, never blocked); merged with the network account's snapshot the path is
// analysed end to end. Conflicting descriptions of one id are an input error naming both files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { mergeSnapshots } from '../src/snapshot/merge.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { ROOT, vpcdoctor } from './helpers/cli.js';

const dir = join(ROOT, 'fixtures', 'tgw-two-accounts-merged');
const APP = join(dir, 'app.json');
const NETWORK = join(dir, 'network.json');
const read = (file: string): Snapshot => parseSnapshot(readFileSync(file, 'utf8'), file);
const request = { functions: ['mobile-auth-handler'], targets: ['internet', 'ses'] };
const tmp = mkdtempSync(join(tmpdir(), 'vpcdoctor-merge-'));
const write = (name: string, value: unknown): string => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('merge', () => {
  it('the application account alone: the transit gateway path is unknown with the reason, nothing blocked', () => {
    const report = analyze(read(APP), request).functions[0]!;
    expect(report.targets.map((t) => t.verdict)).toEqual(['unknown', 'unknown']);
    expect(report.findings.map((f) => f.code)).toContain('TGW_PEER_NOT_VISIBLE');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the union of both accounts analyses as the whole hub does', () => {
    const merged = mergeSnapshots([{ file: APP, snapshot: read(APP) }, { file: NETWORK, snapshot: read(NETWORK) }]);
    const whole = read(join(dir, 'snapshot.json'));
    expect(analyze(merged, request)).toEqual(analyze(whole, request));
    expect(analyze(merged, request).functions[0]!.verdict).toBe('reachable');
  });

  it('vpcdoctor merge writes the union; several --snapshot flags analyse it directly', () => {
    const out = join(tmp, 'all.json');
    const merged = vpcdoctor(['merge', APP, NETWORK, '-o', out]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', out, '-q']).code).toBe(0);
    expect(vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', APP, '--snapshot', NETWORK, '-q']).code).toBe(0);
    expect(vpcdoctor(['check', 'mobile-auth-handler', '--snapshot', APP, '-q']).code).toBe(3);
  });

  it('one id described differently in two files: exit 2, one line naming both files', () => {
    const network = read(NETWORK);
    const app = read(APP);
    const stale = { ...network, ec2: { ...network.ec2, RouteTables: [...network.ec2.RouteTables!, { ...app.ec2.RouteTables![0]!, Routes: [] }] } };
    const file = write('stale-network.json', stale);
    const run = vpcdoctor(['merge', APP, file, '-o', join(tmp, 'x.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(APP);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain(app.ec2.RouteTables![0]!.RouteTableId);
  });

  it('snapshots of two Regions, or a single file: exit 2', () => {
    const other = write('eu.json', { ...read(NETWORK), region: 'eu-west-1' });
    const run = vpcdoctor(['merge', APP, other, '-o', join(tmp, 'y.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/us-west-2.*eu-west-1/);
    expect(vpcdoctor(['merge', APP, '-o', join(tmp, 'z.json')]).code).toBe(2);
  });

  it('a call denied in one account and answered in the other is data, not a denial', () => {
    const app = { ...read(APP), denied: ['ec2:SearchTransitGatewayRoutes'] };
    delete (app.ec2 as Record<string, unknown>).TransitGatewayRoutes;
    const merged = mergeSnapshots([{ file: 'app', snapshot: app }, { file: 'net', snapshot: read(NETWORK) }]);
    expect(merged.denied).toBeUndefined();
    expect(analyze(merged, request).functions[0]!.verdict).toBe('reachable');
    const alone = mergeSnapshots([{ file: 'app', snapshot: app }, { file: 'app2', snapshot: { ...read(NETWORK), ec2: {}, functions: [] } }]);
    expect(alone.denied).toEqual(['ec2:SearchTransitGatewayRoutes']);
  });

  // The sections issue 9 added (Network Firewall, Route 53 Resolver, Route 53, RDS Proxy, BPA) were
  // dropped by merge before: a DNS Firewall block or a firewall drop read as reachable once merged.
  const fixture = (name: string): Snapshot => read(join(ROOT, 'fixtures', name, 'snapshot.json'));
  const older = (snapshot: Snapshot): Snapshot => {
    const { networkFirewall: _f, route53Resolver: _r, route53: _z, ...rest } = structuredClone(snapshot);
    return rest as Snapshot;
  };
  it.each(['30-dns-firewall-blocks-ses', '12-network-firewall-denylist-ses', '30-dns-private-zone-shared-ses-host', '31-rds-proxy-sg-not-admitted-by-db', '29-bpa-bidirectional-no-exclusion'])(
    '%s merged with an older snapshot of the same account analyses as the fixture does', (name) => {
      const snapshot = fixture(name);
      const merged = mergeSnapshots([{ file: 'older', snapshot: older(snapshot) }, { file: name, snapshot }]);
      const want = analyze(snapshot, { functions: ['mobile-auth-handler'] });
      expect(analyze(merged, { functions: ['mobile-auth-handler'] })).toEqual(want);
    });

  it('a Route 53 Resolver or Route 53 call denied in one account stays denied: another account\'s lists say nothing of the first\'s', () => {
    const denied = fixture('30-dns-resolver-rules-denied');
    // A network account that could list its Resolver rules, and was denied Route 53 itself.
    const rules = fixture('30-dns-forward-rule-amazonaws').route53Resolver!.ResolverRules;
    const network = { vpcdoctorSnapshot: 1 as const, region: denied.region, functions: [], ec2: {}, rds: {}, route53Resolver: { ResolverRules: rules }, denied: ['route53:ListHostedZonesByVPC'] };
    const merged = mergeSnapshots([{ file: 'a', snapshot: denied }, { file: 'b', snapshot: network }]);
    expect(merged.route53Resolver?.ResolverRules).toEqual(rules);
    expect(merged.denied).toEqual(['route53:ListHostedZonesByVPC', 'route53resolver:ListResolverRules']);
    const ses = analyze(merged, { functions: ['mobile-auth-handler'], targets: ['ses'] }).functions[0]!;
    expect(ses.verdict).toBe('unknown');
  });
});
