// Concrete remediation: a rule's fix written with the ids the analysis knows (the table, the NAT
// gateway that works, the public subnet for a new one), the right verb (replace-route when the
// route exists), and shell variables for what does not exist yet. A rule's `remediation` stays the
// generic form with placeholders, for `explain` and SARIF rule help, which have no network.
import type { DnsBlock } from '../../model/dns.js';

/** Placeholder ids of the generic fix texts (rtb-ID, nat-NEW, subnet-PUBLIC, VPC…). */
export const PLACEHOLDER = /\b[a-z]+(?:-[a-z]+)*-(?:ID|NEW|PUBLIC|NATSUBNET)\b|--[a-z-]+ (?:VPC|RTB|NAT|CIDR|PEER_CIDR|FUNCTION-VPC-CIDR|LIST|ARN|N)\b/;
export const PLACEHOLDER_NOTE = '(rtb-ID, nat-ID and the other capitalised ids are placeholders: this text is per code, with no network; `vpcdoctor check` writes each finding\'s fix with the real ids.)';

/** What the trace knows around a finding (analyze/trace/remedy-refs.ts computes it). */
export interface Refs {
  functionName: string;
  region: string;
  vpc: string;
  /** The first CIDR block of `vpc`, and of the function's VPC (they differ in an egress VPC behind a transit gateway). */
  vpcCidr?: string;
  functionVpcCidr?: string;
  /** The transit gateway of the path, when it crosses one, and the function VPC's attachment to it. */
  tgw?: string;
  tgwAttachment?: string;
  /** For a transit gateway route table's finding on a public path: a live attachment of `tgw` to another VPC whose NAT gateway reaches the internet. */
  tgwEgress?: string;
  az: string;
  /** The function subnet of the path that raised the finding. */
  subnet: string;
  /** The function's own subnets. */
  functionSubnets: string[];
  /** The route table `subnet` uses. */
  subnetTable?: string;
  /** `subnet`'s explicit association with it; none when it uses the main table implicitly. */
  association?: string;
  /** Whether `subnetTable` also serves function subnets of other AZs. */
  tableSharedAcrossAz?: boolean;
  /** The destination is public (the internet, an AWS service), not a private address. */
  publicGoal: boolean;
  /** The destination block of the route at fault ("0.0.0.0/0", "0.0.0.0/1"). */
  cidr?: string;
  /** A NAT gateway that carries traffic to the internet, of `az` first (natAz says where). */
  nat?: string;
  natAz?: string;
  /** A subnet, not the function's, whose table sends all public traffic to the attached internet gateway; of `az` first. */
  publicSubnet?: string;
  publicSubnetAz?: string;
  /** The internet gateway attached to `vpc`. */
  igw?: string;
  /** The VPC's route tables with a route to the finding's resource (an internet gateway). */
  tablesRoutingTo?: string[];
  /** For an interface endpoint's finding: its service name, subnets and security groups. */
  endpointService?: string;
  endpointSubnets?: string[];
  endpointGroups?: string[];
  /** For a database in another VPC: that VPC and its first CIDR block. */
  peerVpc?: string;
  peerCidr?: string;
  /** A peering connection between `vpc` and `peerVpc` that is active or awaits acceptance, and its state. */
  peering?: string;
  peeringState?: string;
  /** For a NAT gateway's finding: its subnet, that subnet's table, and whether that table has a 0.0.0.0/0 route. */
  natSubnet?: string;
  natTable?: string;
  natTableHasDefault?: boolean;
  /** For a Network Firewall endpoint that is not READY: the firewall, the attachment's AZ, subnet, endpoint and status, and the routes to that endpoint. */
  /** For an RDS Proxy endpoint: the proxy's name and port, and the function's security groups (a new endpoint must admit them). */
  proxy?: { name: string; port: number; functionVpc: string; functionGroups: string[] };
  /** For a name DNS Firewall blocks: the rule, its group and domain list. */
  dnsBlock?: DnsBlock;
  firewall?: { arn: string; name: string; az: string; subnet?: string; endpoint: string; status: string; routes: { table: string; cidr: string }[] };
}

