import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'VPC_DNS_DISABLED',
  severity: 'error',
  title: 'VPC DNS support or DNS hostnames is turned off',
  explanation:
    "With the VPC attribute enableDnsSupport off, the Amazon-provided DNS server (the VPC's base address plus " +
    'two) does not answer, so the function cannot resolve names such as email.us-east-1.amazonaws.com or the ' +
    'RDS endpoint: calls fail with ENOTFOUND or UnknownHostException before a packet is sent (unless the VPC\'s ' +
    'DHCP options point at DNS servers of your own). With enableDnsHostnames off, interface endpoints\' private ' +
    "DNS names are not used, so the SDK resolves the service's public address and the traffic takes the NAT " +
    'path instead of the endpoint; vpcdoctor reports that case as a warning.',
  remediation:
    'Turn the attribute on, one per call: aws ec2 modify-vpc-attribute --vpc-id vpc-ID --enable-dns-support ' +
    'Value=true, and aws ec2 modify-vpc-attribute --vpc-id vpc-ID --enable-dns-hostnames Value=true (console: ' +
    'VPC > Your VPCs > Actions > Edit VPC settings).',
  confirm: [
    'aws ec2 describe-vpc-attribute --vpc-id ${resource} --attribute enableDnsSupport',
    'aws ec2 describe-vpc-attribute --vpc-id ${resource} --attribute enableDnsHostnames',
  ],
  fixable: false,
  message: (e) =>
    `VPC ${e.resource} has DNS support or DNS hostnames turned off${detail(e)}, so ` +
    `host names${e.target ? ` (for ${e.target})` : ''} do not resolve as intended.`,
});
