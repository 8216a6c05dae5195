import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'FIREWALL_NOT_READY_IN_AZ',
  severity: 'error',
  title: 'Network Firewall has no ready endpoint in the Availability Zone',
  explanation:
    'A route sends the traffic to an AWS Network Firewall endpoint, but the firewall\'s sync state for this ' +
    'Availability Zone is missing or its attachment is not READY (CREATING, DELETING, FAILED, ERROR, SCALING). ' +
    'A firewall endpoint forwards nothing until its attachment is READY, so the traffic is dropped at the endpoint.',
  remediation:
    'Wait for the attachment to become READY, or map a subnet of this Availability Zone to the firewall ' +
    '(aws network-firewall associate-subnets --firewall-arn ARN --subnet-mappings SubnetId=subnet-ID) and route ' +
    'this AZ\'s traffic to that AZ\'s endpoint.',
  confirm: [
    'aws network-firewall describe-firewall --firewall-arn ${resource} --query "FirewallStatus.SyncStates"',
  ],
  fixable: false,
  message: (e) => `Network Firewall ${e.resource} has no READY endpoint for ${traffic(e)}${detail(e)}.`,
});
