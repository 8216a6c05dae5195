// planFix + proveFix on the fixtures: the steps and their key parameters, the proof on the model,
// refusals with their reasons, and that every action a plan may send is in policies/fix.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { planFix, proveFix, renderPlan, type FixPlan, type PlanOptions } from '../src/fix/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { expectProved } from './helpers/fix.js';

const root = join(import.meta.dirname, '..', 'fixtures');

function load(name: string): { snapshot: Snapshot; request: { functions: string[]; targets?: string[] } } {
  const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as { function: string; targets?: string[] };
  const snapshot = parseSnapshot(readFileSync(join(root, name, 'snapshot.json'), 'utf8'), name);
  return { snapshot, request: { functions: [expected.function], targets: expected.targets } };
}

function planOf(snapshot: Snapshot, request: { functions: string[]; targets?: string[] }, options: PlanOptions = {}): FixPlan {
  return planFix(snapshot, analyze(snapshot, request), undefined, options);
}

const actions = (plan: FixPlan) => plan.steps.map((s) => s.action);
const CREATES = new Set(['AllocateAddress', 'CreateNatGateway', 'CreateSubnet', 'CreateRouteTable', 'AuthorizeSecurityGroupEgress', 'AuthorizeSecurityGroupIngress']);


describe('planFix', () => {
  it('seed: no public subnet at all, so one new public subnet, one EIP and one NAT gateway, then both tables repointed', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request);
    expect(plan.refused).toBeNull();
    expect(actions(plan)).toEqual([
      'CreateRouteTable', 'CreateRoute', 'CreateSubnet', 'AssociateRouteTable', 'AllocateAddress', 'CreateNatGateway',
      'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute',
    ]);
    expect(plan.steps[2]!.params).toMatchObject({ AvailabilityZone: 'us-west-2a', CidrBlock: '172.31.0.0/28' });
    expect(plan.steps.slice(7).map((s) => s.params.NatGatewayId)).toEqual(['${6.NatGateway.NatGatewayId}', '${6.NatGateway.NatGatewayId}']);
    expect(plan.summary).toEqual({ add: 6, change: 2, destroy: 0 });
    expect(plan.monthlyUsd).toBe(36.5);
    expect(plan.notes?.join(' ')).toMatch(/NAT_CROSS_AZ: subnet-d6e605ae \(us-west-2b\) will use the new NAT gateway in us-west-2a/);
    expect(plan.notes?.join(' ')).toMatch(/has no public subnet.*--nat-per-az/);
    expect(plan.alternatives?.join('\n')).toMatch(/--nat-per-az .*: 14 steps, \$73\.00\/month/);
    const text = renderPlan(plan);
    expect(text).toMatch(/Plan: 6 to add, 2 to change, 0 to destroy\. Monthly cost: \$36\.50/);
    expectProved(snapshot, plan, request);
  });

  it('seed with --nat-per-az: a new public subnet, EIP and NAT gateway per AZ, waits, then the two route tables repointed', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request, { natPerAz: true });
    expect(plan.refused).toBeNull();
    expect(actions(plan)).toEqual([
      'CreateRouteTable', 'CreateRoute', 'CreateSubnet', 'AssociateRouteTable', 'AllocateAddress', 'CreateNatGateway',
      'CreateSubnet', 'AssociateRouteTable', 'AllocateAddress', 'CreateNatGateway',
      'WaitNatGatewayAvailable', 'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute',
    ]);
    const [table, igwRoute, subnetA, , eipA, natA, subnetB, , , natB, waitA, waitB, routeA, routeB] = plan.steps;
    expect(table!.params.VpcId).toBe('vpc-6144d219');
    expect(igwRoute!.params).toMatchObject({ RouteTableId: '${1.RouteTable.RouteTableId}', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-509d6629' });
    expect(subnetA!.params).toMatchObject({ VpcId: 'vpc-6144d219', AvailabilityZone: 'us-west-2a', CidrBlock: '172.31.0.0/28' });
    expect(subnetB!.params).toMatchObject({ AvailabilityZone: 'us-west-2b', CidrBlock: '172.31.0.16/28' });
    expect(eipA!.params.Domain).toBe('vpc');
    expect(natA!.params).toMatchObject({ SubnetId: '${3.Subnet.SubnetId}', AllocationId: '${5.AllocationId}', ConnectivityType: 'public' });
    expect(natB!.params).toMatchObject({ SubnetId: '${7.Subnet.SubnetId}', AllocationId: '${9.AllocationId}' });
    expect(waitA!.params).toEqual({ NatGatewayIds: ['${6.NatGateway.NatGatewayId}'] });
    expect(waitB!.params).toEqual({ NatGatewayIds: ['${10.NatGateway.NatGatewayId}'] });
    expect(routeA!.params).toEqual({ RouteTableId: 'rtb-e8780b93', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: '${6.NatGateway.NatGatewayId}' });
    expect(routeB!.params).toEqual({ RouteTableId: 'rtb-0cfe79f929a6b41a4', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: '${10.NatGateway.NatGatewayId}' });
    expect(routeA!.undo).toEqual([{ action: 'ReplaceRoute', params: { RouteTableId: 'rtb-e8780b93', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-01e3ffe9cc512d1df' } }]);
    expect(plan.addresses).toEqual(['NAT_SUBNET_NO_IGW_ROUTE']);
    expect(plan.notes?.join(' ')).toMatch(/nat-01e3ffe9cc512d1df no longer carries/);
    expectProved(snapshot, plan, request);
  });

  it('tags everything it creates and gives every step an IAM action and every creation an undo', () => {
    const { snapshot, request } = load('seed');
    for (const step of planOf(snapshot, request).steps) {
      expect(step.iamAction).toBe(step.action === 'WaitNatGatewayAvailable' ? 'ec2:DescribeNatGateways' : `ec2:${step.action}`);
      expect(step.why.length).toBeGreaterThan(10);
      if (!CREATES.has(step.action)) continue;
      expect(step.params.TagSpecifications).toEqual([expect.objectContaining({ Tags: expect.arrayContaining([{ Key: 'vpcdoctor:created-by', Value: 'vpcdoctor' }]) })]);
      expect(step.undo?.length).toBeGreaterThan(0);
    }
  });

  it.each(['01-nat-no-eip', '02-nat-private', '03-nat-failed', '03-nat-deleted', '04-route-blackhole', '05-nat-subnet-routes-to-itself'])(
    '%s: one NAT gateway in an existing public subnet of the function\'s first AZ, both tables repointed', (name) => {
      const { snapshot, request } = load(name);
      const plan = planOf(snapshot, request);
      expect(actions(plan)).toEqual(['AllocateAddress', 'CreateNatGateway', 'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute']);
      expect(plan.steps[1]!.params.SubnetId).toBe('subnet-0a7c3e5f9d1b2a401');
      expect(plan.steps.slice(3).map((s) => [s.params.RouteTableId, s.params.NatGatewayId])).toEqual([
        ['rtb-e8780b93', '${2.NatGateway.NatGatewayId}'], ['rtb-0cfe79f929a6b41a4', '${2.NatGateway.NatGatewayId}']]);
      expect(plan.summary).toEqual({ add: 2, change: 2, destroy: 0 });
      expect(plan.notes?.join(' ')).toMatch(/NAT_CROSS_AZ/);
      expectProved(snapshot, plan, request);
    });

  it.each(['01-nat-no-eip', '02-nat-private', '03-nat-failed', '03-nat-deleted', '04-route-blackhole', '05-nat-subnet-routes-to-itself'])(
    '%s with --nat-per-az: a new NAT gateway in each AZ\'s existing public subnet, then ReplaceRoute', (name) => {
      const { snapshot, request } = load(name);
      const plan = planOf(snapshot, request, { natPerAz: true });
      expect(actions(plan)).toEqual(['AllocateAddress', 'CreateNatGateway', 'AllocateAddress', 'CreateNatGateway', 'WaitNatGatewayAvailable', 'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute']);
      expect(plan.steps[1]!.params.SubnetId).toBe('subnet-0a7c3e5f9d1b2a401');
      expect(plan.steps[3]!.params.SubnetId).toBe('subnet-0b8d4f6a0e2c3b502');
      expect(plan.steps.slice(6).map((s) => s.params.RouteTableId)).toEqual(['rtb-e8780b93', 'rtb-0cfe79f929a6b41a4']);
      expectProved(snapshot, plan, request);
    });

  it('default-VPC layout: public subnets of other AZs, implicitly on a main table that routes to the IGW: one NAT there, no subnet or table created', () => {
    const { snapshot, request } = load('seed');
    const main = snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-6a1f7b02')!;
    main.Routes!.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-509d6629', State: 'active', Origin: 'CreateRoute' });
    snapshot.ec2.Subnets!.find((s) => s.SubnetId === 'subnet-0c9e5a7b1f3d4c603')!.AvailabilityZone = 'us-west-2c';
    snapshot.ec2.Subnets!.find((s) => s.SubnetId === 'subnet-0d0f6b8c2a4e5d704')!.AvailabilityZone = 'us-west-2d';
    const plan = planOf(snapshot, request);
    expect(actions(plan)).toEqual(['AllocateAddress', 'CreateNatGateway', 'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute']);
    expect(plan.steps[1]!.params.SubnetId).toBe('subnet-0c9e5a7b1f3d4c603');
    expect(plan.notes?.join(' ')).toMatch(/NAT_CROSS_AZ: subnet-b94c40f2, subnet-d6e605ae \(us-west-2a, us-west-2b\) will use the new NAT gateway in us-west-2c/);
    expect(plan.notes?.join(' ')).not.toMatch(/no public subnet/);
    expect(plan.summary).toEqual({ add: 2, change: 2, destroy: 0 });
    expectProved(snapshot, plan, request);
    // --nat-per-az: the AZs have no public subnet, and a new subnet joins the public main table without an association.
    const perAz = planOf(snapshot, request, { natPerAz: true });
    expect(actions(perAz)).toEqual(['CreateSubnet', 'AllocateAddress', 'CreateNatGateway', 'CreateSubnet', 'AllocateAddress', 'CreateNatGateway',
      'WaitNatGatewayAvailable', 'WaitNatGatewayAvailable', 'ReplaceRoute', 'ReplaceRoute']);
    expectProved(snapshot, perAz, request);
  });

  it('a main table whose 0.0.0.0/0 goes to the IGW but with a 0.0.0.0/1 blackhole is not public: no NAT gateway is put behind it', () => {
    const { snapshot, request } = load('seed');
    const main = snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-6a1f7b02')!;
    main.Routes!.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-509d6629', State: 'active', Origin: 'CreateRoute' });
    main.Routes!.push({ DestinationCidrBlock: '0.0.0.0/1', NatGatewayId: 'nat-0ffffffffffffffff', State: 'blackhole', Origin: 'CreateRoute' });
    snapshot.ec2.Subnets!.find((s) => s.SubnetId === 'subnet-0c9e5a7b1f3d4c603')!.AvailabilityZone = 'us-west-2c';
    snapshot.ec2.Subnets!.find((s) => s.SubnetId === 'subnet-0d0f6b8c2a4e5d704')!.AvailabilityZone = 'us-west-2d';
    const plan = planOf(snapshot, request);
    // The point lookup saw only the 0.0.0.0/0 route and put the NAT gateway in subnet-0c9e…, where half of the internet is a blackhole.
    const nat = plan.steps.find((s) => s.action === 'CreateNatGateway')!;
    expect(nat.params.SubnetId).not.toBe('subnet-0c9e5a7b1f3d4c603');
    expect(nat.params.SubnetId).not.toBe('subnet-0d0f6b8c2a4e5d704');
    expect(actions(plan).slice(0, 4)).toEqual(['CreateRouteTable', 'CreateRoute', 'CreateSubnet', 'AssociateRouteTable']);
    expectProved(snapshot, plan, request);
  });

  it("a NAT gateway whose subnet's network ACL denies outbound 443 is not reused: the planner asks the analysis's NAT trace", () => {
    const { snapshot, request } = load('08-no-default-route');
    // nat-01e3… (us-west-2a) otherwise works: available, an EIP, its subnet routes 0.0.0.0/0 to the attached IGW.
    const acls = snapshot.ec2.NetworkAcls!;
    const shared = acls.find((a) => a.NetworkAclId === 'acl-5b7c9d1e')!;
    shared.Associations = shared.Associations!.filter((a) => a.SubnetId !== 'subnet-0a7c3e5f9d1b2a401');
    acls.push({
      NetworkAclId: 'acl-0badbadbadbadbad0', VpcId: 'vpc-6144d219', IsDefault: false, Tags: [],
      Associations: [{ NetworkAclAssociationId: 'aclassoc-0badbadbadbadbad0', NetworkAclId: 'acl-0badbadbadbadbad0', SubnetId: 'subnet-0a7c3e5f9d1b2a401' }],
      Entries: [
        { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '6', PortRange: { From: 443, To: 443 }, RuleAction: 'deny', RuleNumber: 90 },
        { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      ],
    });
    const plan = planOf(snapshot, request);
    expect(plan.refused).toBeNull();
    // Before, both AZs' routes went to their own NAT gateway and the proof refused us-west-2a's (NACL_EGRESS_DENIED).
    const natTargets = plan.steps.filter((s) => s.action === 'CreateRoute').map((s) => s.params.NatGatewayId);
    expect(natTargets).not.toContain('nat-01e3ffe9cc512d1df');
    expect(natTargets).toEqual(['nat-0f4b2a7c9e1d3a602', 'nat-0f4b2a7c9e1d3a602']);
    expect(plan.notes?.join(' ')).toMatch(/NAT_CROSS_AZ: subnet-b94c40f2 \(us-west-2a\) will use nat-0f4b2a7c9e1d3a602 in us-west-2b/);
    expectProved(snapshot, plan, request);
  });

  it('a NAT gateway behind a Network Firewall that passes the traffic is reused, as the analysis judges it', () => {
    const { snapshot, request } = load('12-network-firewall-after-nat-edge-table-healthy');
    for (const id of ['rtb-e8780b93', 'rtb-0cfe79f929a6b41a4']) {
      const table = snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === id)!;
      table.Routes = table.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
    }
    const plan = planOf(snapshot, request);
    // Before, a NAT subnet routed to a firewall endpoint did not count as public: the plan created a new
    // NAT gateway in a firewall subnet (the only subnets routed straight to the internet gateway).
    expect(actions(plan)).not.toContain('CreateNatGateway');
    expect(plan.steps.filter((s) => s.action === 'CreateRoute').map((s) => [s.params.RouteTableId, s.params.NatGatewayId]))
      .toEqual([['rtb-e8780b93', 'nat-01e3ffe9cc512d1df'], ['rtb-0cfe79f929a6b41a4', 'nat-0f4b2a7c9e1d3a602']]);
    expectProved(snapshot, plan, request);
  });

  it('a table shared by the function subnets of two AZs gets one NAT gateway; --nat-per-az gives the second AZ its own table', () => {
    const { snapshot, request } = load('01-nat-no-eip');
    const tables = snapshot.ec2.RouteTables!;
    const shared = tables.find((t) => t.RouteTableId === 'rtb-e8780b93')!;
    shared.Associations!.push({ RouteTableAssociationId: 'rtbassoc-04a1b2c3d4e5f6a7b', RouteTableId: 'rtb-e8780b93', SubnetId: 'subnet-d6e605ae', Main: false, AssociationState: { State: 'associated' } });
    snapshot.ec2.RouteTables = tables.filter((t) => t.RouteTableId !== 'rtb-0cfe79f929a6b41a4');
    const plan = planOf(snapshot, request);
    expect(actions(plan)).toEqual(['AllocateAddress', 'CreateNatGateway', 'WaitNatGatewayAvailable', 'ReplaceRoute']);
    expectProved(snapshot, plan, request);
    const perAz = planOf(snapshot, request, { natPerAz: true });
    expect(actions(perAz)).toEqual(['AllocateAddress', 'CreateNatGateway', 'AllocateAddress', 'CreateNatGateway', 'WaitNatGatewayAvailable', 'WaitNatGatewayAvailable',
      'CreateRouteTable', 'CreateRoute', 'ReplaceRouteTableAssociation', 'ReplaceRoute']);
    expect(perAz.steps[7]!.params).toMatchObject({ RouteTableId: '${7.RouteTable.RouteTableId}', NatGatewayId: '${4.NatGateway.NatGatewayId}' });
    expect(perAz.steps[9]!.params).toMatchObject({ RouteTableId: 'rtb-e8780b93', NatGatewayId: '${2.NatGateway.NatGatewayId}' });
    expectProved(snapshot, perAz, request);
  });

  it('warns when a changed resource belongs to a CloudFormation stack or to Terraform, with the code change to make', () => {
    const { snapshot, request } = load('01-nat-no-eip');
    snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-e8780b93')!.Tags = [{ Key: 'aws:cloudformation:stack-name', Value: 'network-prod' }];
    snapshot.ec2.RouteTables!.find((t) => t.RouteTableId === 'rtb-0cfe79f929a6b41a4')!.Tags = [{ Key: 'ManagedBy', Value: 'Terraform' }];
    const plan = planOf(snapshot, request);
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^rtb-e8780b93 is managed by CloudFormation stack network-prod: the next deploy will revert .*AWS::EC2::Route/),
      expect.stringMatching(/^rtb-0cfe79f929a6b41a4 is managed by Terraform \(tag ManagedBy=Terraform\).*aws_route/),
    ]);
    expect(renderPlan(plan)).toMatch(/Warning: rtb-e8780b93 is managed by CloudFormation/);
    expect(planOf(load('01-nat-no-eip').snapshot, request).warnings).toBeUndefined();
  });

  it('a route to a deleted NAT gateway is rolled back by deleting it, never by pointing at the dead gateway', () => {
    const { snapshot, request } = load('03-nat-deleted');
    const undo = planOf(snapshot, request).steps[3]!.undo;
    expect(undo).toEqual([{ action: 'DeleteRoute', params: { RouteTableId: 'rtb-e8780b93', DestinationCidrBlock: '0.0.0.0/0' } }]);
  });

  it('08-no-default-route: reuses the working NAT gateways (checked available) and adds the routes', () => {
    const { snapshot, request } = load('08-no-default-route');
    const plan = planOf(snapshot, request);
    expect(actions(plan)).toEqual(['WaitNatGatewayAvailable', 'WaitNatGatewayAvailable', 'CreateRoute', 'CreateRoute']);
    expect(plan.steps[2]!.params).toEqual({ RouteTableId: 'rtb-e8780b93', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-01e3ffe9cc512d1df' });
    expectProved(snapshot, plan, request);
  });

  it('09-main-route-table-local-only: the shared main table is left alone; the subnet gets its own table', () => {
    const { snapshot, request } = load('09-main-route-table-local-only');
    const plan = planOf(snapshot, request);
    expect(actions(plan)).toEqual(['WaitNatGatewayAvailable', 'CreateRouteTable', 'CreateRoute', 'AssociateRouteTable']);
    expect(plan.steps[3]!.params).toEqual({ RouteTableId: '${2.RouteTable.RouteTableId}', SubnetId: 'subnet-d6e605ae' });
    expect(plan.steps.some((s) => s.params.RouteTableId === 'rtb-6a1f7b02')).toBe(false);
    expectProved(snapshot, plan, request);
  });

  it('SUBNET_ROUTES_TO_IGW: new private tables for just the function subnets, the public table untouched', () => {
    const { snapshot, request } = load('07-function-in-public-subnets');
    snapshot.ec2.NatGateways = []; // nothing else lives in the function's public subnets
    const plan = planOf(snapshot, request, { natPerAz: true });
    expect(plan.refused).toBeNull();
    expect(plan.steps.filter((s) => s.action === 'ReplaceRouteTableAssociation').map((s) => s.params.RouteTableId)).toHaveLength(2);
    expect(plan.steps.some((s) => ['ReplaceRoute', 'CreateRoute'].includes(s.action) && s.params.RouteTableId === 'rtb-0c1d2e3f4a5b6c701')).toBe(false);
    // The NAT gateways go to new public subnets, not to the function's own subnets.
    // The NAT gateways' new subnets join the existing public table rather than a new one.
    expect(plan.steps.filter((s) => s.action === 'CreateNatGateway').map((s) => s.params.SubnetId)).toEqual(['${1.Subnet.SubnetId}', '${5.Subnet.SubnetId}']);
    expect(plan.steps.filter((s) => s.action === 'AssociateRouteTable' && s.params.RouteTableId === 'rtb-0c1d2e3f4a5b6c701')).toHaveLength(2);
    expectProved(snapshot, plan, request);
  });

  it('07-function-in-public-subnets: refuses to move subnets that hold the NAT gateways others use', () => {
    const { snapshot, request } = load('07-function-in-public-subnets');
    const plan = planOf(snapshot, request);
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/subnet-0a7c3e5f9d1b2a401: it also holds NAT gateway nat-01e3ffe9cc512d1df/);
    expect(proveFix(snapshot, plan, request).proved).toBe(false);
  });

  it('06-vpc-no-igw: refuses, saying that attaching an internet gateway is for a human', () => {
    const { snapshot, request } = load('06-vpc-no-igw');
    const plan = planOf(snapshot, request);
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/vpc-6144d219 has no internet gateway attached.*decision for a human/);
    const proof = proveFix(snapshot, plan, request);
    expect(proof).toMatchObject({ proved: false, reason: plan.refused });
    expect(renderPlan(plan)).toMatch(/^No safe plan: /);
  });

  it.each(['14-nacl-function-deny-443-before-allow', '25-db-stopped', '12-more-specific-route-blackhole'])('%s: nothing it can repair, and it says so', (name) => {
    const { snapshot, request } = load(name);
    const plan = planOf(snapshot, request);
    expect(plan.steps).toEqual([]);
    expect(plan.refused).toMatch(/needs a human/);
  });

  it('13-sg-egress-only-5432: one egress rule for tcp 443 to 0.0.0.0/0 on the function group', () => {
    const { snapshot, request } = load('13-sg-egress-only-5432');
    const plan = planOf(snapshot, request);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({
      action: 'AuthorizeSecurityGroupEgress', iamAction: 'ec2:AuthorizeSecurityGroupEgress',
      params: { GroupId: 'sg-039167944cbfce1b3', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      undo: [{ action: 'RevokeSecurityGroupEgress', params: { GroupId: 'sg-039167944cbfce1b3', SecurityGroupRuleIds: ['${1.SecurityGroupRules.0.SecurityGroupRuleId}'] } }],
    });
    expectProved(snapshot, plan, request);
  });

  it('22-function-sg-egress-no-5432: egress to the database\'s group', () => {
    const { snapshot, request } = load('22-function-sg-egress-no-5432');
    const plan = planOf(snapshot, request);
    expect(plan.steps[0]!.params.IpPermissions).toEqual([expect.objectContaining({ FromPort: 5432, UserIdGroupPairs: [expect.objectContaining({ GroupId: 'sg-0e1f2a3b4c5d6e7f8' })] })]);
    expectProved(snapshot, plan, request);
  });

  it('21-db-sg-admits-neither: ingress on the database group from the function group', () => {
    const { snapshot, request } = load('21-db-sg-admits-neither');
    const plan = planOf(snapshot, request);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({
      action: 'AuthorizeSecurityGroupIngress',
      params: { GroupId: 'sg-0e1f2a3b4c5d6e7f8', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-039167944cbfce1b3' }] }] },
    });
    expectProved(snapshot, plan, request);
  });

  it('24-db-cross-region-peer-sg-reference: a peer VPC\'s group admits the function subnets by CIDR', () => {
    const { snapshot, request } = load('24-db-cross-region-peer-sg-reference');
    const plan = planOf(snapshot, request);
    expect(plan.steps[0]!.params.IpPermissions).toEqual([expect.objectContaining({ IpRanges: [expect.objectContaining({ CidrIp: '172.31.16.0/20' }), expect.objectContaining({ CidrIp: '172.31.32.0/20' })] })]);
    expectProved(snapshot, plan, request);
  });

  it('17-s3-gateway-endpoint-wrong-route-table: adds the tables to the gateway endpoint instead of buying a NAT', () => {
    const { snapshot, request } = load('17-s3-gateway-endpoint-wrong-route-table');
    const plan = planOf(snapshot, request);
    expect(plan.steps).toEqual([expect.objectContaining({ action: 'ModifyVpcEndpoint', params: { VpcEndpointId: 'vpce-0c4d5e6f7a8b9c0d1', AddRouteTableIds: ['rtb-e8780b93', 'rtb-0cfe79f929a6b41a4'] } })]);
    expectProved(snapshot, plan, request);
  });

  it('00-healthy: nothing to repair', () => {
    const { snapshot, request } = load('00-healthy');
    const plan = planOf(snapshot, request);
    expect(plan).toMatchObject({ steps: [], refused: null });
    expect(renderPlan(plan)).toMatch(/Nothing to repair/);
  });
});

describe('proveFix', () => {
  it('refuses a plan that leaves the targets unreachable, naming them', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request);
    const partial = { ...plan, steps: plan.steps.slice(0, 8) }; // rtb-0cfe79f929a6b41a4 never repointed
    const proof = proveFix(snapshot, partial, request);
    expect(proof.proved).toBe(false);
    expect(proof.reason).toMatch(/internet from subnet-d6e605ae/);
  });

  it('refuses a plan that creates a NAT gateway or an Elastic IP nothing uses', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request, { natPerAz: true });
    const unused = { ...plan, steps: plan.steps.slice(0, 13) }; // the us-west-2b NAT gateway gets no route
    expect(proveFix(snapshot, unused, request)).toMatchObject({ proved: false, reason: expect.stringMatching(/step 10 creates a NAT gateway that no route uses/) });
    const lonely = { ...plan, steps: [...plan.steps, { action: 'AllocateAddress', iamAction: 'ec2:AllocateAddress', params: { Domain: 'vpc' }, why: 'spare' }] };
    expect(proveFix(snapshot, lonely, request)).toMatchObject({ proved: false, reason: expect.stringMatching(/step 15 allocates an Elastic IP that no step uses/) });
  });

  it('refuses a plan that points a route at a NAT gateway before waiting for it', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request, { natPerAz: true });
    const early = { ...plan, steps: [...plan.steps.slice(0, 10), plan.steps[12]!, plan.steps[10]!, plan.steps[11]!, plan.steps[13]!] };
    expect(proveFix(snapshot, early, request)).toMatchObject({ proved: false, reason: expect.stringMatching(/before any step waits/) });
  });

  it('does not touch the snapshot it proves on', () => {
    const { snapshot, request } = load('seed');
    const before = JSON.stringify(snapshot);
    proveFix(snapshot, planOf(snapshot, request), request);
    expect(JSON.stringify(snapshot)).toBe(before);
  });
});

