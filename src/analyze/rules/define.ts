import type { FindingCode } from '../codes.js';
import type { Severity } from '../types.js';

/** The facts a trace step hands to a rule's message: resource ids and short factual phrases. */
export interface Evidence {
  /** The resource the finding is about (nat-…, rtb-…, sg-…, acl-…, subnet-…, function name). */
  resource: string;
  /** A short factual phrase from the trace, e.g. "state failed (Gateway.NotAttached)". */
  detail?: string;
  subnet?: string;
  az?: string;
  target?: string;
}

export interface Rule {
  code: FindingCode;
  severity: Severity;
  /** One line, shown as a heading. */
  title: string;
  /** One paragraph: what it means and why traffic fails. */
  explanation: string;
  /** How to fix it, in one or two sentences. */
  remediation: string;
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
