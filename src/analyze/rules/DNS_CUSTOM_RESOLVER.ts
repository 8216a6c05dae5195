import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'DNS_CUSTOM_RESOLVER',
  severity: 'warning',
  title: 'Another DNS server answers for the name',
  explanation:
    'The VPC\'s DHCP options set names domain-name-servers other than AmazonProvidedDNS, or a Route 53 Resolver ' +
    'FORWARD rule associated with the VPC sends the name (or a parent domain) to other resolvers. What they answer ' +
    'cannot be seen from the AWS APIs: the name may resolve to another address (an on-premises or other-account ' +
    'endpoint), not resolve at all, or time out if the servers are unreachable. The path is unknown from this hop on. ' +
    'Interface endpoints\' private DNS names only exist in the Amazon resolver.',
  remediation:
    'Check what those servers answer for the name (from an instance in the same subnets: dig NAME @SERVER). Use ' +
    'AmazonProvidedDNS in the DHCP options (aws ec2 create-dhcp-options, aws ec2 associate-dhcp-options) or forward ' +
    'only on-premises domains, and keep amazonaws.com names with the Amazon resolver.',
  confirm: [
    'aws ec2 describe-dhcp-options --dhcp-options-ids ${resource}',
    'aws route53resolver get-resolver-rule --resolver-rule-id ${resource}',
  ],
  fixable: false,
  message: (e) => `Name resolution goes through ${e.resource}${detail(e)}, a resolver vpcdoctor cannot see, so ${traffic(e, 'the traffic')} is not certain.`,
});
