// Findings' fixes on every fixture: the rules whose fix names resources write it with the real ids
// of the snapshot (no rtb-ID, nat-ID, igw-ID…), the right verb for the route, and never tell anyone
// to route a function subnet's table to the internet gateway. `explain` keeps marked placeholders.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { FindingCode } from '../src/analyze/codes.js';
import type { Finding, Report } from '../src/analyze/types.js';
import { NetworkModel } from '../src/model/network.js';
import { PLACEHOLDER } from '../src/analyze/rules/remedy.js';
import { renderExplain } from '../src/report/explain.js';
import { renderJson } from '../src/report/json.js';
import { renderSarif } from '../src/report/sarif.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';

/** Rules whose fix names resources the analysis knows: their findings must carry no placeholder. */
const CONCRETE: FindingCode[] = [
  'NO_ROUTE', 'ROUTE_BLACKHOLE', 'NAT_SUBNET_NO_IGW_ROUTE', 'SUBNET_ROUTES_TO_IGW', 'NAT_CROSS_AZ', 'NAT_NOT_AVAILABLE',
  'NAT_NO_PUBLIC_IP', 'NAT_PRIVATE', 'IGW_NOT_ATTACHED', 'PEERING_NO_INTERNET', 'NACL_EGRESS_DENIED', 'NACL_RETURN_DENIED',
  'VPC_DNS_DISABLED', 'ENDPOINT_PRIVATE_DNS_OFF', 'ENDPOINT_NO_SUBNET_IN_AZ', 'DB_OTHER_VPC_NO_PATH', 'NACL_EPHEMERAL_PARTIAL',
  'ENDPOINT_NOT_AVAILABLE', 'ENDPOINT_WRONG_SERVICE', 'TGW_RETURN_ROUTE_MISSING', 'FIREWALL_NOT_READY_IN_AZ', 'DNS_FIREWALL_BLOCKS',
  'TGW_ROUTE_BLACKHOLE', 'TGW_NO_ROUTE', 'RDS_PROXY_OTHER_VPC',
];
const ID = /(?<![\w-])(?:rslvr-frg|rslvr-fdl|tgw-rtb|rtb|nat|igw|eigw|subnet|vpc|vpce|acl|rtbassoc|pcx|sg|tgw|tgw-attach)-[0-9a-f]{8,17}\b/g;

const root = join(import.meta.dirname, '..', 'fixtures');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'expected.json')))
  .map((d) => d.name).sort();

function load(folder: string): { snapshot: Snapshot; report: Report } {
  const expected = JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
  const snapshot = parseSnapshot(readFileSync(join(root, folder, 'snapshot.json'), 'utf8'), folder);
  return { snapshot, report: analyze(snapshot, { functions: [expected.function], targets: expected.targets }) };
}

const findingsOf = (report: Report): Finding[] => report.functions.flatMap((f) => f.findings);

/** The tables of every Lambda subnet of the snapshot: none of them may be sent to an internet gateway. */
function functionTables(snapshot: Snapshot): Set<string> {
  const model = new NetworkModel(snapshot);
  const subnets = new Set([
    ...(snapshot.lambda?.Functions ?? []).flatMap((f) => f.VpcConfig?.SubnetIds ?? []),
    ...(snapshot.ec2.NetworkInterfaces ?? []).filter((n) => n.InterfaceType === 'lambda').map((n) => n.SubnetId ?? ''),
  ]);
  return new Set([...subnets].map((s) => model.routeTableOf(s)?.RouteTableId).filter((t): t is string => !!t));
}

