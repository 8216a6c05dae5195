import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'IPV6_NOT_ALLOWED',
  severity: 'error',
  title: 'The function does not allow IPv6 traffic',
  explanation:
    "A Lambda function in a VPC sends IPv6 traffic only when its VPC configuration sets Ipv6AllowedForDualStack " +
    '(and its subnets have IPv6 blocks). Without it the function has no IPv6 address even in a dual-stack ' +
    'subnet, so an IPv6 destination is unreachable from it, whatever the routes and security groups say; IPv4 ' +
    'destinations are not affected.',
  remediation:
    'aws lambda update-function-configuration --function-name NAME --vpc-config ' +
    'SubnetIds=subnet-…,SecurityGroupIds=sg-…,Ipv6AllowedForDualStack=true (every subnet must have an IPv6 block).',
  confirm: [
    'aws lambda get-function-configuration --function-name ${resource} --query VpcConfig.Ipv6AllowedForDualStack',
  ],
  fixable: false,
  message: (e) => `Function ${e.resource} does not allow IPv6 (Ipv6AllowedForDualStack is off), so ${traffic(e)} over IPv6 cannot leave${detail(e)}.`,
});
