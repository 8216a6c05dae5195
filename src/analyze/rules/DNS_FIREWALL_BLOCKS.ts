import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'DNS_FIREWALL_BLOCKS',
  severity: 'error',
  title: 'Route 53 Resolver DNS Firewall blocks the name',
  explanation:
    'A DNS Firewall rule group associated with the VPC has a BLOCK rule whose domain list holds the target\'s host ' +
    'name, and no ALLOW rule of a higher priority (lower number) matches it first. The Amazon resolver answers ' +
    'NXDOMAIN or NODATA (the SDK fails with ENOTFOUND or EAI_AGAIN) or, with OVERRIDE, a name that leads elsewhere ' +
    '(calls hang or fail TLS). Routes and security groups cannot show this; Reachability Analyzer does not model DNS.',
  remediation:
    'Add an ALLOW rule with a lower priority number for the name (aws route53resolver create-firewall-rule ' +
    '--firewall-rule-group-id rslvr-frg-ID --firewall-domain-list-id LIST --action ALLOW --priority N), or remove ' +
    'the name from the blocking domain list (aws route53resolver update-firewall-domains --operation REMOVE).',
  confirm: [
    'aws route53resolver list-firewall-rules --firewall-rule-group-id ${resource}',
    'aws route53resolver list-firewall-rule-group-associations --vpc-id <vpc-id>',
  ],
  fixable: false,
  message: (e) => `DNS Firewall rule group ${e.resource} blocks the name${detail(e)}, so ${traffic(e, 'the traffic')} never starts.`,
});