describe('renderPlan', () => {
  it('numbers the steps with their key parameters and reasons', () => {
    const { snapshot, request } = load('seed');
    const plan = planOf(snapshot, request, { natPerAz: true });
    plan.proved = true;
    const text = renderPlan(plan);
    expect(text).toMatch(/Repair plan, 14 steps \(proved on the model\)/);
    expect(text).toMatch(/ 3\. CreateSubnet VpcId=vpc-6144d219 AvailabilityZone=us-west-2a CidrBlock=172\.31\.0\.0\/28/);
    expect(text).toMatch(/14\. ReplaceRoute RouteTableId=rtb-0cfe79f929a6b41a4 DestinationCidrBlock=0\.0\.0\.0\/0 NatGatewayId=\$\{10\.NatGateway\.NatGatewayId\}/);
    expect(text).not.toMatch(/TagSpecifications/);
  });
});

describe('policies/fix.json', () => {
  it('allows every action a plan, its wait or its rollback sends', () => {
    const policy = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'policies', 'fix.json'), 'utf8')) as { Statement: { Action: string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const names = ['seed', '13-sg-egress-only-5432', '21-db-sg-admits-neither', '09-main-route-table-local-only', '17-s3-gateway-endpoint-wrong-route-table'];
    // Besides the steps: the VPC lock tag (written, read back, removed) and the route checks before ReplaceRoute and its undo.
    const needed = new Set<string>(['ec2:CreateTags', 'ec2:DescribeNatGateways', 'ec2:DeleteTags', 'ec2:DescribeTags', 'ec2:DescribeRouteTables']);
    for (const name of names) {
      const { snapshot, request } = load(name);
      for (const step of planOf(snapshot, request).steps) {
        needed.add(step.iamAction);
        for (const undo of step.undo ?? []) needed.add(undo.action === 'WaitNatGatewayDeleted' ? 'ec2:DescribeNatGateways' : `ec2:${undo.action}`);
      }
    }
    expect([...needed].filter((a) => !allowed.has(a))).toEqual([]);
  });
});
