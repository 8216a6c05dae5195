import { defineRule, detail, where } from './define.js';
import { CONFIRM_ACL } from './confirm.js';

export default defineRule({
  code: 'NACL_RETURN_DENIED',
  severity: 'error',
  title: 'Network ACL drops the replies (ephemeral ports)',
  explanation:
    'Network ACLs are stateless: a reply is checked as a new packet, against the rules for its own direction. ' +
    'Replies go back to the source port the client picked, and Lambda and NAT gateways use source ports from ' +
    '1024 to 65535; AWS says the whole range must be allowed or connections fail, sometimes only ' +
    "intermittently. An ACL on the path does not allow the reply (inbound TCP 1024-65535 on the function's or " +
    "NAT gateway's subnet, or outbound to those ports on the destination's subnet), so the request goes out but " +
    'the answer is dropped and the call times out.',
  remediation:
    'Allow the ephemeral range for replies with a rule number lower than any matching deny. CLI: aws ec2 ' +
    'create-network-acl-entry --network-acl-id acl-ID --ingress --rule-number 110 --protocol tcp ' +
    "--port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow (use the database subnet's " +
    "CIDR instead of 0.0.0.0/0 for a database; on the destination's subnet add the matching --egress rule); " +
    'console: VPC > Network ACLs > Inbound rules.',
  confirm: CONFIRM_ACL,
  reachabilityAnalyzer: 'SUBNET_ACL_RESTRICTION',
  fixable: false,
  message: (e) =>
    `Network ACL ${e.resource}${where(e, 'of')} drops the replies` +
    `${e.target ? ` from ${e.target}` : ''}${detail(e)}; replies need TCP ports 1024-65535 allowed.`,
});
