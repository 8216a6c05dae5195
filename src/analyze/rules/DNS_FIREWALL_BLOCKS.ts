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
  remedy: (r, e) => {
    const b = r.dnsBlock;
    if (!b) return e.resource;
    const group = `--firewall-rule-group-id ${b.ruleGroup}`;
    const allow = (priority: number) => `LIST=$(aws route53resolver create-firewall-domain-list --name vpcdoctor-allow-${b.host.replaceAll('.', '-')} --query FirewallDomainList.Id --output text); ` +
      `aws route53resolver update-firewall-domains --firewall-domain-list-id "$LIST" --operation ADD --domains ${b.host}; ` +
      `aws route53resolver create-firewall-rule ${group} --firewall-domain-list-id "$LIST" --action ALLOW --priority ${priority} --name allow-${b.host.replaceAll('.', '-')}`;
    const free = (p: number) => p >= 1 && p !== b.priority && !b.taken.includes(p);
    const below = Array.from({ length: Math.max(b.priority - 1, 0) }, (_, i) => b.priority - 1 - i).find(free);
    const allowRule = below !== undefined
      ? `let only ${b.host} through with an ALLOW rule before rule ${b.rule} (priority ${b.priority}) of ${b.ruleGroup}: ${allow(below)}`
      : free(b.priority + 1)
        ? `let only ${b.host} through: no priority below ${b.priority} is free in ${b.ruleGroup}, so move rule ${b.rule} to ${b.priority + 1} first (aws route53resolver update-firewall-rule ${group} --firewall-domain-list-id ${b.domainList} --priority ${b.priority + 1}), then add an ALLOW rule at ${b.priority}: ${allow(b.priority)}`
        : `let only ${b.host} through with an ALLOW rule numbered below ${b.priority} in ${b.ruleGroup} (renumber its rules with aws route53resolver update-firewall-rule to free one)`;
    if (b.managed || !b.entry) return `${b.domainList} is an AWS-managed domain list and cannot be edited: ${allowRule}.`;
    const broad = b.entry.replace(/\.$/, '') !== b.host;
    const remove = `aws route53resolver update-firewall-domains --firewall-domain-list-id ${b.domainList} --operation REMOVE --domains '${b.entry}'`;
    return `Either ${allowRule}; or, if ${b.entry} does not belong on the block list ${b.domainList}, remove it (${remove})` +
      `${broad ? `, which unblocks every name it matches, not only ${b.host}` : ''}.`;
  },
  confirm: [
    'aws route53resolver list-firewall-rules --firewall-rule-group-id ${resource}',
    'aws route53resolver list-firewall-rule-group-associations --vpc-id <vpc-id>',
  ],
  fixable: false,
  message: (e) => `DNS Firewall rule group ${e.resource} blocks the name${detail(e)}, so ${traffic(e, 'the traffic')} never starts.`,
});
