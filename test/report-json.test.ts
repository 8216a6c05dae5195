import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json.js';
import { SAMPLES, partialReport } from './helpers/sample-reports.js';

describe('renderJson', () => {
  it.each(SAMPLES)('%s: parses back to the report itself', (_name, report) => {
    const out = renderJson(report);
    expect(JSON.parse(out)).toEqual(report);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
  });

  it('puts keys in the contract §4 order whatever order the object was built in', () => {
    const fr = partialReport.functions[0]!;
    const shuffled = {
      functions: [{
        findings: fr.findings, targets: fr.targets.map((t) => ({ paths: t.paths, verdict: t.verdict, destination: t.destination, target: t.target })),
        verdict: fr.verdict, function: fr.function,
      }],
      schemaVersion: 1 as const,
    };
    expect(renderJson(shuffled)).toBe(renderJson(partialReport));
    const doc = JSON.parse(renderJson(partialReport));
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'functions']);
    expect(Object.keys(doc.functions[0])).toEqual(['function', 'verdict', 'targets', 'findings']);
    expect(Object.keys(doc.functions[0].targets[0])).toEqual(['target', 'destination', 'verdict', 'paths']);
    expect(Object.keys(doc.functions[0].findings[0]))
      .toEqual(['code', 'severity', 'resourceIds', 'targets', 'subnetIds', 'message', 'remediation']);
  });

  it('keeps extension fields it does not know', () => {
    const extended = { ...partialReport, functions: [{ ...partialReport.functions[0]!, plan: { proved: true, steps: [], refused: null } }] };
    expect(JSON.parse(renderJson(extended)).functions[0].plan).toEqual({ proved: true, steps: [], refused: null });
  });
});
