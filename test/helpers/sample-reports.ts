// Hand-built Reports (src/analyze/types.ts) for the renderer tests, until the engine produces them.
import type { FindingCode } from '../../src/analyze/codes.js';
import type { FunctionReport, Hop, HopKind, Report } from '../../src/analyze/types.js';

const ACCOUNT = '123456789012';
const REGION = 'us-west-2';
const SES = { host: `email.${REGION}.amazonaws.com`, port: 443, protocol: 'tcp' as const };
const INTERNET = { address: '0.0.0.0/0', port: 443, protocol: 'tcp' as const };

function hop(kind: HopKind, id: string, ok: boolean | null, detail: string, codes?: FindingCode[]): Hop {
  return codes ? { kind, id, ok, detail, codes } : { kind, id, ok, detail };
}

function arn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

// ── 1. Everything reachable: internet by NAT, SES by an interface endpoint, the database locally.
const ordersSubnets = [
  { subnetId: 'subnet-0a1b2c3d4e5f60011', availabilityZone: 'us-west-2a', cidr: '10.1.1.0/24' },
  { subnetId: 'subnet-0a1b2c3d4e5f60012', availabilityZone: 'us-west-2b', cidr: '10.1.2.0/24' },
];
const ordersSg = 'sg-0a1b2c3d4e5f60011';

