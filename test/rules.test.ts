import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../src/analyze/codes.js';
import { RULES, ruleFor } from '../src/analyze/rules/index.js';
import { Chalk } from 'chalk';
import { MAX_WIDTH, formatCommand, renderBackticks, renderExplain, renderExplainList, wrap } from '../src/report/explain.js';


const rulesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyze', 'rules');

// Reachability Analyzer explanation codes (the "path not reachable" and "configuration" codes of
// https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html, as listed in
// /work/shared/reference/aws-reachability-facts.md §1.4). IGW_NOT_ATTACHED is deliberately absent.
const RA_CODES = new Set([
  'BAD_STATE', 'BAD_STATE_ATTACHMENT', 'BAD_STATE_ROUTE', 'BAD_STATE_VPN', 'CANNOT_ROUTE',
  'ELB_ACL_RESTRICTION', 'ELB_INSTALLED_AZ_RESTRICTION', 'ELB_LISTENER_PORT_RESTRICTION',
  'ELB_LISTENERS_MISMATCH', 'ELB_NOT_CROSSZONE', 'ELBV2_LISTENER_HAS_NO_TG', 'ELBV2_LISTENER_PORT_RESTRICTION',
  'ELBV2_LISTENER_REQUIRES_TG_ACCEPT', 'ELBV2_LISTENERS_MISMATCH', 'ELBV2_NO_TARGETS_IN_AZ',
  'ELBV2_SOURCE_ADDRESS_PRESERVATION', 'ENI_ADDRESS_RESTRICTION', 'ENI_SG_RULES_MISMATCH',
  'ENI_SOURCE_DEST_CHECK_RESTRICTION', 'FIREWALL_RULES_RESTRICTION', 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
  'GWLB_DESTINATION_PORT_RESTRICTION', 'GWLB_PROTOCOL_RESTRICTION', 'HIGHER_PRIORITY_ROUTE',
  'IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS', 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
  'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS', 'IGW_NAT_REFLECTION', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
  'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
  'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS', 'INGRESS_RTB_NO_PUBLIC_IP', 'INGRESS_RTB_TRAFFIC_REDIRECTION',
  'MORE_SPECIFIC_ROUTE', 'NGW_DEST_ADDRESS_PRESERVATION', 'NGW_REQUIRES_SOURCE_IN_VPC',
  'NGW_SOURCE_ADDRESS_REASSIGN', 'NO_POSSIBLE_DESTINATION', 'NO_ROUTE_TO_DESTINATION',
  'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'PROTOCOL_RESTRICTION', 'REGIONAL_NGW_ROUTE_AZ_RESTRICTION',
  'REMAP_EPHEMERAL_PORT', 'SG_HAS_NO_RULES', 'SG_REFERENCES_NOT_PRESERVED', 'SG_REFERENCING_SUPPORT',
  'SUBNET_ACL_RESTRICTION', 'TARGET_ADDRESS_RESTRICTION', 'TARGET_PORT_RESTRICTION',
  'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION', 'TGW_ATTACH_VPC_AZ_RESTRICTION', 'TGW_BAD_STATE_VPN',
  'TGW_ROUTE_AZ_RESTRICTION', 'TGW_RTB_BAD_STATE_ROUTE', 'TGW_RTB_CANNOT_ROUTE', 'TGW_RTB_HIGHER_PRIORITY_ROUTE',
  'TGW_RTB_MORE_SPECIFIC_ROUTE', 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT', 'TGW_RTB_ROUTES_ARE_UNKNOWN',
  'UNKNOWN_DESTINATION', 'UNKNOWN_PEERED_SGS', 'UNKNOWN_RESOURCE', 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
  'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'VPC_BLOCK_PUBLIC_ACCESS_ENABLED', 'VPC_LOCAL_ROUTE_CIDR_RESTRICTION',
  'VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION', 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', 'VPCE_INTRA_VPC_TRAFFIC',
  'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
  // configuration ("no path possible")
  'DISCONNECTED_VPCS', 'NO_PATH', 'NO_SOURCE_OR_DESTINATION', 'UNASSOCIATED_COMPONENT', 'UNSUPPORTED_COMPONENT',
]);

