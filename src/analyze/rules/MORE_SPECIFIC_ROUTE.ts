import { defineRule, detail, where } from './define.js';

export default defineRule({
  code: 'MORE_SPECIFIC_ROUTE',
  severity: 'warning',
  title: 'A more specific route diverts part of the traffic',
  explanation:
    "The subnet's default route looks right, but the route table also has narrower routes for some public " +
    'address ranges that go somewhere else: a virtual private gateway, transit gateway, peering connection, ' +
    'another NAT gateway, or a blackhole. The VPC always prefers the longest matching prefix, so connections to ' +
    'addresses in those ranges (possibly some of the IPs behind SES or another AWS service) bypass the default ' +
    'route. The symptom is maddening: some destinations, or some retries, fail while others work.',
  remediation:
    'Review the narrower routes and remove or correct those that should not carry internet traffic: aws ec2 ' +
    'delete-route --route-table-id rtb-ID --destination-cidr-block CIDR (console: VPC > Route tables > Routes). ' +
    'If they are intended, for example on-premises ranges over VPN, make sure they do not overlap the public ' +
    'ranges the function needs.',
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} --query "RouteTables[].Routes" --output table',
  ],
  reachabilityAnalyzer: 'MORE_SPECIFIC_ROUTE',
  fixable: false,
  message: (e) =>
    `Route table ${e.resource}${where(e, 'of')} has more specific routes that send part of ` +
    `${e.target ? `the traffic for ${e.target}` : 'the public address space'} elsewhere${detail(e)}.`,
});
