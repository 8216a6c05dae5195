import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'ADDRESS_NOT_IN_SUBNET',
  severity: 'error',
  title: "Target address is in the VPC's range but in no subnet",
  explanation:
    "The target address falls inside one of the VPC's CIDR blocks, so the local route keeps the traffic " +
    'inside the VPC, but no subnet contains the address. There is nowhere to deliver the packet, and the ' +
    'connection times out. Usually the address is stale (a deleted subnet, or a resource that moved) or a typo.',
  remediation:
    'Check the address the function is configured with (environment variables, configuration files) against ' +
    "the resource's real address, and prefer the resource's DNS name (RDS endpoint, load balancer name) over " +
    'a hard-coded IP.',
  confirm: [
    'aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=${resource}',
    'aws ec2 describe-subnets --filters Name=vpc-id,Values=<vpc-id> ' +
      '--query "Subnets[].[SubnetId,CidrBlock,AvailabilityZone]"',
  ],
  reachabilityAnalyzer: 'NO_POSSIBLE_DESTINATION',
  fixable: false,
  message: (e) =>
    `Address ${e.resource}${e.target && e.target !== e.resource ? ` (${e.target})` : ''} is inside the VPC's ` +
    `range but in none of its subnets${detail(e)}, so nothing can receive the traffic.`,
});
