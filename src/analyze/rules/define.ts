import type { FindingCode } from '../codes.js';
import type { Severity } from '../types.js';
import { fillPlaceholders, type Refs } from './remedy.js';

/** The facts a trace step hands to a rule's message: resource ids and short factual phrases. */
export interface Evidence {
  /** The resource the finding is about (nat-…, rtb-…, sg-…, acl-…, subnet-…, function name). */
  resource: string;
  /** A short factual phrase from the trace, e.g. "state failed (Gateway.NotAttached)". */
  detail?: string;
  subnet?: string;
  az?: string;
  target?: string;
  /** The ids around the finding, for its concrete remediation (see remedy.ts). */
  refs?: Refs;
}

export interface Rule {
  code: FindingCode;
  severity: Severity;
  /** One line, shown as a heading. */
  title: string;
  /** One paragraph: what it means and why traffic fails. */
  explanation: string;
  /** How to fix it, in one or two sentences, with placeholders (rtb-ID, nat-ID) for ids (explain, SARIF rule help). */
  remediation: string;
  /** The same fix with the ids the analysis knows; without it, the placeholders it can fill are filled. */
  remedy?(refs: Refs, evidence: Evidence): string;
  /** AWS CLI commands that confirm it by hand; ${resource} is replaced by the resource id. */
  confirm: string[];
  /** The nearest AWS Reachability Analyzer explanation code, where one exists. */
  reachabilityAnalyzer?: string;
  /** Whether `check --fix` can plan a repair for it. */
  fixable: boolean;
  /** The finding's one-sentence message from the trace's evidence. */
  message(evidence: Evidence): string;
}

export function defineRule<C extends FindingCode>(rule: Rule & { code: C }): Rule & { code: C } {
  return rule;
}

// ---- Small helpers for rule messages (pure string functions). ----

/** " (detail)" when the evidence carries a detail, else "". */
export function detail(e: Evidence): string {
  return e.detail ? ` (${e.detail})` : '';
}

/** " in subnet subnet-1 in us-west-2a", " in subnet subnet-1", " in us-west-2a", or "". */
export function where(e: Evidence, preposition = 'in'): string {
  if (e.subnet) return ` ${preposition} subnet ${e.subnet}${e.az ? ` in ${e.az}` : ''}`;
  if (e.az) return ` ${preposition} ${e.az}`;
  return '';
}

/** "traffic for ses" when the evidence names a target, else the fallback phrase. */
export function traffic(e: Evidence, fallback = 'the traffic'): string {
  return e.target ? `traffic for ${e.target}` : fallback;
}

/** A rule's confirm commands with ${resource} replaced by a resource id (or placeholder). */
export function confirmFor(rule: Pick<Rule, 'confirm'>, resource: string): string[] {
  return rule.confirm.map((c) => c.split('${resource}').join(resource));
}

/** The remediation of one finding: concrete when the trace gave its ids, else the generic text. */
export function remediationFor(rule: Pick<Rule, 'remediation' | 'remedy'>, evidence: Evidence): string {
  if (!evidence.refs) return rule.remediation;
  return rule.remedy ? rule.remedy(evidence.refs, evidence) : fillPlaceholders(rule.remediation, evidence.resource, evidence.refs);
}
