// Concrete remediation: a rule's fix written with the ids the analysis knows (the table, the NAT
// gateway that works, the public subnet for a new one), the right verb (replace-route when the
// route exists), and shell variables for what does not exist yet. A rule's `remediation` stays the
// generic form with placeholders, for `explain` and SARIF rule help, which have no network.

/** What the trace knows around a finding (analyze/trace/remedy-refs.ts computes it). */
export interface Refs {
  functionName: string;
  vpc: string;
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
  /** For a NAT gateway's finding: its subnet, that subnet's table, and whether that table has a 0.0.0.0/0 route. */
  natSubnet?: string;
  natTable?: string;
  natTableHasDefault?: boolean;
}

/** Placeholders of the generic texts that a known id replaces when a rule has no remedy of its own. */
export function fillPlaceholders(text: string, resource: string, r: Refs): string {
  const known: [string, string | undefined][] = [
    ['acl-ID', resource.startsWith('acl-') ? resource : undefined],
    ['vpce-ID', resource.startsWith('vpce-') ? resource : undefined],
    ['vpc-ID', r.vpc],
    ['subnet-ID', r.subnet],
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
