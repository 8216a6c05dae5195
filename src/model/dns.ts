// Name resolution beyond enableDnsSupport: who answers (DHCP options, Resolver forwarding rules,
// private hosted zones) and whether Route 53 Resolver DNS Firewall blocks the name. Each verdict is
// about one host name in one VPC; the Route 53 data is read from the snapshot only.
import type { FirewallRule } from '../snapshot/types.js';
import type { Missing, NetworkModel } from './network.js';

export type DnsVerdict =
  | { state: 'ok'; detail?: string }
  | { state: 'blocked'; code: 'DNS_FIREWALL_BLOCKS'; resource: string; detail: string; block: DnsBlock }
  | { state: 'unknown'; code: 'DNS_CUSTOM_RESOLVER' | 'DNS_PRIVATE_ZONE_SHADOWS'; resource: string; detail: string }
  | { state: 'missing'; missing: Missing };

/** The DNS Firewall rule that blocks a name, for its remediation. */
export interface DnsBlock {
  host: string;
  ruleGroup: string;
  rule: string;
  priority: number;
  /** The other rules' priorities in the group (a new rule needs a number of its own). */
  taken: number[];
  domainList: string;
  /** The entry of the list that matches the name (the name itself or a wildcard); none for an AWS-managed list. */
  entry?: string;
  managed: boolean;
}

const AMAZON_DNS = 'AmazonProvidedDNS';
const fqdn = (name: string): string => name.toLowerCase().replace(/\.$/, '');
/** `zone` is the name itself or one of its parent domains. */
const within = (host: string, zone: string): boolean => host === fqdn(zone) || host.endsWith(`.${fqdn(zone)}`);

export function dnsVerdict(model: NetworkModel, vpcId: string, name: string): DnsVerdict {
  const host = fqdn(name);
  for (const check of [dhcpServers, dnsFirewall, forwardingRule, privateZone]) {
    const verdict = check(model, vpcId, host);
    if (verdict.state !== 'ok') return verdict;
  }
  return { state: 'ok' };
}

/** DHCP options with domain-name-servers other than AmazonProvidedDNS: another resolver answers. */
function dhcpServers(model: NetworkModel, vpcId: string): DnsVerdict {
  const setId = model.vpcs.get(vpcId)?.DhcpOptionsId;
  const missing = model.missingEc2('DhcpOptions');
  if (missing?.reason === 'denied' && setId && setId !== 'default') return { state: 'missing', missing };
  const set = (model.snapshot.ec2.DhcpOptions ?? []).find((d) => d.DhcpOptionsId === setId);
  const servers = (set?.DhcpConfigurations ?? []).find((c) => c.Key === 'domain-name-servers')?.Values?.map((v) => v.Value ?? '') ?? [];
  const others = servers.filter((s) => s !== AMAZON_DNS);
  if (others.length === 0) return { state: 'ok' };
  return { state: 'unknown', code: 'DNS_CUSTOM_RESOLVER', resource: setId!, detail: `DHCP options ${setId} send queries to ${others.join(', ')}${servers.includes(AMAZON_DNS) ? ` before or besides ${AMAZON_DNS}` : ''}` };
}

