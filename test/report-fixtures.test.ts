// Every renderer over every fixture's real analysis: structural invariants, not golden files.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import parseDot from 'dotparser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import type { Report } from '../src/analyze/types.js';
import { VERDICT_MARK, VERDICT_WORD } from '../src/report/common.js';
import { renderGraph } from '../src/report/graph.js';
import { renderJson } from '../src/report/json.js';
import { renderJunit } from '../src/report/junit.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import { parseSnapshot } from '../src/snapshot/read.js';
import { checkMermaid, mermaidBlocks } from './helpers/mermaid-check.js';

interface Expected { function: string; targets?: string[] }

const root = join(import.meta.dirname, '..', 'fixtures');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort();

const reports = new Map<string, { report: Report; specs: string[] }>();
function load(folder: string): { report: Report; specs: string[] } {
  const cached = reports.get(folder);
  if (cached) return cached;
  const expected = JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as Expected;
  const snapshot = parseSnapshot(readFileSync(join(root, folder, 'snapshot.json'), 'utf8'), `${folder}/snapshot.json`);
  const report = analyze(snapshot, { functions: [expected.function], targets: expected.targets });
  const loaded = { report, specs: expected.targets ?? [] };
  reports.set(folder, loaded);
  return loaded;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const columns = (line: string) => [...line].length;

const xml = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

interface DotStmt { type: string; children?: DotStmt[]; node_id?: { id: string | number };
  edge_list?: { id: string | number }[]; attr_list?: { id: string | number; eq: unknown }[] }
const flatten = (s: DotStmt[]): DotStmt[] => s.flatMap((x) => (x.type === 'subgraph' ? flatten(x.children ?? []) : [x]));
const attrs = (s: DotStmt) => Object.fromEntries((s.attr_list ?? []).map((a) => [String(a.id), String(a.eq)]));
const CODES = /^[A-Z][A-Z0-9_]*(, [A-Z][A-Z0-9_]*)*$/;

describe('renderers over every fixture', () => {
  it('finds the fixtures', () => {
    expect(folders.length).toBeGreaterThan(10);
  });

  describe.each(folders)('%s', (folder) => {
    it('json round-trips', () => {
      const { report } = load(folder);
      const out = renderJson(report);
      const back = JSON.parse(out) as Report;
      expect(back).toEqual(report);
      expect(renderJson(back)).toBe(out);
    });

    it('text fits 80 and 120 columns and names every target with its verdict', () => {
      const { report, specs } = load(folder);
      for (const width of [80, 120]) {
        for (const compact of [false, true]) {
          const out = renderText(report, { color: false, width, compact });
          expect(out.split('\n').filter((l) => columns(l) > width), `${width} columns`).toEqual([]);
          const flat = out.replace(/\s+/g, ' ');
          for (const spec of specs) expect(flat).toContain(spec);
          for (const t of report.functions.flatMap((f) => f.targets)) {
            // "✗ rds:db  host:5432 — unreachable", however it wrapped.
            const line = new RegExp(`${escapeRe(VERDICT_MARK[t.verdict])} ${escapeRe(t.target)}( [^—]*)? — ${escapeRe(VERDICT_WORD[t.verdict])}`);
            expect(flat, `${t.target} at ${width}`).toMatch(line);
          }
        }
      }
    });

    it('junit parses and counts a case per path, failing the unreachable ones and erroring the unknown', () => {
      const { report } = load(folder);
      const out = renderJunit(report);
      expect(XMLValidator.validate(out)).toBe(true);
      const suites = (xml.parse(out) as { testsuites: { testsuite: Record<string, unknown>[] } }).testsuites.testsuite;
      expect(suites).toHaveLength(report.functions.length);
      report.functions.forEach((fr, i) => {
        // A target checked through no subnet (a function outside a VPC) is one case of its own.
        const verdicts = fr.targets.flatMap((t) => (t.paths.length > 0 ? t.paths.map((p) => p.verdict) : [t.verdict]));
        const s = suites[i]!;
        const cases = s.testcase as Record<string, unknown>[];
        const failures = verdicts.filter((v) => v === 'unreachable' || v === 'partial').length;
        const errors = verdicts.filter((v) => v === 'unknown').length;
        expect([Number(s['@_tests']), Number(s['@_failures']), Number(s['@_errors'])]).toEqual([verdicts.length, failures, errors]);
        expect(cases).toHaveLength(verdicts.length);
        expect(cases.filter((c) => 'failure' in c)).toHaveLength(failures);
        expect(cases.filter((c) => 'error' in c)).toHaveLength(errors);
      });
    });

    it('dot parses; every broken edge is labelled with codes, or follows a break that is', () => {
      const { report } = load(folder);
      const graphs = parseDot(renderGraph(report, 'dot')) as unknown as DotStmt[];
      expect(graphs).toHaveLength(1);
      const all = flatten(graphs[0]!.children ?? []);
      const nodes = new Set(all.filter((s) => s.type === 'node_stmt').map((s) => String(s.node_id!.id)));
      const edges = all.filter((s) => s.type === 'edge_stmt').map((s) => ({
        from: String(s.edge_list![0]!.id), to: String(s.edge_list![1]!.id), attrs: attrs(s),
      }));
      for (const e of edges) expect(nodes.has(e.from) && nodes.has(e.to), `${e.from} -> ${e.to}`).toBe(true);
      const broken = edges.filter((e) => e.attrs.color === 'red');
      // Nodes downstream of a break labelled with its codes.
      const after = new Set(broken.filter((e) => CODES.test(e.attrs.label ?? '')).map((e) => e.to));
      for (let grew = true; grew;) {
        grew = false;
        for (const e of edges) if (after.has(e.from) && !after.has(e.to)) { after.add(e.to); grew = true; }
      }
      for (const e of broken) {
        expect(e.attrs.label, `${e.from} -> ${e.to}`).toBeTruthy();
        // A consequence ("internet: not reached" past a blocking route table) only carries the mark.
        if (!CODES.test(e.attrs.label!)) expect(after.has(e.from), `unexplained break ${e.from} -> ${e.to}`).toBe(true);
      }
      const blocking = report.functions.flatMap((f) => f.targets.flatMap((t) => t.paths.flatMap((p) => p.hops)))
        .filter((h) => h.ok === false && (h.codes ?? []).length > 0).flatMap((h) => h.codes!);
      const labels = broken.map((e) => e.attrs.label).join(', ');
      for (const code of new Set(blocking)) expect(labels).toContain(code);
    });

    it('mermaid graph and Markdown diagrams pass the structural checker, one diagram per target', () => {
      const { report } = load(folder);
      checkMermaid(renderGraph(report, 'mermaid'));
      const md = renderMarkdown(report);
      const blocks = mermaidBlocks(md);
      const drawn = report.functions.flatMap((f) => f.targets.filter((t) => t.paths.length > 0));
      expect(blocks).toHaveLength(drawn.length);
      blocks.forEach((b) => checkMermaid(b));
      for (const t of drawn) expect(md).toContain(`#### \`${t.target}\` — ${VERDICT_MARK[t.verdict]} ${VERDICT_WORD[t.verdict]}`);
    });
  });
});