describe('remediation text on the fixtures', () => {
  const seen = new Set<FindingCode>();

  it.each(folders)('%s: concrete fixes name real ids, and no fix routes a function subnet to the internet gateway', (folder) => {
    const { snapshot, report } = load(folder);
    const text = JSON.stringify(snapshot);
    const tables = functionTables(snapshot);
    const json = renderJson(report);
    const sarif = renderSarif(report);
    for (const finding of findingsOf(report)) {
      const fix = finding.remediation;
      for (const m of fix.matchAll(/(?:create|replace)-route --route-table-id (\S+) --destination-cidr-block \S+ --gateway-id igw-/g)) {
        expect(tables.has(m[1]!), `${folder} ${finding.code}: ${fix}`).toBe(false);
      }
      if (!CONCRETE.includes(finding.code)) continue;
      seen.add(finding.code);
      expect(fix, `${folder} ${finding.code}`).not.toMatch(PLACEHOLDER);
      const ids = [...fix.matchAll(ID)].map((m) => m[0]);
      expect(ids.length, `${folder} ${finding.code}: ${fix}`).toBeGreaterThan(0);
      for (const id of ids) expect(text, `${folder} ${finding.code} names ${id}, which is not in the snapshot`).toContain(`"${id}"`);
      expect(json).toContain(JSON.stringify(fix).slice(1, -1));
      expect(sarif).toContain(JSON.stringify(fix).slice(1, -1));
    }
  });

  it('covers every concrete rule on some fixture', () => {
    for (const folder of folders) for (const f of findingsOf(load(folder).report)) seen.add(f.code);
    expect(CONCRETE.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('uses replace-route for a route that exists and create-route for one that does not', () => {
    const blackhole = findingsOf(load('04-route-blackhole').report).find((f) => f.code === 'ROUTE_BLACKHOLE')!;
    expect(blackhole.remediation).toMatch(/aws ec2 replace-route --route-table-id rtb-e8780b93 --destination-cidr-block 0\.0\.0\.0\/0 --nat-gateway-id "\$NAT"/);
    expect(blackhole.remediation).toMatch(/create-nat-gateway --subnet-id subnet-0a7c3e5f9d1b2a401/);
    const missing = findingsOf(load('08-no-default-route').report).find((f) => f.code === 'NO_ROUTE')!;
    expect(missing.remediation).toMatch(/aws ec2 create-route --route-table-id rtb-e8780b93 --destination-cidr-block 0\.0\.0\.0\/0 --nat-gateway-id nat-01e3ffe9cc512d1df/);
  });

  it("a NAT gateway in the function's own subnet: no internet gateway route for that table, a new NAT gateway elsewhere instead", () => {
    const finding = findingsOf(load('05-nat-subnet-routes-to-itself').report).find((f) => f.code === 'NAT_SUBNET_NO_IGW_ROUTE')!;
    expect(finding.remediation).toMatch(/^Do not add an internet gateway route there: rtb-e8780b93 is the function's own route table/);
    expect(finding.remediation).not.toMatch(/--gateway-id igw-/);
    expect(finding.remediation).toMatch(/create-nat-gateway --subnet-id subnet-0a7c3e5f9d1b2a401/);
  });

  it('firewall, DNS Firewall, transit gateway and proxy fixes: the verb the state needs, with the ids the finding knows', () => {
    const fix = (folder: string, code: FindingCode) => findingsOf(load(folder).report).find((f) => f.code === code)!.remediation;
    const arn = 'arn:aws:network-firewall:us-west-2:123456789012:firewall/egress-inspection';
    expect(fix('12-network-firewall-endpoint-not-ready', 'FIREWALL_NOT_READY_IN_AZ')).toMatch(/^Wait until endpoint vpce-0a1b2c3d4e5f6a7f1 of egress-inspection in us-west-2a is READY/);
    const failed = fix('12-network-firewall-one-az-not-ready', 'FIREWALL_NOT_READY_IN_AZ');
    expect(failed).toContain(`aws network-firewall disassociate-subnets --firewall-arn ${arn} --subnet-ids subnet-0e1f2a3b4c5d6e7f2`);
    expect(failed).toContain(`aws network-firewall associate-subnets --firewall-arn ${arn} --subnet-mappings SubnetId=subnet-0e1f2a3b4c5d6e7f2`);
    expect(failed).toContain('aws ec2 replace-route --route-table-id rtb-0cfe79f929a6b41a4 --destination-cidr-block 0.0.0.0/0 --vpc-endpoint-id "$NEW"');
    const dns = fix('30-dns-firewall-blocks-ses', 'DNS_FIREWALL_BLOCKS');
    // Priority 1 is taken by the managed list's rule: the blocking rule moves to 3 and the ALLOW rule takes 2.
    expect(dns).toContain('update-firewall-rule --firewall-rule-group-id rslvr-frg-0a1b2c3d4e5f6a7b --firewall-domain-list-id rslvr-fdl-0a1b2c3d4e5f6a7b --priority 3');
    expect(dns).toMatch(/create-firewall-rule --firewall-rule-group-id rslvr-frg-0a1b2c3d4e5f6a7b --firewall-domain-list-id "\$LIST" --action ALLOW --priority 2 /);
    expect(dns).toMatch(/--operation REMOVE --domains '\*\.amazonaws\.com\.'\), which unblocks every name it matches/);
    expect(fix('tgw-default-route-blackhole', 'TGW_ROUTE_BLACKHOLE')).toContain('aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0a2b4c6d8e0f1a2b3 --destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id tgw-attach-0e9d8c7b6a5f4e3d2');
    expect(fix('tgw-no-default-route', 'TGW_NO_ROUTE')).toContain('aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0a2b4c6d8e0f1a2b3 --destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id tgw-attach-0e9d8c7b6a5f4e3d2');
    const proxy = fix('31-rds-proxy-other-vpc-no-peering', 'RDS_PROXY_OTHER_VPC');
    expect(proxy).toContain('aws rds create-db-proxy-endpoint --db-proxy-name mobile-auth-proxy --db-proxy-endpoint-name mobile-auth-proxy-vpc-6144d219 --vpc-subnet-ids subnet-b94c40f2 subnet-d6e605ae --vpc-security-group-ids "$SG"');
    expect(proxy).toContain('--protocol tcp --port 5432 --source-group sg-039167944cbfce1b3');
  });

  it('explain keeps the generic placeholders and says they are placeholders', () => {
    const page = renderExplain('ROUTE_BLACKHOLE', { width: 400 });
    expect(page).toMatch(/rtb-ID/);
    expect(page).toMatch(/are\s+placeholders:\s+this\s+text\s+is\s+per\s+code/);
  });
});
