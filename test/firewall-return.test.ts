// The reply's way back through Network Firewall is judged in the VPC where it turns around: an endpoint
// of another VPC (the function's, before a transit gateway) is not checked against the egress VPC's tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';

const name = '12-network-firewall-return-bypasses';
const load = () => parseSnapshot(readFileSync(join(import.meta.dirname, '..', 'fixtures', name, 'snapshot.json'), 'utf8'), name);
const codes = (snapshot: ReturnType<typeof load>) => analyze(snapshot, { functions: ['mobile-auth-handler'], targets: ['ses'] }).functions[0]!.findings.map((f) => f.code);

describe('firewall return path', () => {
  it('flags the NAT gateway table that routes the reply past an endpoint of its own VPC', () => {
    expect(codes(load())).toContain('FIREWALL_ASYMMETRIC_ROUTE');
  });

  it('does not judge an endpoint of another VPC against this VPC\'s NAT gateway table', () => {
    const snapshot = load();
    for (const endpoint of snapshot.ec2.VpcEndpoints ?? []) if (endpoint.VpcEndpointType === 'GatewayLoadBalancer') endpoint.VpcId = 'vpc-0a0b0c0d0e0f01234';
    expect(codes(snapshot)).not.toContain('FIREWALL_ASYMMETRIC_ROUTE');
  });
});
