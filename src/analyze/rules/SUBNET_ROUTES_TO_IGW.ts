import { defineRule, detail, traffic, where } from './define.js';
import { noPublicSubnet, sentence } from './remedy.js';

export default defineRule({
  code: 'SUBNET_ROUTES_TO_IGW',
  severity: 'error',
  title: 'Function subnet routes straight to an internet gateway',
  explanation:
    "The function subnet's route table sends this destination directly to an internet gateway, which makes it " +
    'a public subnet. An internet gateway only lets out traffic from an address that has a public IP or Elastic ' +
    'IP paired with it, and Lambda network interfaces never get one: putting a function in a public subnet ' +
    'does not give it internet access. The internet gateway drops the packets, so calls to the internet or to ' +
    'SES time out. (Attaching an Elastic IP to the Lambda interface by hand is not a supported fix.)',
  remediation:
    'Run the function in private subnets whose route table sends 0.0.0.0/0 to a NAT gateway that itself sits ' +
    'in a public subnet: either change the function\'s VPC configuration to such subnets, or give this subnet its ' +
    'own route table (aws ec2 create-route-table --vpc-id VPC; aws ec2 create-route --route-table-id RTB ' +
    '--destination-cidr-block 0.0.0.0/0 --nat-gateway-id NAT; aws ec2 replace-route-table-association, or ' +
    'associate-route-table). Do not edit the public table in place if the NAT gateway or other public resources ' +
    'use it.',
  remedy: (r, e) => {
    const nat = r.nat ? { steps: '', id: r.nat } : r.publicSubnet ? {
      steps: 'EIP=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text); ' +
        `NAT=$(aws ec2 create-nat-gateway --subnet-id ${r.publicSubnet} --allocation-id "$EIP" --query NatGateway.NatGatewayId --output text); ` +
        'aws ec2 wait nat-gateway-available --nat-gateway-ids "$NAT"; ', id: '"$NAT"' } : null;
    if (!nat) return `${sentence(noPublicSubnet(r))} Leave ${e.resource} as it is.`;
    const associate = r.association
      ? `aws ec2 replace-route-table-association --association-id ${r.association} --route-table-id "$RTB"`
      : `aws ec2 associate-route-table --subnet-id ${r.subnet} --route-table-id "$RTB"`;
    return `Lambda ENIs get no public IP, so give function subnet ${r.subnet} a route table of its own that sends 0.0.0.0/0 to a NAT gateway` +
      `${r.nat ? ` (${r.nat} works${r.natAz && r.natAz !== r.az ? `, in ${r.natAz}` : ''})` : ` (a new one in public subnet ${r.publicSubnet})`}: ${nat.steps}` +
      `RTB=$(aws ec2 create-route-table --vpc-id ${r.vpc} --query RouteTable.RouteTableId --output text); ` +
      `aws ec2 create-route --route-table-id "$RTB" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${nat.id}; ${associate} ` +
      `(copy any other route of ${e.resource} the function needs). Leave ${e.resource} as it is: public resources may rely on its internet gateway route. ` +
      'Or run the function in private subnets that already route through a NAT gateway.';
  },
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} ' +
      '--query "RouteTables[].[Associations[].SubnetId,Routes[].[DestinationCidrBlock,GatewayId]]"',
    'aws ec2 describe-network-interfaces --filters Name=interface-type,Values=lambda ' +
      'Name=subnet-id,Values=<subnet-id> --query "NetworkInterfaces[].Association.PublicIp"',
  ],
  reachabilityAnalyzer: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
  fixable: true,
  message: (e) =>
    `Route table ${e.resource}${where(e, 'of')} sends ${traffic(e)} straight to an internet gateway${detail(e)}, ` +
    `but Lambda network interfaces never have a public IP, so the gateway drops it.`,
});
