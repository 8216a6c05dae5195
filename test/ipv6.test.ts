// IPv6 pieces on their own: target specs, the 128-bit block arithmetic, and the IPv6 halves of
// routes, security groups and ACLs (IPv4 rules never match IPv6 traffic).
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../src/analyze/targets.js';
import { InputError } from '../src/errors.js';
import { covers6, evaluateAcl6, groupsAdmit6, lookupRoute6, parseCidr6 } from '../src/model/ipv6.js';
import { NetworkModel } from '../src/model/network.js';
import type { Snapshot } from '../src/snapshot/types.js';

const model = new NetworkModel({ vpcdoctorSnapshot: 1, region: 'us-west-2', functions: [], ec2: {}, rds: {} } as Snapshot);
const block = (text: string) => parseCidr6(text)!;

describe('IPv6 targets', () => {
  it('internet6 is every global unicast address on tcp 443; [addr]:port one address', () => {
    const all = resolveTarget('internet6', model).goal;
    expect(all).toMatchObject({ kind: 'public6', port: 443, any: true });
    const one = resolveTarget('[2600:1f18::1]:8443', model).goal;
    expect(one).toMatchObject({ kind: 'public6', port: 8443, any: false });
    expect(covers6((all as { address: ReturnType<typeof block> }).address, (one as { address: ReturnType<typeof block> }).address)).toBe(true);
  });

  it('an unbracketed or malformed IPv6 target is an input error', () => {
    expect(() => resolveTarget('2600::1:443', model)).toThrow(InputError);
    expect(() => resolveTarget('2600::1:443', model)).toThrow(/brackets/);
    expect(() => resolveTarget('[2600::zz]:443', model)).toThrow(/not an IPv6 address/);
    expect(() => resolveTarget('[2600::1]:70000', model)).toThrow(/port/);
  });
});

describe('IPv6 model', () => {
  it('blocks: canonical text, containment at 128 bits', () => {
    expect(block('2600:1f14:0abc:de01::7/64').text).toBe('2600:1f14:abc:de01::/64');
    expect(covers6(block('::/0'), block('2600::1'))).toBe(true);
    expect(covers6(block('2600:1f14::/32'), block('2600:1f15::1'))).toBe(false);
    expect(parseCidr6('10.0.0.1')).toBeNull();
  });

  it('routes: the longest IPv6 prefix, IPv4 routes ignored', () => {
    const table = { Routes: [
      { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' },
      { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' },
      { DestinationIpv6CidrBlock: '2600:1f18::/32', GatewayId: 'igw-1' },
    ] };
    expect(lookupRoute6(table, block('2600:1f18::1'))?.route.GatewayId).toBe('igw-1');
    expect(lookupRoute6(table, block('2a05::1'))?.route.EgressOnlyInternetGatewayId).toBe('eigw-1');
    expect(lookupRoute6({ Routes: [table.Routes[0]!] }, block('2a05::1'))).toBeNull();
  });

  it('security groups: only Ipv6Ranges admit IPv6, and they must cover the destination', () => {
    const group = (rule: object) => [{ GroupId: 'sg-1', IpPermissionsEgress: [rule] }];
    const all = block('2000::/3');
    expect(groupsAdmit6(group({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), all, 443)).toBe(false);
    expect(groupsAdmit6(group({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }), all, 443)).toBe(true);
    expect(groupsAdmit6(group({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '2600::/16' }] }), all, 443)).toBe(false);
    expect(groupsAdmit6(group({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }), all, 443)).toBe(false);
  });

  it('ACLs: lowest IPv6 rule first, a deny touching part of the set denies, no IPv6 entry is the final deny', () => {
    const all = block('2000::/3');
    const entry = (RuleNumber: number, RuleAction: string, Ipv6CidrBlock: string) => ({ RuleNumber, RuleAction, Egress: true, Protocol: '-1', Ipv6CidrBlock });
    expect(evaluateAcl6([entry(101, 'allow', '::/0')], true, all, [443, 443])).toEqual({ allowed: true, rule: '101' });
    expect(evaluateAcl6([entry(90, 'deny', '2600::/16'), entry(101, 'allow', '::/0')], true, all, [443, 443]).allowed).toBe(false);
    expect(evaluateAcl6([{ RuleNumber: 100, RuleAction: 'allow', Egress: true, Protocol: '-1', CidrBlock: '0.0.0.0/0' }], true, all, [443, 443])).toEqual({ allowed: false, rule: '*' });
    expect(evaluateAcl6([entry(101, 'allow', '::/0')], false, all, [1024, 65535]).allowed).toBe(false);
  });
});
