// The JSON report of contract §4: keys in the contract's order (extensions after), 2-space, newline.
import type { Report } from '../analyze/types.js';

type Obj = Record<string, unknown>;

/** A copy of `value` whose listed keys come first, in that order; other keys keep theirs. */
function ordered(value: object, keys: readonly string[]): Obj {
  const src = value as Obj;
  const out: Obj = {};
  for (const k of keys) if (k in src) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return out;
}

export function renderJson(report: Report): string {
  const doc = ordered(report, ['schemaVersion', 'functions']);
  doc.functions = report.functions.map((fr) => {
    const f = ordered(fr, ['function', 'verdict', 'targets', 'findings', 'plan']);
    f.function = ordered(fr.function, ['name', 'arn', 'vpcId', 'subnetIds', 'securityGroupIds', 'subnets']);
    f.targets = fr.targets.map((t) => {
      const o = ordered(t, ['target', 'destination', 'verdict', 'paths']);
      o.destination = ordered(t.destination, ['host', 'address', 'port', 'protocol']);
      o.paths = t.paths.map((p) => {
        const po = ordered(p, ['subnetId', 'availabilityZone', 'verdict', 'blocked', 'unknown', 'hops']);
        po.hops = p.hops.map((h) => ordered(h, ['kind', 'id', 'ok', 'detail', 'codes']));
        return po;
      });
      return o;
    });
    f.findings = fr.findings.map((x) =>
      ordered(x, ['code', 'severity', 'resourceIds', 'targets', 'subnetIds', 'message', 'remediation']));
    return f;
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}
