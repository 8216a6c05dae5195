import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'DNS_PRIVATE_ZONE_SHADOWS',
  severity: 'warning',
  title: 'A private hosted zone answers for the name',
  explanation:
    'A Route 53 private hosted zone associated with the VPC is named after the host or one of its parent domains ' +
    '(amazonaws.com, us-west-2.amazonaws.com, rds.amazonaws.com …). Inside the VPC the Amazon resolver answers such ' +
    'names from that zone only: a name without a record there gets NXDOMAIN instead of the public answer. Whether ' +
    'the zone holds the right record is not collected, so the path is unknown from this hop on.',
  remediation:
    'Add the missing record to the zone (often an alias to an interface endpoint), or use a zone named after the ' +
    'exact host instead of a parent domain, or disassociate the zone from the VPC (aws route53 ' +
    'disassociate-vpc-from-hosted-zone).',
  confirm: [
    'aws route53 list-resource-record-sets --hosted-zone-id ${resource}',
    'aws route53 list-hosted-zones-by-vpc --vpc-id <vpc-id> --vpc-region <region>',
  ],
  fixable: false,
  message: (e) => `Private hosted zone ${e.resource} answers for the name${detail(e)}, so ${traffic(e, 'the traffic')} depends on its records.`,
});
