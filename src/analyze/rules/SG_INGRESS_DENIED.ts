import { defineRule, detail, where } from './define.js';

export default defineRule({
  code: 'SG_INGRESS_DENIED',
  severity: 'error',
  title: "Destination's security groups do not admit the function",
  explanation:
    'The destination (an RDS database, a VPC interface endpoint, or the network interface that holds the target ' +
    'address) has its own security groups, and they accept a new inbound connection only where an ingress rule ' +
    "allows it. No rule admits TCP on the destination port from the function's security groups or from a CIDR " +
    "that covers the function's private address, so the destination silently drops the connection and the " +
    "call times out. A rule naming the function's security group only matches inside the VPC or across a " +
    'same-Region peering; across Regions only a CIDR rule works.',
  remediation:
    "Add an inbound rule to the destination's security group: TCP on the port (5432 for PostgreSQL, 3306 for " +
    "MySQL, 443 for an endpoint) with the function's security group as the source. CLI: aws ec2 " +
    'authorize-security-group-ingress --group-id sg-DESTINATION --protocol tcp --port 5432 --source-group ' +
    'sg-FUNCTION; console: EC2 > Security Groups > Inbound rules > Edit inbound rules.',
  confirm: [
    'aws ec2 describe-security-groups --group-ids ${resource} --query "SecurityGroups[].IpPermissions"',
    'aws rds describe-db-instances --db-instance-identifier <db-id> ' +
      '--query "DBInstances[].[VpcSecurityGroups,Endpoint.Port]"',
  ],
  reachabilityAnalyzer: 'ENI_SG_RULES_MISMATCH',
  fixable: true,
  message: (e) =>
    `Security group ${e.resource} does not admit the function's connection` +
    `${e.target ? ` to ${e.target}` : ''}${where(e, 'from')}${detail(e)}.`,
});