function ordersInternet(i: number): Hop[] {
  const n = i + 1;
  return [
    hop('eni', `eni-0a1b2c3d4e5f6001${n}`, true, `lambda ENI, private IP 10.1.${n}.37`),
    hop('security-group', ordersSg, true, 'egress all traffic to 0.0.0.0/0'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60011', true, 'egress rule 100 allows; ingress rule 100 allows 1024-65535'),
    hop('route-table', `rtb-0a1b2c3d4e5f6001${n}`, true, `0.0.0.0/0 → nat-0a1b2c3d4e5f6001${n}`),
    hop('nat-gateway', `nat-0a1b2c3d4e5f6001${n}`, true, `available, public, EIP 52.10.0.${n}, same AZ`),
    hop('internet-gateway', 'igw-0a1b2c3d4e5f60011', true, 'attached to vpc-0a1b2c3d4e5f60011'),
    hop('internet', '0.0.0.0/0', true, 'any public IPv4 address, TCP 443'),
  ];
}

function ordersSes(i: number): Hop[] {
  const n = i + 1;
  return [
    hop('eni', `eni-0a1b2c3d4e5f6001${n}`, true, `lambda ENI, private IP 10.1.${n}.37`),
    hop('dns', SES.host, true, 'private DNS of vpce-0a1b2c3d4e5f60011 resolves to 10.1.' + n + '.200'),
    hop('security-group', ordersSg, true, 'egress all traffic to 0.0.0.0/0'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60011', true, 'same subnet as the endpoint ENI: no ACL crossed'),
    hop('route-table', `rtb-0a1b2c3d4e5f6001${n}`, true, '10.1.0.0/16 → local'),
    hop('vpc-endpoint', 'vpce-0a1b2c3d4e5f60011', true, `com.amazonaws.${REGION}.email, available, private DNS on`),
  ];
}

function ordersDb(i: number): Hop[] {
  const n = i + 1;
  return [
    hop('eni', `eni-0a1b2c3d4e5f6001${n}`, true, `lambda ENI, private IP 10.1.${n}.37`),
    hop('security-group', ordersSg, true, 'egress all traffic to 0.0.0.0/0'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60011', true, 'egress rule 100 allows TCP 5432'),
    hop('route-table', `rtb-0a1b2c3d4e5f6001${n}`, true, '10.1.0.0/16 → local'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60012', true, 'database subnet: ingress TCP 5432 allowed, replies allowed'),
    hop('database', 'orders-db', true, 'available; sg-0a1b2c3d4e5f60013 admits sg-0a1b2c3d4e5f60011 on 5432'),
  ];
}

export const reachableFunction: FunctionReport = {
  function: {
    name: 'orders-api', arn: arn('orders-api'), vpcId: 'vpc-0a1b2c3d4e5f60011',
    subnetIds: ordersSubnets.map((s) => s.subnetId), securityGroupIds: [ordersSg], subnets: ordersSubnets,
  },
  verdict: 'reachable',
  targets: [
    { target: 'internet', destination: INTERNET, verdict: 'reachable',
      paths: ordersSubnets.map((s, i) => ({ ...az(s), verdict: 'reachable', hops: ordersInternet(i) })) },
    { target: 'ses', destination: SES, verdict: 'reachable',
      paths: ordersSubnets.map((s, i) => ({ ...az(s), verdict: 'reachable', hops: ordersSes(i) })) },
    { target: 'rds:orders-db',
      destination: { host: 'orders-db.c9akciq32xyz.us-west-2.rds.amazonaws.com', port: 5432, protocol: 'tcp' },
      verdict: 'reachable',
      paths: ordersSubnets.map((s, i) => ({ ...az(s), verdict: 'reachable', hops: ordersDb(i) })) },
  ],
  findings: [],
};

function az(s: { subnetId: string; availabilityZone: string }): { subnetId: string; availabilityZone: string } {
  return { subnetId: s.subnetId, availabilityZone: s.availabilityZone };
}

// ── 2. Partial: subnet 2b routes to a public NAT gateway without an Elastic IP.
const authSubnets = [
  { subnetId: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'us-west-2a', cidr: '10.0.1.0/24' },
  { subnetId: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'us-west-2b', cidr: '10.0.2.0/24' },
];
const authSg = 'sg-0a1b2c3d4e5f60001';
const badNat = 'nat-0a1b2c3d4e5f60002';

function authPublic(i: number, withDns: boolean): Hop[] {
  const n = i + 1;
  const broken = i === 1;
  return [
    hop('eni', `eni-0a1b2c3d4e5f6000${n}`, true, `lambda ENI, private IP 10.0.${n}.52`),
    ...(withDns ? [hop('dns', SES.host, true, 'no interface endpoint for email: the public name resolves')] : []),
    hop('security-group', authSg, true, 'egress TCP 443 to 0.0.0.0/0'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60001', true, 'default ACL: allows all'),
    hop('route-table', `rtb-0a1b2c3d4e5f6000${n}`, true, `0.0.0.0/0 → nat-0a1b2c3d4e5f6000${n}`),
    broken
      ? hop('nat-gateway', badNat, false, 'available, public, no NatGatewayAddresses', ['NAT_NO_PUBLIC_IP'])
      : hop('nat-gateway', 'nat-0a1b2c3d4e5f60001', true, 'available, public, EIP 34.212.0.17, same AZ'),
    hop('internet-gateway', 'igw-0a1b2c3d4e5f60001', true, 'attached to vpc-0a1b2c3d4e5f60001'),
    withDns ? hop('internet', SES.host, true, 'SES API, TCP 443') : hop('internet', '0.0.0.0/0', true, 'any public IPv4 address, TCP 443'),
  ];
}

function authDb(i: number): Hop[] {
  const n = i + 1;
  return [
    hop('eni', `eni-0a1b2c3d4e5f6000${n}`, true, `lambda ENI, private IP 10.0.${n}.52`),
    hop('security-group', authSg, true, 'egress TCP 5432 to sg-0a1b2c3d4e5f60003'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60001', true, 'default ACL: allows all'),
    hop('route-table', `rtb-0a1b2c3d4e5f6000${n}`, true, '10.0.0.0/16 → local'),
    hop('network-acl', 'acl-0a1b2c3d4e5f60001', true, 'database subnet shares the default ACL'),
    hop('database', 'mobile-auth-db', true, 'available; sg-0a1b2c3d4e5f60003 admits sg-0a1b2c3d4e5f60001 on 5432'),
  ];
}

export const partialFunction: FunctionReport = {
  function: {
    name: 'mobile-auth-handler', arn: arn('mobile-auth-handler'), vpcId: 'vpc-0a1b2c3d4e5f60001',
    subnetIds: authSubnets.map((s) => s.subnetId), securityGroupIds: [authSg], subnets: authSubnets,
  },
  verdict: 'partial',
  targets: [
    { target: 'internet', destination: INTERNET, verdict: 'partial',
      paths: authSubnets.map((s, i) => ({ ...az(s), verdict: i === 1 ? 'unreachable' : 'reachable', hops: authPublic(i, false) })) },
    { target: 'ses', destination: SES, verdict: 'partial',
      paths: authSubnets.map((s, i) => ({ ...az(s), verdict: i === 1 ? 'unreachable' : 'reachable', hops: authPublic(i, true) })) },
    { target: 'rds:mobile-auth-db',
      destination: { host: 'mobile-auth-db.c9akciq32abc.us-west-2.rds.amazonaws.com', port: 5432, protocol: 'tcp' },
      verdict: 'reachable',
      paths: authSubnets.map((s, i) => ({ ...az(s), verdict: 'reachable', hops: authDb(i) })) },
  ],
  findings: [
    { code: 'NAT_NO_PUBLIC_IP', severity: 'error', resourceIds: [badNat], targets: ['internet', 'ses'],
      subnetIds: ['subnet-0a1b2c3d4e5f60002'],
      message: `NAT gateway ${badNat} has no Elastic IP, so nothing it forwards reaches the internet.`,
      remediation: 'Allocate an Elastic IP (aws ec2 allocate-address --domain vpc) and create a new NAT gateway with it ' +
        'in a subnet that routes 0.0.0.0/0 to an attached internet gateway, then point the function subnets\' routes at it.' },
    { code: 'SUBNET_FEW_FREE_IPS', severity: 'warning', resourceIds: ['subnet-0a1b2c3d4e5f60001'], targets: [],
      subnetIds: ['subnet-0a1b2c3d4e5f60001'],
      message: 'Subnet subnet-0a1b2c3d4e5f60001 has 11 free addresses; Lambda needs one per ENI when it scales.',
      remediation: 'Add a larger subnet in us-west-2a to the function\'s VPC configuration.' },
    { code: 'ENDPOINT_WRONG_SERVICE', severity: 'info', resourceIds: ['vpce-0a1b2c3d4e5f60009'], targets: ['ses'],
      subnetIds: [],
      message: `Interface endpoint vpce-0a1b2c3d4e5f60009 serves com.amazonaws.${REGION}.email-smtp (SMTP, port 587), not the SES API the SDK's SendEmail uses.`,
      remediation: `Create an interface endpoint for com.amazonaws.${REGION}.email with private DNS on, or keep the NAT path.` },
  ],
};

// ── 3. Unknown: network ACLs could not be read; the database also refuses the function's group.
const billingSubnet = { subnetId: 'subnet-0a1b2c3d4e5f60021', availabilityZone: 'us-west-2c', cidr: '10.2.1.0/24' };
const billingSg = 'sg-0a1b2c3d4e5f60021';
const deniedAcl = (): Hop =>
  hop('network-acl', 'acl-0a1b2c3d4e5f60021', null, 'ec2:DescribeNetworkAcls was denied', ['PERMISSION_DENIED']);

export const unknownFunction: FunctionReport = {
  function: {
    name: 'billing-worker', arn: arn('billing-worker'), vpcId: 'vpc-0a1b2c3d4e5f60021',
    subnetIds: [billingSubnet.subnetId], securityGroupIds: [billingSg, 'sg-0a1b2c3d4e5f60022'], subnets: [billingSubnet],
  },
  verdict: 'unreachable',
  targets: [
    { target: 'internet', destination: INTERNET, verdict: 'unknown', paths: [{ ...az(billingSubnet), verdict: 'unknown', hops: [
      hop('eni', 'eni-0a1b2c3d4e5f60021', true, 'lambda ENI, private IP 10.2.1.9'),
      hop('security-group', billingSg, true, 'egress all traffic to 0.0.0.0/0'),
      deniedAcl(),
      hop('route-table', 'rtb-0a1b2c3d4e5f60021', true, '0.0.0.0/0 → nat-0a1b2c3d4e5f60021'),
      hop('nat-gateway', 'nat-0a1b2c3d4e5f60021', true, 'available, public, EIP 44.230.1.5, same AZ'),
      hop('internet-gateway', 'igw-0a1b2c3d4e5f60021', true, 'attached to vpc-0a1b2c3d4e5f60021'),
      hop('internet', '0.0.0.0/0', true, 'any public IPv4 address, TCP 443'),
    ] }] },
    { target: 'rds:billing-db',
      destination: { host: 'billing-db.c9akciq32def.us-west-2.rds.amazonaws.com', port: 3306, protocol: 'tcp' },
      verdict: 'unreachable', paths: [{ ...az(billingSubnet), verdict: 'unreachable', hops: [
        hop('eni', 'eni-0a1b2c3d4e5f60021', true, 'lambda ENI, private IP 10.2.1.9'),
        hop('security-group', billingSg, true, 'egress all traffic to 0.0.0.0/0'),
        deniedAcl(),
        hop('route-table', 'rtb-0a1b2c3d4e5f60021', true, '10.2.0.0/16 → local'),
        hop('database', 'billing-db', false,
          'address from DB_HOST "<redacted:rds:billing-db>" & its subnet group; sg-0a1b2c3d4e5f60023 admits only 10.9.0.0/16 on 3306',
          ['SG_INGRESS_DENIED']),
      ] }] },
  ],
  findings: [
    { code: 'SG_INGRESS_DENIED', severity: 'error', resourceIds: ['sg-0a1b2c3d4e5f60023', 'billing-db'],
      targets: ['rds:billing-db'], subnetIds: ['subnet-0a1b2c3d4e5f60021'],
      message: 'Security group sg-0a1b2c3d4e5f60023 of billing-db admits neither sg-0a1b2c3d4e5f60021/sg-0a1b2c3d4e5f60022 nor 10.2.1.0/24 on TCP 3306.',
      remediation: 'aws ec2 authorize-security-group-ingress --group-id sg-0a1b2c3d4e5f60023 --protocol tcp --port 3306 ' +
        '--source-group sg-0a1b2c3d4e5f60021' },
    { code: 'PERMISSION_DENIED', severity: 'warning', resourceIds: ['acl-0a1b2c3d4e5f60021'],
      targets: ['internet', 'rds:billing-db'], subnetIds: ['subnet-0a1b2c3d4e5f60021'],
      message: 'ec2:DescribeNetworkAcls was denied, so the network ACL hops could not be checked.',
      remediation: 'Grant ec2:DescribeNetworkAcls (see policies/) and run the check again.' },
    { code: 'FUNCTION_SINGLE_AZ', severity: 'warning', resourceIds: ['billing-worker'], targets: [], subnetIds: [],
      message: 'All subnets of billing-worker are in us-west-2c: an outage of that AZ stops the function.',
      remediation: 'Add a subnet in a second Availability Zone to the function\'s VPC configuration.' },
  ],
};

// ── 4. Edge case: a function outside any VPC (no subnets, targets without paths).
export const notInVpcFunction: FunctionReport = {
  function: { name: 'legacy-cron', arn: arn('legacy-cron'), vpcId: null, subnetIds: [], securityGroupIds: [] },
  verdict: 'unreachable',
  targets: [
    { target: 'internet', destination: INTERNET, verdict: 'reachable', paths: [] },
    { target: '10.3.4.5:5432', destination: { address: '10.3.4.5', port: 5432, protocol: 'tcp' }, verdict: 'unreachable', paths: [] },
  ],
  findings: [
    { code: 'FUNCTION_NOT_IN_VPC', severity: 'info', resourceIds: ['legacy-cron'], targets: ['10.3.4.5:5432'], subnetIds: [],
      message: 'legacy-cron has no VPC configuration: it reaches the internet through Lambda\'s own network and no private address.',
      remediation: 'Attach the function to the VPC (subnets in two AZs and a security group) to reach 10.3.4.5.' },
  ],
};

export const single = (fr: FunctionReport): Report => ({ schemaVersion: 1, functions: [fr] });

export const reachableReport = single(reachableFunction);
export const partialReport = single(partialFunction);
export const unknownReport = single(unknownFunction);
export const notInVpcReport = single(notInVpcFunction);
export const multiReport: Report = {
  schemaVersion: 1, functions: [reachableFunction, partialFunction, unknownFunction, notInVpcFunction],
};

/** Every sample, named, for `it.each`. */
export const SAMPLES: [string, Report][] = [
  ['reachable', reachableReport], ['partial', partialReport], ['unknown', unknownReport],
  ['not-in-vpc', notInVpcReport], ['multi', multiReport],
];

// ── 5. Hostile strings: every character the formats treat specially, in names, ids, details, messages.
const NASTY = 'a "quoted" <tag> & #35; | `tick` [x](y) _u_ *s*\nnext\u0001line \u001b[31mred \\ end';
export const nastyReport: Report = (() => {
  const fr = structuredClone(partialFunction);
  fr.function.name = 'auth "edge" <fn> & #1';
  const nat = fr.targets[0]!.paths[1]!.hops.find((h) => h.kind === 'nat-gateway')!;
  nat.id = 'nat-"odd"<id>';
  nat.detail = NASTY;
  fr.findings[0]!.resourceIds = [nat.id];
  fr.findings[0]!.message = `${NASTY} (message)`;
  fr.findings[0]!.remediation = `${NASTY} (fix)`;
  fr.targets[1]!.target = 'host"x":443';
  return { schemaVersion: 1, functions: [fr] };
})();

SAMPLES.push(['hostile strings', nastyReport]);

// ── 6. Wide characters (CJK, emoji: two terminal columns each) in a name, a detail and a message.
export const wideReport: Report = (() => {
  const fr = structuredClone(partialFunction);
  fr.function.name = '注文処理-handler';
  const nat = fr.targets[0]!.paths[1]!.hops.find((h) => h.kind === 'nat-gateway')!;
  nat.detail = '東京リージョンの NAT ゲートウェイ 🚧 には Elastic IP がありません '.repeat(3);
  fr.findings[0]!.message = `${'全角の説明文が続きます。'.repeat(8)} 🚧🚧🚧`;
  return { ...partialReport, functions: [fr] };
})();
SAMPLES.push(['wide characters', wideReport]);
