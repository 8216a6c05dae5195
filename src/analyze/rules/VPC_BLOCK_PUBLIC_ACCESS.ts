import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'VPC_BLOCK_PUBLIC_ACCESS',
  severity: 'error',
  title: 'VPC Block Public Access drops internet traffic',
  explanation:
    'VPC Block Public Access (BPA) is set to block-bidirectional for this account and Region. In that mode the ' +
    'internet gateway (and the egress-only internet gateway) drops all traffic of the VPC, including what a NAT ' +
    'gateway forwards, unless an exclusion in allow-egress or allow-bidirectional mode covers the VPC or the subnet ' +
    'that owns the source address the gateway sees. After a NAT gateway that is the NAT gateway\'s subnet, not the ' +
    'function\'s: excluding only the function\'s subnets does not help. Routes, security groups and ACLs can all be ' +
    'right and the calls still time out. IPv6 traffic through an egress-only internet gateway is dropped the same way; ' +
    'nothing translates it, so the exclusion must cover the function\'s own subnet. block-ingress mode lets NAT gateway ' +
    'and egress-only traffic out, but not the function\'s IPv6 address sent straight to an internet gateway.',
  remediation:
    'Create an egress-only exclusion for the NAT gateway\'s subnet (aws ec2 create-vpc-block-public-access-exclusion ' +
    '--subnet-id subnet-NAT --internet-gateway-exclusion-mode allow-egress), or for the whole VPC (--vpc-id) when the ' +
    'NAT gateway is regional (for IPv6 through an egress-only internet gateway: the function\'s subnets); `check --fix` ' +
    'plans exactly that, and waits until it is create-complete. An exclusion lets every resource of that subnet start connections to the internet: ' +
    'agree it with whoever enabled BPA. When the organization manages BPA (ExclusionsAllowed not-allowed), ask its ' +
    'administrators, or reach the service through a VPC endpoint instead.',
  confirm: [
    'aws ec2 describe-vpc-block-public-access-options',
    'aws ec2 describe-vpc-block-public-access-exclusions ' +
      '--query "VpcBlockPublicAccessExclusions[].[ResourceArn,InternetGatewayExclusionMode,State]"',
    'aws ec2 describe-internet-gateways --internet-gateway-ids ${resource} --query "InternetGateways[].Attachments"',
  ],
  reachabilityAnalyzer: 'VPC_BLOCK_PUBLIC_ACCESS_ENABLED',
  fixable: true,
  message: (e) =>
    `VPC Block Public Access drops ${traffic(e, 'internet traffic')} at ${e.resource.startsWith('eigw-') ? 'egress-only ' : ''}internet gateway ${e.resource}${detail(e)}.`,
});
