import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'FIREWALL_DROPS',
  severity: 'error',
  title: 'Network Firewall policy drops the traffic',
  explanation:
    'The AWS Network Firewall in the path drops the traffic: a stateless rule or the stateless default action ' +
    '(aws:drop), a stateful domain list (an ALLOWLIST that does not hold the host name, or a DENYLIST that ' +
    'does), or the stateful default action under strict rule order (aws:drop_strict, aws:drop_established). ' +
    'Routes, security groups and network ACLs all allow it; the connection times out at the firewall.',
  remediation:
    'Add the host name to the allow list (aws network-firewall update-rule-group), or add a stateless pass / ' +
    'forward rule for the flow in both directions, then confirm with the firewall\'s alert and flow logs.',
  confirm: [
    'aws network-firewall describe-firewall-policy --firewall-policy-arn <policy-arn>',
    'aws network-firewall describe-firewall --firewall-arn ${resource}',
  ],
  fixable: false,
  message: (e) => `Network Firewall ${e.resource} drops ${traffic(e)}${detail(e)}.`,
});
