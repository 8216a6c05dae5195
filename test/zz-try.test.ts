import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { planFix, proveFix, renderPlan } from '../src/fix/index.js';
import { parseSnapshot } from '../src/snapshot/read.js';
it('x', () => {
  for (const [name, targets, via] of [['29-bpa-bidirectional-no-exclusion', ['ses'], 'endpoint'], ['29-bpa-bidirectional-no-exclusion', undefined, 'regional-nat'], ['20a-regional-nat-az-not-served', undefined, 'regional-nat']] as const) {
    const snapshot = parseSnapshot(readFileSync(`fixtures/${name}/snapshot.json`, 'utf8'), name);
    const exp = JSON.parse(readFileSync(`fixtures/${name}/expected.json`, 'utf8'));
    const request = { functions: [exp.function], targets: (targets ?? exp.targets) as string[] | undefined };
    const report = analyze(snapshot, request);
    const plan = planFix(snapshot, report, undefined, { via: via as 'endpoint' });
    const proof = proveFix(snapshot, plan, request, report);
    plan.proved = proof.proved;
    console.log(name, via, report.functions[0]!.findings.map((f) => f.code), '\n', renderPlan(plan, 140), '\nPROOF', proof.proved, proof.reason);
  }
});