/** The DNS Firewall rule groups of the VPC in priority order; within each, the first rule whose domain list holds the name decides (ALERT goes on). */
function dnsFirewall(model: NetworkModel, vpcId: string, host: string): DnsVerdict {
  const dns = model.snapshot.route53Resolver;
  if (dns === undefined) return { state: 'ok' }; // a snapshot older than this section
  const denied = new Set(model.snapshot.denied ?? []);
  const need = (key: 'FirewallRuleGroupAssociations' | 'FirewallRules', action: string): Missing | null =>
    denied.has(action) ? { reason: 'denied', action } : dns[key] === undefined ? { reason: 'not-collected', action } : null;
  const associationsMissing = need('FirewallRuleGroupAssociations', 'route53resolver:ListFirewallRuleGroupAssociations');
  if (associationsMissing) return { state: 'missing', missing: associationsMissing };
  const associations = (dns.FirewallRuleGroupAssociations ?? []).filter((a) => a.VpcId === vpcId && a.Status !== 'DELETING')
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  if (associations.length === 0) return { state: 'ok' };
  const rulesMissing = need('FirewallRules', 'route53resolver:ListFirewallRules');
  if (rulesMissing) return { state: 'missing', missing: rulesMissing };
  for (const association of associations) {
    const rules = [...(dns.FirewallRules?.[association.FirewallRuleGroupId ?? ''] ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
    for (const rule of rules) {
      const match = ruleMatches(model, rule, host);
      if (match === 'unknown-list') {
        const action = 'route53resolver:ListFirewallDomains';
        return { state: 'missing', missing: { reason: denied.has(action) ? 'denied' : 'not-collected', action } };
      }
      if (!match) continue;
      if (rule.Action === 'ALLOW') return { state: 'ok', detail: `DNS Firewall rule ${rule.Name ?? rule.Priority} allows it` };
      if (rule.Action === 'BLOCK') {
        const answer = rule.BlockResponse === 'OVERRIDE' ? `OVERRIDE to ${rule.BlockOverrideDomain ?? '?'}` : rule.BlockResponse ?? 'NODATA';
        const group = association.FirewallRuleGroupId ?? '?';
        const listId = rule.FirewallDomainListId ?? '';
        const block: DnsBlock = {
          host, ruleGroup: group, rule: rule.Name ?? String(rule.Priority), priority: rule.Priority ?? 0, taken: rules.map((r) => r.Priority ?? 0).filter((p) => p !== rule.Priority), domainList: listId,
          entry: dns.FirewallDomains?.[listId]?.find((d) => domainMatches(d, host)), managed: (dns.FirewallDomainLists ?? []).some((l) => l.Id === listId && l.ManagedOwnerName !== undefined),
        };
        return { state: 'blocked', code: 'DNS_FIREWALL_BLOCKS', resource: group, detail: `rule ${rule.Name ?? rule.Priority} (priority ${rule.Priority}) blocks ${host} with ${answer}`, block };
      }
    }
  }
  return { state: 'ok' };
}

/** Whether the rule's domain list holds the name; AWS-managed lists (threat lists, not listable) never hold AWS endpoints. */
function ruleMatches(model: NetworkModel, rule: FirewallRule, host: string): boolean | 'unknown-list' {
  const dns = model.snapshot.route53Resolver!;
  const listId = rule.FirewallDomainListId ?? '';
  const meta = (dns.FirewallDomainLists ?? []).find((l) => l.Id === listId);
  const domains = dns.FirewallDomains?.[listId];
  if (domains === undefined) return meta?.ManagedOwnerName !== undefined && host.endsWith('.amazonaws.com') ? false : 'unknown-list';
  return domains.some((d) => domainMatches(d, host));
}

/** A domain list entry holds the name: the name itself, `*.` a parent domain, or `*`. */
function domainMatches(entry: string, host: string): boolean {
  return entry === '*' || (entry.startsWith('*.') ? host.endsWith(`.${fqdn(entry.slice(2))}`) : host === fqdn(entry));
}

/** A FORWARD rule for the name or a parent domain, associated with the VPC: the answer comes from elsewhere. */
function forwardingRule(model: NetworkModel, vpcId: string, host: string): DnsVerdict {
  const dns = model.snapshot.route53Resolver;
  if (dns === undefined) return { state: 'ok' }; // a snapshot older than this section
  const unseen = (key: 'ResolverRuleAssociations' | 'ResolverRules', action: string): Missing | null =>
    (model.snapshot.denied ?? []).includes(action) ? { reason: 'denied', action } : dns[key] === undefined ? { reason: 'not-collected', action } : null;
  const associationsUnseen = unseen('ResolverRuleAssociations', 'route53resolver:ListResolverRuleAssociations');
  const rulesUnseen = unseen('ResolverRules', 'route53resolver:ListResolverRules');
  const associations = (dns.ResolverRuleAssociations ?? []).filter((a) => a.VPCId === vpcId);
  // Rules unseen: any rule the VPC uses may forward the name.
  if (rulesUnseen && (associationsUnseen || associations.length > 0)) return { state: 'missing', missing: rulesUnseen };
  const associated = new Set(associations.map((a) => a.ResolverRuleId));
  // Associations unseen: every rule of the account is on record, and any of them may be associated.
  const candidates = (dns.ResolverRules ?? []).filter((r) => (associationsUnseen || associated.has(r.Id)) && r.DomainName && within(host, r.DomainName));
  // The most specific domain wins; a SYSTEM rule there keeps Resolver's own answer.
  const best = candidates.sort((a, b) => fqdn(b.DomainName!).length - fqdn(a.DomainName!).length)[0];
  if (!best || best.RuleType !== 'FORWARD') return { state: 'ok' };
  if (associationsUnseen) return { state: 'missing', missing: associationsUnseen };
  const targets = (best.TargetIps ?? []).map((t) => t.Ip ?? t.Ipv6).join(', ');
  return { state: 'unknown', code: 'DNS_CUSTOM_RESOLVER', resource: best.Id ?? '?', detail: `Resolver rule ${best.Id} forwards ${fqdn(best.DomainName!)} to ${targets || 'other resolvers'}` };
}

/** A private hosted zone for the name or a parent domain answers instead of the public DNS. */
function privateZone(model: NetworkModel, vpcId: string, host: string): DnsVerdict {
  const action = 'route53:ListHostedZonesByVPC';
  // Denied: any zone may shadow the name. An absent section (an older snapshot) changes nothing.
  if ((model.snapshot.denied ?? []).includes(action)) return { state: 'missing', missing: { reason: 'denied', action } };
  const zones = model.snapshot.route53?.HostedZoneSummaries?.[vpcId] ?? [];
  const zone = zones.filter((z) => z.Name && within(host, z.Name)).sort((a, b) => fqdn(b.Name!).length - fqdn(a.Name!).length)[0];
  if (!zone) return { state: 'ok' };
  return { state: 'unknown', code: 'DNS_PRIVATE_ZONE_SHADOWS', resource: zone.HostedZoneId ?? fqdn(zone.Name!), detail: `private hosted zone ${fqdn(zone.Name!)} (${zone.HostedZoneId}) answers for ${host}: only its own records resolve` };
}