const FIXABLE = new Set([
  'NAT_NO_PUBLIC_IP', 'NAT_NOT_AVAILABLE', 'NAT_PRIVATE', 'NAT_SUBNET_NO_IGW_ROUTE', 'ROUTE_BLACKHOLE', 'NO_ROUTE',
  'SUBNET_ROUTES_TO_IGW', 'SG_EGRESS_DENIED', 'SG_INGRESS_DENIED', 'NAT_CROSS_AZ', 'VPC_BLOCK_PUBLIC_ACCESS',
]);

describe('rules', () => {
  it('has exactly one rule per code, whose code equals its key', () => {
    expect(Object.keys(RULES).sort()).toEqual([...FINDING_CODES].sort());
    for (const code of FINDING_CODES) {
      expect(RULES[code].code).toBe(code);
      expect(ruleFor(code)).toBe(RULES[code]);
    }
  });

  it('has a source file src/analyze/rules/<CODE>.ts for every code', () => {
    const files = new Set(readdirSync(rulesDir));
    for (const code of FINDING_CODES) expect(files.has(`${code}.ts`), `${code}.ts`).toBe(true);
  });

  it.each([...FINDING_CODES])('%s: has complete, sane fields', (code) => {
    const rule = ruleFor(code);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.title).not.toContain('\n');
    expect(rule.explanation.length).toBeGreaterThan(100);
    expect(rule.remediation.length).toBeGreaterThan(40);
    expect(rule.confirm.length).toBeGreaterThanOrEqual(1);
    expect(rule.confirm.length).toBeLessThanOrEqual(3);
    for (const command of rule.confirm) expect(command).toMatch(/^aws [a-z0-9-]+ [a-z0-9-]+( |$)/);
    expect(rule.confirm.some((c) => c.includes('${resource}'))).toBe(true);
    expect(rule.fixable).toBe(FIXABLE.has(code));
  });

  it.each([...FINDING_CODES])('%s: message names the resource, subnet and detail in one sentence', (code) => {
    const rule = ruleFor(code);
    const bare = rule.message({ resource: 'res-0123abcd' });
    expect(bare).toContain('res-0123abcd');
    expect(bare).toMatch(/^[A-Z].*[.]$/);
    expect(bare).not.toContain('undefined');

    const full = rule.message({
      resource: 'res-0123abcd', detail: 'some detail', subnet: 'subnet-0aa', az: 'us-west-2a', target: 'ses',
    });
    expect(full).toContain('res-0123abcd');
    expect(full).toContain('some detail');
    expect(full).toMatch(/[.]$/);
    expect(full).not.toContain('undefined');
  });

  it('uses only real Reachability Analyzer explanation codes', () => {
    expect(RA_CODES.has('IGW_NOT_ATTACHED')).toBe(false);
    for (const code of FINDING_CODES) {
      const ra = ruleFor(code).reachabilityAnalyzer;
      if (ra !== undefined) expect(RA_CODES.has(ra), `${code} -> ${ra}`).toBe(true);
    }
  });

  it('maps the codes the contract names an RA equivalent for', () => {
    expect(ruleFor('ROUTE_BLACKHOLE').reachabilityAnalyzer).toBe('BAD_STATE_ROUTE');
    expect(ruleFor('SUBNET_ROUTES_TO_IGW').reachabilityAnalyzer).toBe('IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(ruleFor('NO_ROUTE').reachabilityAnalyzer).toBe('NO_ROUTE_TO_DESTINATION');
  });
});

