// Collects findings raised along every path, merging repeats of the same code on the same
// resources (one NAT gateway breaks every subnet that uses it: one finding, several subnets).
import type { FindingCode } from './codes.js';
import { RULES } from './rules/index.js';
import { remediationFor, type Evidence } from './rules/define.js';
import type { Refs } from './rules/remedy.js';
import type { Finding, Severity } from './types.js';

export interface Raise {
  code: FindingCode;
  evidence: Evidence;
  /** Further resources the finding is about, beyond evidence.resource. */
  alsoAbout?: string[];
  severity?: Severity;
  target?: string;
  subnetId?: string;
  /** The ids for the concrete remediation, computed only for the first raise of a finding. */
  refs?: () => Refs;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export class FindingCollector {
  private readonly byKey = new Map<string, Finding>();

  raise({ code, evidence, alsoAbout = [], severity, target, subnetId, refs }: Raise): void {
    const rule = RULES[code];
    const resourceIds = [evidence.resource, ...alsoAbout];
    const key = `${code}|${resourceIds.join(',')}`;
    let finding = this.byKey.get(key);
    if (!finding) {
      finding = {
        code, severity: severity ?? rule.severity, resourceIds, targets: [], subnetIds: [],
        message: rule.message(evidence), remediation: remediationFor(rule, refs ? { ...evidence, refs: refs() } : evidence),
      };
      this.byKey.set(key, finding);
    } else if (severity && SEVERITY_ORDER[severity] < SEVERITY_ORDER[finding.severity]) {
      finding.severity = severity;
    }
    if (target && !finding.targets.includes(target)) finding.targets.push(target);
    if (subnetId && !finding.subnetIds.includes(subnetId)) finding.subnetIds.push(subnetId);
  }

  /** Errors first, then warnings, then info; in the order they were first raised within each. */
  list(): Finding[] {
    return [...this.byKey.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  }
}
