import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'ADDRESS_NOT_ASSIGNED',
  severity: 'error',
  title: 'Target address is not assigned to any network interface',
  explanation:
    'The target address belongs to a subnet of the VPC, but no network interface holds it: the instance, ' +
    'database or load balancer that had it was stopped, replaced or deleted, and the private IP was released. ' +
    'Packets reach the subnet and nothing answers, so the connection times out. RDS and load balancer addresses ' +
    'change on failover and replacement, so a hard-coded IP is the usual cause.',
  remediation:
    "Point the function at the resource's DNS name (the RDS endpoint, the load balancer's DNS name) instead of " +
    'an IP address, or update the configured address to the one the resource has now.',
  confirm: [
    'aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=${resource} ' +
      '--query "NetworkInterfaces[].[NetworkInterfaceId,Status,Description]"',
    'aws rds describe-db-instances --query "DBInstances[].[DBInstanceIdentifier,Endpoint.Address]"',
  ],
  reachabilityAnalyzer: 'NO_POSSIBLE_DESTINATION',
  fixable: false,
  message: (e) =>
    `Address ${e.resource}${e.subnet ? ` in subnet ${e.subnet}` : ''} is not held by any network ` +
    `interface${detail(e)}, so nothing answers there.`,
});