describe('explain', () => {
  it.each([...FINDING_CODES])('%s: page has every section and fits in %#', (code) => {
    const rule = ruleFor(code);
    const page = renderExplain(code);
    expect(page).toContain(code);
    expect(page).toContain(`Severity: ${rule.severity}`);
    expect(page).toContain('How to confirm:');
    expect(page).toContain('How to fix:');
    expect(page).toContain(`Repaired by vpcdoctor check --fix: ${rule.fixable ? 'yes' : 'no'}`);
    expect(page.endsWith('\n')).toBe(true);
    expect(page, 'Markdown backticks are rendered, not printed').not.toContain('`');
    if (rule.reachabilityAnalyzer) expect(page).toContain(`Reachability Analyzer: ${rule.reachabilityAnalyzer}`);
    else expect(page).not.toContain('Reachability Analyzer:');
    expect(page).not.toContain('${resource}');
    expect(page).not.toMatch(/\x1b\[/);
    for (const line of page.split('\n')) expect(line.length, line).toBeLessThanOrEqual(MAX_WIDTH);
    // the title is on the page, possibly wrapped
    expect(page.replace(/\s+/g, ' ')).toContain(rule.title);
  });

  it('lists one aligned line per code', () => {
    const lines = renderExplainList().split('\n');
    expect(lines.at(-1)).toBe('');
    lines.pop();
    expect(lines).toHaveLength(FINDING_CODES.length);
    const titleColumn = lines[0]!.indexOf(ruleFor(FINDING_CODES[0]).title);
    FINDING_CODES.forEach((code, i) => {
      const line = lines[i]!;
      expect(line.startsWith(code + ' ')).toBe(true);
      expect(line).toContain(ruleFor(code).severity);
      expect(line.indexOf(ruleFor(code).title)).toBe(titleColumn);
      expect(line.length).toBeLessThanOrEqual(MAX_WIDTH);
    });
  });

  it.each([40, 60, 80, 120])('wraps a page at a terminal of %i columns (paragraphs at most 80)', (columns) => {
    for (const code of FINDING_CODES) {
      for (const line of renderExplain(code, { width: columns }).split('\n')) {
        const command = /^ {2}\$ | {8}/.test(line);
        if (line.length <= Math.min(columns, command ? MAX_WIDTH : 80)) continue;
        // Only a shell word longer than the terminal (a --query expression) may overflow: it cannot be broken safely.
        expect(command, line).toBe(true);
        expect(line.replace(/ \\$/, '').trim().replace(/^\$ /, '').replace(/"[^"]*"|'[^']*'/g, 'Q'), line).not.toContain(' ');
      }
    }
    for (const line of renderExplainList(columns).split('\n')) expect(line.length).toBeLessThanOrEqual(Math.max(40, Math.min(columns, MAX_WIDTH)));
  });

  it('renders `code` spans in cyan with colour, and keeps the colour across a line break', () => {
    const page = renderExplain('NAT_CROSS_AZ', { color: true, width: 60 });
    expect(page).toContain('\u001b[36mvpcdoctor check --fix\u001b[39m');
    expect(renderBackticks('a `b c` d', new Chalk({ level: 0 }))).toBe('a b c d');
    const lines = wrap('x `one two three four` y', 12, '', new Chalk({ level: 1 }));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) if (line.includes('\u001b[36m')) expect(line.endsWith('\u001b[39m')).toBe(true);
  });

  it('wraps paragraphs at 80 columns and commands into copy-pasteable lines', () => {
    const text = 'word '.repeat(60);
    for (const line of wrap(text)) expect(line.length).toBeLessThanOrEqual(80);
    const lines = formatCommand(`aws ec2 describe-things --query "A[].[${'x,'.repeat(20)}y]" ${'--flag v '.repeat(12)}`);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.startsWith('  $ aws ec2')).toBe(true);
    lines.slice(0, -1).forEach((l) => expect(l.endsWith(' \\')).toBe(true));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_WIDTH);
    // joined back (as a shell would), the command is unchanged
    expect(lines.map((l) => l.replace(/ \\$/, '').trim()).join(' ').replace(/^\$ /, ''))
      .toBe(`aws ec2 describe-things --query "A[].[${'x,'.repeat(20)}y]" ${'--flag v '.repeat(12)}`.trim());
  });
});
