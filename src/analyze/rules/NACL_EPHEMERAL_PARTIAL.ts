import { defineRule, detail, where } from './define.js';
import { CONFIRM_ACL } from './confirm.js';

export default defineRule({
  code: 'NACL_EPHEMERAL_PARTIAL',
  severity: 'warning',
  title: 'Network ACL drops the replies on some ephemeral ports',
  explanation:
    'Network ACLs are stateless: a reply is checked against the rules for its own direction, on the source port ' +
    'the client picked. Lambda and NAT gateways pick source ports anywhere from 1024 to 65535 (64,512 ports). ' +
    'An ACL on the path denies the reply on some of those ports only, so most connections work and the ones that ' +
    'happened to pick a denied port hang until they time out: intermittent failures, roughly as often as the ' +
    'share of denied ports says.',
  remediation:
    'Allow the whole ephemeral range 1024-65535 for replies with a rule number lower than the deny that catches ' +
    'part of it (or narrow that deny so it no longer covers reply ports). CLI: aws ec2 create-network-acl-entry ' +
    '--network-acl-id acl-ID --ingress --rule-number 90 --protocol tcp --port-range From=1024,To=65535 ' +
    '--cidr-block CIDR --rule-action allow; console: VPC > Network ACLs > Inbound rules.',
  confirm: CONFIRM_ACL,
  reachabilityAnalyzer: 'SUBNET_ACL_RESTRICTION',
  fixable: false,
  message: (e) => `Network ACL ${e.resource}${where(e, 'of')} drops some replies${e.target ? ` from ${e.target}` : ''}${detail(e)}.`,
});