/** Placeholders of the generic texts that a known id replaces when a rule has no remedy of its own. */
export function fillPlaceholders(text: string, resource: string, r: Refs): string {
  const own = (prefix: string) => (resource.startsWith(prefix) ? resource : undefined);
  const subnets = r.endpointSubnets?.length ? r.endpointSubnets : r.functionSubnets;
  // Longest placeholders first: tgw-attach-ID before tgw-ID, the full service name before REGION.
  const known: [string, string | undefined][] = [
    ['com.amazonaws.REGION.SERVICE', r.endpointService],
    ['tgw-attach-ID', own('tgw-attach-')],
    ['tgw-ID', own('tgw-') ?? r.tgw],
    ['rtb-ID', own('rtb-')],
    ['FUNCTION-VPC-CIDR', r.functionVpcCidr],
    ['acl-ID', own('acl-')],
    ['vpce-ID', own('vpce-')],
    ['vpc-ID', r.vpc],
    ['--subnet-ids subnet-ID', subnets.length > 0 ? `--subnet-ids ${subnets.join(' ')}` : undefined],
    ['--subnet-ids one-subnet-per-AZ', r.functionSubnets.length > 0 ? `--subnet-ids ${r.functionSubnets.join(' ')}` : undefined],
    ['subnet-ID', r.subnet],
    ['sg-ID', r.endpointGroups?.join(' ')],
    ['REGION', r.region],
    ['--cidr-block CIDR', r.cidr ? `--cidr-block ${r.cidr}` : undefined],
  ];
  return known.reduce((out, [placeholder, id]) => (id ? out.split(placeholder).join(id) : out), text);
}

/** The commands that create a NAT gateway in the public subnet and wait for it; its id is then "$NAT". */
function newNatCommands(publicSubnet: string): string {
  return 'EIP=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text); ' +
    `NAT=$(aws ec2 create-nat-gateway --subnet-id ${publicSubnet} --allocation-id "$EIP" --query NatGateway.NatGatewayId --output text); ` +
    'aws ec2 wait nat-gateway-available --nat-gateway-ids "$NAT"; ';
}

/** When no NAT gateway works and no subnet could hold one: what to do instead (no command to guess); a clause, no full stop. */
export function noPublicSubnet(r: Refs): string {
  return `no NAT gateway of ${r.vpc} carries traffic to the internet and no subnet of it sends all public traffic to an ` +
    `attached internet gateway, so a NAT gateway has nowhere to go yet: \`vpcdoctor check ${r.functionName} --fix\` plans ` +
    'one (a /28 public subnet, an Elastic IP and a NAT gateway)';
}

/** The clause as a sentence. */
export function sentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}${clause.endsWith('.') ? '' : '.'}`;
}

/**
 * Route the table's `cidr` through a NAT gateway: the one that works (same AZ first), else a new
 * one in the public subnet; `exclude` is a NAT gateway that must not be reused (the broken one). A clause.
 */
export function viaNat(r: Refs, table: string, verb: 'create-route' | 'replace-route', cidr = '0.0.0.0/0', exclude?: string): string {
  const route = (target: string) => `aws ec2 ${verb} --route-table-id ${table} --destination-cidr-block ${cidr} --nat-gateway-id ${target}`;
  if (r.nat && r.nat !== exclude) {
    const where = r.natAz && r.natAz !== r.az ? `, in ${r.natAz}: traffic from ${r.az} crosses AZs (NAT_CROSS_AZ)` : '';
    return `${route(r.nat)} (${r.nat} is an available NAT gateway that reaches the internet${where})`;
  }
  if (r.publicSubnet) {
    const where = r.publicSubnetAz && r.publicSubnetAz !== r.az ? ` (${r.publicSubnetAz}: ${r.az} has no public subnet)` : '';
    return `no NAT gateway works yet, so create one in public subnet ${r.publicSubnet}${where} first: ${newNatCommands(r.publicSubnet)}${route('"$NAT"')}`;
  }
  return noPublicSubnet(r);
}

/** Replace a NAT gateway that cannot carry traffic: the function subnet's route moves to a working or new one. */
export function replaceNat(r: Refs, broken: string): string {
  const table = r.subnetTable;
  if (!table) return `Create a public NAT gateway in a public subnet of ${r.az} and point the function subnets' routes at it.`;
  return `Point ${table}, the route table of ${r.subnet}, at a NAT gateway that works instead of ${broken}: ${viaNat(r, table, 'replace-route', '0.0.0.0/0', broken)}.`;
}
