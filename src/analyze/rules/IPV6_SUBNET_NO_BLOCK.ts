import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'IPV6_SUBNET_NO_BLOCK',
  severity: 'error',
  title: 'A function subnet has no IPv6 block',
  explanation:
    'IPv6 traffic needs an IPv6 address, and a Lambda network interface gets one only in a subnet with an IPv6 ' +
    'CIDR block (Ipv6CidrBlockAssociationSet). In a subnet without one the function can reach IPv6 destinations ' +
    'from no invocation that lands there.',
  remediation:
    'Associate an IPv6 block with the VPC (aws ec2 associate-vpc-cidr-block --amazon-provided-ipv6-cidr-block) and ' +
    'a /64 of it with the subnet (aws ec2 associate-subnet-cidr-block --subnet-id subnet-ID --ipv6-cidr-block ' +
    '2600:…::/64), then add ::/0 → an egress-only internet gateway to its route table.',
  confirm: [
    'aws ec2 describe-subnets --subnet-ids ${resource} --query "Subnets[].Ipv6CidrBlockAssociationSet"',
  ],
  fixable: false,
  message: (e) => `Subnet ${e.resource} has no IPv6 block, so ${traffic(e)} over IPv6 has no source address${detail(e)}.`,
});
