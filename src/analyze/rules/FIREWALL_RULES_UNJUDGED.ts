import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'FIREWALL_RULES_UNJUDGED',
  severity: 'warning',
  title: 'Network Firewall rules vpcdoctor cannot judge',
  explanation:
    'The AWS Network Firewall in the path has rules whose effect on this traffic vpcdoctor cannot decide offline: ' +
    'Suricata-format rules (RulesString), stateful 5-tuple rules, a domain allow list for a target with no host ' +
    'name (internet), a domain list on a port where the protocol (TLS or HTTP) cannot be told, TCP-flag or ' +
    'source-port matches, or a policy or rule group the snapshot does not hold. A Network Firewall proxy attached ' +
    'to a NAT gateway (AttachedAppliances) filters what the NAT gateway forwards by proxy rules that are not ' +
    'collected, so it is judged the same way. The verdict is unknown, never reachable.',
  remediation:
    'Read the rules named below against the flow, or test it from the function (vpcdoctor probe) and check the ' +
    'firewall\'s alert and flow logs for the connection. For a NAT gateway proxy: aws network-firewall ' +
    'describe-proxy-configuration, and its rule groups.',
  confirm: [
    'aws network-firewall describe-firewall --firewall-arn ${resource} --query "Firewall.FirewallPolicyArn"',
    'aws network-firewall describe-firewall-policy --firewall-policy-arn <policy-arn>',
    'aws network-firewall describe-rule-group --rule-group-arn <rule-group-arn>',
  ],
  fixable: false,
  message: (e) => `Network Firewall ${e.resource}: cannot judge its rules for ${traffic(e)}${detail(e)}.`,
});
