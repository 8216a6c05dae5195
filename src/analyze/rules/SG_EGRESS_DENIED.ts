import { defineRule, detail, where } from './define.js';

export default defineRule({
  code: 'SG_EGRESS_DENIED',
  severity: 'error',
  title: "Function's security groups do not allow the connection out",
  explanation:
    "Security groups are stateful firewalls on the function's network interface. A new outbound connection " +
    "leaves only if at least one egress rule of one of the function's groups allows it: TCP (or all traffic) on " +
    "the destination port, to a CIDR that covers the destination, to the destination's security group, or to " +
    "its prefix list. None does, so the packet never leaves the interface and the call times out. This often " +
    'follows replacing the default allow-all egress rule with narrow ones, or opening a database port only on ' +
    "the database's side.",
  remediation:
    "Add an outbound rule to one of the function's security groups: TCP on the destination port to 0.0.0.0/0 " +
    "for internet or SES, to the database's security group for RDS, or to the prefix list for a gateway " +
    'endpoint. CLI: aws ec2 authorize-security-group-egress --group-id sg-FUNCTION --ip-permissions ' +
    "'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'; console: EC2 > Security Groups > " +
    'Outbound rules > Edit outbound rules.',
  confirm: [
    'aws ec2 describe-security-groups --group-ids ${resource} --query "SecurityGroups[].IpPermissionsEgress"',
    'aws ec2 describe-security-group-rules --filters Name=group-id,Values=${resource} ' +
      '--query "SecurityGroupRules[?IsEgress]"',
  ],
  reachabilityAnalyzer: 'ENI_SG_RULES_MISMATCH',
  fixable: true,
  message: (e) =>
    `No egress rule of security group ${e.resource} admits the connection` +
    `${e.target ? ` to ${e.target}` : ''}${where(e, 'from')}${detail(e)}.`,
});
