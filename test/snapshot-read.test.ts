import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { parseSnapshot, readSnapshotFile } from '../src/snapshot/read.js';
import { InputError } from '../src/errors.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const bad = (name: string) => join(fixtures, 'bad', name);
const handbuilt = join(fixtures, 'cli-handbuilt', 'snapshot.json');

/** The hand-built snapshot as a plain object, to break one thing per test. */
const doc = (): Record<string, any> => JSON.parse(readFileSync(handbuilt, 'utf8'));

/** The InputError message parseSnapshot throws for `value` (serialised), or fail. */
function messageFor(value: unknown): string {
  try {
    parseSnapshot(JSON.stringify(value), 'snapshot.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an InputError');
}

describe('readSnapshotFile: the files under fixtures/bad', () => {
  it.each([
    ['truncated.json', /^.*truncated\.json: not valid JSON \(Unexpected end of JSON input at position \d+\)$/],
    ['wrong-type-deep.json', /wrong-type-deep\.json: ec2\.RouteTables\[3\]\.Routes\[1\]\.State: expected a string, got number$/],
    ['wrong-type-route-tables-object.json', /: ec2\.RouteTables: expected an array, got object$/],
    ['wrong-type-port-string.json', /: rds\.DBInstances\[0\]\.Endpoint\.Port: expected a number, got string$/],
    ['bpa-mode-misspelt.json', /: ec2\.VpcBlockPublicAccessOptions\.InternetGatewayBlockMode: expected a BPA mode: off, block-bidirectional or block-ingress, got "block-bidirectonal"$/],
    ['bpa-exclusion-state-unknown.json', /: ec2\.VpcBlockPublicAccessExclusions\[0\]\.State: expected an exclusion state such as create-complete, got "complete"$/],
    ['network-firewall-wrong-type.json', /: networkFirewall\.Firewalls\["arn:aws:network-firewall:us-west-2:123456789012:firewall\/egress-inspection"\]\.FirewallStatus\.SyncStates\["us-west-2a"\]\.Attachment\.Status: expected an attachment status such as READY, got number$/],
    ['wrong-version.json', /: vpcdoctorSnapshot: unsupported version 2 \(this vpcdoctor reads version 1\)$/],
    ['not-an-object.json', /not-an-object\.json: expected a JSON object with "vpcdoctorSnapshot": 1, got array$/],
  ])('%s is an input error', async (file, message) => {
    const error = await readSnapshotFile(bad(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).message).not.toContain('\n');
  });

  it('names the end of the text as the position of a truncated file', async () => {
    const text = readFileSync(bad('truncated.json'), 'utf8');
    await expect(readSnapshotFile(bad('truncated.json'))).rejects.toThrow(`at position ${text.length})`);
  });

  it('reads UTF-8 text (non-ASCII tags, a BOM) as UTF-8, and ASCII text the same as UTF-8 would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-read-'));
    const d = doc();
    d.ec2.Vpcs[0].Tags = [{ Key: 'Name', Value: 'Zürich — 東京 🚀' }];
    const utf8 = join(dir, 'utf8.json');
    writeFileSync(utf8, `\uFEFF${JSON.stringify(d)}`, 'utf8');
    expect((await readSnapshotFile(utf8)).ec2.Vpcs?.[0]?.Tags).toEqual([{ Key: 'Name', Value: 'Zürich — 東京 🚀' }]);
    const ascii = join(dir, 'ascii.json');
    writeFileSync(ascii, JSON.stringify(doc()), 'utf8');
    expect(await readSnapshotFile(ascii)).toEqual(parseSnapshot(readFileSync(ascii, 'utf8'), ascii));
  });

  it('a prefetched file is taken once; a later read goes to the disk again', async () => {
    const { prefetchFile } = await import('../src/snapshot/prefetch.js');
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-read-'));
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(doc()), 'utf8');
    prefetchFile(file);
    expect((await readSnapshotFile(file)).region).toBe('eu-west-1');
    const changed = doc();
    changed.region = 'us-east-1';
    writeFileSync(file, JSON.stringify(changed), 'utf8');
    expect((await readSnapshotFile(file)).region).toBe('us-east-1');
    prefetchFile(join(dir, 'missing.json'));
    await expect(readSnapshotFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
  });

  it('reads a snapshot from a pipe (no size known) and an empty file as empty; a directory is named as one', async () => {
    const { execFileSync, spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-read-'));
    const text = JSON.stringify(doc());
    if (process.platform !== 'win32') {
      const fifo = join(dir, 'snapshot.fifo');
      execFileSync('mkfifo', [fifo]);
      // The writer sends the text in pieces, so the reader sees several short reads before the end.
      const writer = spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'w');const t=${JSON.stringify(text)};for(let i=0;i<t.length;i+=1000)fs.writeSync(fd,t.slice(i,i+1000));fs.closeSync(fd)`]);
      // Listen before reading: under load the writer can exit before the read resolves, and a late listener misses 'close'.
      const closed = new Promise((resolve) => writer.on('close', resolve));
      expect((await readSnapshotFile(fifo)).region).toBe('eu-west-1');
      await closed;
    }
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    await expect(readSnapshotFile(empty)).rejects.toThrow(/empty\.json: /);
    await expect(readSnapshotFile(dir)).rejects.toThrow(/is a directory, not a snapshot file/);
  });

  it('accepts a snapshot with only unknown keys besides the required ones; absent sections collect nothing', async () => {
    const snapshot = await readSnapshotFile(bad('accepted-unknown-keys-only.json'));
    expect(snapshot.region).toBe('us-west-2');
    expect(snapshot.functions).toEqual([]);
    expect(snapshot.ec2).toEqual({});
    expect(snapshot.rds).toEqual({});
    expect(snapshot.ec2.RouteTables).toBeUndefined();
  });

  it('a missing file is an input error naming it', async () => {
    await expect(readSnapshotFile(join(fixtures, 'no-such-snapshot.json'))).rejects.toThrow(/no-such-snapshot\.json: no such file$/);
    await expect(readSnapshotFile(join(fixtures, 'no-such-snapshot.json'))).rejects.toBeInstanceOf(InputError);
  });

  it('a directory is an input error', async () => {
    await expect(readSnapshotFile(join(fixtures, 'bad'))).rejects.toThrow(/bad: is a directory/);
  });
});

describe('parseSnapshot: a snapshot built by hand from AWS CLI output', () => {
  it('reads it, keeps extra CLI fields, and turns describe-vpc-attribute\'s {"Value": b} into b', () => {
    const snapshot = parseSnapshot(readFileSync(handbuilt, 'utf8'), 'snapshot.json');
    expect(snapshot.functions[0]?.FunctionName).toBe('invoice-mailer');
    expect(snapshot.ec2.VpcAttributes?.['vpc-0a9b8c7d6e5f40312']).toMatchObject({ EnableDnsSupport: true, EnableDnsHostnames: true });
    expect(snapshot.ec2.Subnets?.[0]).toHaveProperty('EnableDns64', false);
    expect(snapshot.functions[0]).toHaveProperty('TracingConfig', { Mode: 'PassThrough' });
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(parseSnapshot(`\uFEFF${readFileSync(handbuilt, 'utf8')}`, 'snapshot.json').region).toBe('eu-west-1');
  });

  it('leaves absent ec2 and rds keys absent (not collected) and [] as collected-and-empty', () => {
    const d = doc();
    delete d.ec2.NetworkAcls;
    delete d.rds.DBClusters;
    const snapshot = parseSnapshot(JSON.stringify(d), 'snapshot.json');
    expect('NetworkAcls' in snapshot.ec2).toBe(false);
    expect('DBClusters' in snapshot.rds).toBe(false);
    expect(snapshot.ec2.VpcEndpoints).toEqual([]);
  });
});

describe('parseSnapshot: wrong types name the JSON path', () => {
  const cases: [string, (d: Record<string, any>) => void, string][] = [
    ['region', (d) => { d.region = 42; }, 'snapshot.json: region: expected a string, got number'],
    ['functions', (d) => { d.functions = {}; }, 'snapshot.json: functions: expected an array, got object'],
    ['a function item', (d) => { d.functions = ['invoice-mailer']; }, 'snapshot.json: functions[0]: expected an object, got string'],
    ['VpcConfig.SubnetIds', (d) => { d.functions[0].VpcConfig.SubnetIds = 'subnet-0b2c4d6e8f0a1b3c5'; }, 'snapshot.json: functions[0].VpcConfig.SubnetIds: expected an array, got string'],
    ['an environment value', (d) => { d.functions[0].Environment.Variables.STAGE = 3; }, 'snapshot.json: functions[0].Environment.Variables.STAGE: expected a string, got number'],
    ['ec2', (d) => { d.ec2 = []; }, 'snapshot.json: ec2: expected an object, got array'],
    ['a route state', (d) => { d.ec2.RouteTables[2].Routes[1].State = null; }, 'snapshot.json: ec2.RouteTables[2].Routes[1].State: expected a string, got null'],
    ['a NACL rule number', (d) => { d.ec2.NetworkAcls[0].Entries[0].RuleNumber = '100'; }, 'snapshot.json: ec2.NetworkAcls[0].Entries[0].RuleNumber: expected a number, got string'],
    ['a NACL port range', (d) => { d.ec2.NetworkAcls[0].Entries[0].PortRange = { From: '443', To: 443 }; }, 'snapshot.json: ec2.NetworkAcls[0].Entries[0].PortRange.From: expected a number, got string'],
    ['an egress rule port', (d) => { d.ec2.SecurityGroups[0].IpPermissionsEgress[0].FromPort = '443'; }, 'snapshot.json: ec2.SecurityGroups[0].IpPermissionsEgress[0].FromPort: expected a number, got string'],
    ['a subnet count', (d) => { d.ec2.Subnets[1].AvailableIpAddressCount = '250'; }, 'snapshot.json: ec2.Subnets[1].AvailableIpAddressCount: expected a number, got string'],
    ['a VPC attribute', (d) => { d.ec2.VpcAttributes['vpc-0a9b8c7d6e5f40312'].EnableDnsSupport = { Value: 'true' }; }, 'snapshot.json: ec2.VpcAttributes["vpc-0a9b8c7d6e5f40312"].EnableDnsSupport.Value: expected a boolean, got string'],
    ['a VPC attribute as a string', (d) => { d.ec2.VpcAttributes['vpc-0a9b8c7d6e5f40312'].EnableDnsHostnames = 'yes'; }, 'snapshot.json: ec2.VpcAttributes["vpc-0a9b8c7d6e5f40312"].EnableDnsHostnames: expected a boolean (or {"Value": boolean}), got string'],
    ['prefix-list entries', (d) => { d.ec2.PrefixListEntries = { 'pl-68a54001': [{ Cidr: 52 }] }; }, 'snapshot.json: ec2.PrefixListEntries["pl-68a54001"][0].Cidr: expected a string, got number'],
    ['a peering status', (d) => { d.ec2.VpcPeeringConnections = [{ VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f6a7b8', Status: 'active' }]; }, 'snapshot.json: ec2.VpcPeeringConnections[0].Status: expected an object, got string'],
    ['a DB cluster subnet group', (d) => { d.rds.DBClusters = [{ DBClusterIdentifier: 'c', DBSubnetGroup: { DBSubnetGroupName: 'x' } }]; }, 'snapshot.json: rds.DBClusters[0].DBSubnetGroup: expected a string, got object'],
    ['a DB instance member flag', (d) => { d.rds.DBClusters = [{ DBClusterMembers: [{ IsClusterWriter: 'true' }] }]; }, 'snapshot.json: rds.DBClusters[0].DBClusterMembers[0].IsClusterWriter: expected a boolean, got string'],
    ['denied', (d) => { d.denied = 'ec2:DescribeNetworkAcls'; }, 'snapshot.json: denied: expected an array, got string'],
    ['a denied action', (d) => { d.denied = ['ec2:DescribeNetworkAcls', 7]; }, 'snapshot.json: denied[1]: expected a string, got number'],
  ];
  it.each(cases)('%s', (_label, breakIt, message) => {
    const d = doc();
    breakIt(d);
    expect(messageFor(d)).toBe(message);
  });

  it('ignores the types of unknown keys anywhere', () => {
    const d = doc();
    d.ec2.RouteTables[0].Whatever = 12;
    d.ec2.SomethingNew = 'x';
    d.functions[0].CodeSize = 'big';
    expect(() => parseSnapshot(JSON.stringify(d), 'snapshot.json')).not.toThrow();
  });

  it('keeps denied actions', () => {
    const d = doc();
    d.denied = ['ec2:DescribeNetworkAcls'];
    delete d.ec2.NetworkAcls;
    expect(parseSnapshot(JSON.stringify(d), 'snapshot.json').denied).toEqual(['ec2:DescribeNetworkAcls']);
  });
});

describe('parseSnapshot: values are checked, not only types (exit 2, the JSON path named)', () => {
  const entry = 'snapshot.json: ec2.NetworkAcls[0].Entries[0]';
  const cases: [string, (d: Record<string, any>) => void, string][] = [
    ['a NACL action that is neither allow nor deny', (d) => { d.ec2.NetworkAcls[0].Entries[0].RuleAction = 'permit'; }, `${entry}.RuleAction: expected "allow" or "deny", got "permit"`],
    ['a NACL entry without RuleAction', (d) => { delete d.ec2.NetworkAcls[0].Entries[0].RuleAction; }, `${entry}.RuleAction: missing (expected "allow" or "deny")`],
    ['a NACL entry without Egress', (d) => { delete d.ec2.NetworkAcls[0].Entries[0].Egress; }, `${entry}.Egress: missing (expected a boolean)`],
    ['a NACL rule number out of range', (d) => { d.ec2.NetworkAcls[0].Entries[0].RuleNumber = 40000; }, `${entry}.RuleNumber: expected a rule number 1-32768, got 40000`],
    ['a fractional rule number', (d) => { d.ec2.NetworkAcls[0].Entries[0].RuleNumber = 100.5; }, `${entry}.RuleNumber: expected a rule number 1-32768, got 100.5`],
    ['a NACL port above 65535', (d) => { d.ec2.NetworkAcls[0].Entries[0].PortRange = { From: 443, To: 65536 }; }, `${entry}.PortRange.To: expected a port number 0-65535, got 65536`],
    ['a NACL protocol that is not one', (d) => { d.ec2.NetworkAcls[0].Entries[0].Protocol = '300'; }, `${entry}.Protocol: expected a protocol: "-1", tcp, udp, icmp, icmpv6 or a number 0-255, got "300"`],
    ['a NACL CIDR with a bad octet', (d) => { d.ec2.NetworkAcls[0].Entries[0].CidrBlock = '10.0.0.300/16'; }, `${entry}.CidrBlock: expected an IPv4 CIDR such as 10.0.0.0/16, got "10.0.0.300/16"`],
    ['a route CIDR with a bad length', (d) => { d.ec2.RouteTables[0].Routes[0].DestinationCidrBlock = '0.0.0.0/33'; }, 'snapshot.json: ec2.RouteTables[0].Routes[0].DestinationCidrBlock: expected an IPv4 CIDR such as 10.0.0.0/16, got "0.0.0.0/33"'],
    ['a security-group port below -1', (d) => { d.ec2.SecurityGroups[0].IpPermissionsEgress[0].FromPort = -2; }, 'snapshot.json: ec2.SecurityGroups[0].IpPermissionsEgress[0].FromPort: expected a port number 0-65535 (or -1), got -2'],
    ['a security-group protocol in capitals', (d) => { d.ec2.SecurityGroups[0].IpPermissionsEgress[0].IpProtocol = 'TCP'; }, 'snapshot.json: ec2.SecurityGroups[0].IpPermissionsEgress[0].IpProtocol: expected a protocol: "-1", tcp, udp, icmp, icmpv6 or a number 0-255, got "TCP"'],
    ['a security-group CIDR', (d) => { d.ec2.SecurityGroups[0].IpPermissionsEgress[0].IpRanges = [{ CidrIp: 'anywhere' }]; }, 'snapshot.json: ec2.SecurityGroups[0].IpPermissionsEgress[0].IpRanges[0].CidrIp: expected an IPv4 CIDR such as 10.0.0.0/16, got "anywhere"'],
    ['a database port', (d) => { d.rds.DBInstances = [{ Endpoint: { Port: 0.5 } }]; }, 'snapshot.json: rds.DBInstances[0].Endpoint.Port: expected a port number 0-65535, got 0.5'],
    ['a BPA exclusion mode', (d) => { d.ec2.VpcBlockPublicAccessExclusions = [{ InternetGatewayExclusionMode: 'allow-outbound' }]; }, 'snapshot.json: ec2.VpcBlockPublicAccessExclusions[0].InternetGatewayExclusionMode: expected an exclusion mode: allow-bidirectional or allow-egress, got "allow-outbound"'],
    ['who manages BPA', (d) => { d.ec2.VpcBlockPublicAccessOptions = { ManagedBy: 'organization' }; }, 'snapshot.json: ec2.VpcBlockPublicAccessOptions.ManagedBy: expected account or declarative-policy, got "organization"'],
    ['a subnet\'s BPA state', (d) => { d.ec2.Subnets[0].BlockPublicAccessStates = { InternetGatewayBlockMode: 'on' }; }, 'snapshot.json: ec2.Subnets[0].BlockPublicAccessStates.InternetGatewayBlockMode: expected a BPA mode: off, block-bidirectional or block-ingress, got "on"'],
    ['a DNS Firewall action', (d) => { d.route53Resolver = { FirewallRules: { 'rslvr-frg-1': [{ Action: 'DENY' }] } }; }, 'snapshot.json: route53Resolver.FirewallRules["rslvr-frg-1"][0].Action: expected ALLOW, BLOCK or ALERT, got "DENY"'],
    ['a Network Firewall rule order', (d) => { d.networkFirewall = { FirewallPolicies: { p: { FirewallPolicy: { StatefulEngineOptions: { RuleOrder: 'STRICT' } } } } }; }, 'snapshot.json: networkFirewall.FirewallPolicies.p.FirewallPolicy.StatefulEngineOptions.RuleOrder: expected DEFAULT_ACTION_ORDER or STRICT_ORDER, got "STRICT"'],
    ['an RDS Proxy target health state', (d) => { d.rds.DBProxyTargets = { proxy: [{ TargetHealth: { State: 'HEALTHY' } }] }; }, 'snapshot.json: rds.DBProxyTargets.proxy[0].TargetHealth.State: expected a target health state: REGISTERING, AVAILABLE, UNAVAILABLE or UNUSED, got "HEALTHY"'],
    ['a NAT gateway proxy attachment state', (d) => { d.ec2.NatGateways = [{ AttachedAppliances: [{ AttachmentState: 'ok' }] }]; }, 'snapshot.json: ec2.NatGateways[0].AttachedAppliances[0].AttachmentState: expected an appliance attachment state such as attached, got "ok"'],
    ['a private hosted zone list', (d) => { d.route53 = { HostedZoneSummaries: { 'vpc-1': {} } }; }, 'snapshot.json: route53.HostedZoneSummaries["vpc-1"]: expected an array, got object'],
  ];
  it.each(cases)('%s', (_label, breakIt, message) => {
    const d = doc();
    breakIt(d);
    expect(messageFor(d)).toBe(message);
  });

  it('accepts what AWS prints: protocol numbers, -1 ports, IPv6 CIDRs, the default rule 32767', () => {
    const d = doc();
    d.ec2.NetworkAcls[0].Entries.push({ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, Ipv6CidrBlock: '::/0' });
    d.ec2.NetworkAcls[0].Entries.push({ RuleNumber: 1, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 0, To: 65535 } });
    d.ec2.SecurityGroups[0].IpPermissionsEgress.push({ IpProtocol: '-1', FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '2600:1f14:abc:1200::/56' }] });
    expect(() => parseSnapshot(JSON.stringify(d), 'snapshot.json')).not.toThrow();
  });
});

describe('parseSnapshot: the header', () => {
  it('requires vpcdoctorSnapshot', () => {
    const d = doc();
    delete d.vpcdoctorSnapshot;
    expect(messageFor(d)).toMatch(/^snapshot\.json: not a vpcdoctor snapshot \(no "vpcdoctorSnapshot" key/);
  });

  it.each([[2], ['1'], [null]])('rejects version %j', (version) => {
    expect(messageFor({ ...doc(), vpcdoctorSnapshot: version })).toMatch(/^snapshot\.json: vpcdoctorSnapshot: unsupported version/);
  });

  it.each(['region', 'functions'])('requires %s', (key) => {
    const d = doc();
    delete d[key];
    expect(messageFor(d)).toBe(`snapshot.json: ${key}: missing`);
  });

  it.each([['null', 'null'], ['"text"', 'string'], ['3', 'number']])('rejects a top level of %s', (text, type) => {
    expect(() => parseSnapshot(text, 'snapshot.json')).toThrow(`snapshot.json: expected a JSON object with "vpcdoctorSnapshot": 1, got ${type}`);
  });

  it('reports where invalid JSON breaks', () => {
    expect(() => parseSnapshot('{"vpcdoctorSnapshot": 1,, "region": "x"}', 'snap.json')).toThrow(/^snap\.json: not valid JSON \(.+ at position 24\)$/);
    expect(() => parseSnapshot('', 'empty.json')).toThrow('empty.json: not valid JSON (Unexpected end of JSON input at position 0)');
  });

  it('reads a file written to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcdoctor-read-'));
    const path = join(dir, 'snapshot.json');
    writeFileSync(path, JSON.stringify({ vpcdoctorSnapshot: 1, region: 'us-west-2', functions: [], ec2: { Vpcs: [] } }));
    const snapshot = await readSnapshotFile(path);
    expect(snapshot.ec2.Vpcs).toEqual([]);
    expect(snapshot.ec2.Subnets).toBeUndefined();
  });
});
