import { defineRule, detail, where } from './define.js';
import { CONFIRM_ACL } from './confirm.js';

export default defineRule({
  code: 'NACL_EGRESS_DENIED',
  severity: 'error',
  title: 'Network ACL drops the outbound packet',
  explanation:
    'Network ACLs are stateless filters at the subnet boundary. Their rules are checked in ascending rule-number ' +
    'order, the first rule that matches decides, and the final * rule denies everything else. An ACL on the ' +
    "path (the function's subnet on the way out, or the NAT gateway's or destination's subnet on the way in) " +
    'has no allow rule for the request packet ahead of a deny, so the packet is dropped at the subnet edge and ' +
    'the connection times out.',
  remediation:
    'Add an allow rule with a lower number than the deny that matches: outbound TCP on the destination port to ' +
    'the destination on the sending subnet, and inbound from the function subnet on a NAT or database subnet. ' +
    'CLI: aws ec2 create-network-acl-entry --network-acl-id acl-ID --egress --rule-number 100 --protocol tcp ' +
    '--port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow; console: VPC > Network ACLs > ' +
    'Outbound rules. Replies need rules of their own (see NACL_RETURN_DENIED).',
  confirm: CONFIRM_ACL,
  reachabilityAnalyzer: 'SUBNET_ACL_RESTRICTION',
  fixable: false,
  message: (e) =>
    `Network ACL ${e.resource}${where(e, 'of')} drops the forward packet` +
    `${e.target ? ` to ${e.target}` : ''}${detail(e)}.`,
});
