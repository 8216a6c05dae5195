// Structural check of every Mermaid flowchart vpcdoctor writes (Markdown blocks and `graph --format mermaid`).
import { describe, expect, it } from 'vitest';
import { renderGraph } from '../src/report/graph.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { SAMPLES, nastyReport, partialReport, unknownReport } from './helpers/sample-reports.js';

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const SHAPES: Record<string, string> = { '[': ']', '([': '])', '((': '))', '[(': ')]' };
const NODE = new RegExp(`^(${ID})(\\(\\[|\\(\\(|\\[\\(|\\[)"([^"]*)"(\\]\\)|\\)\\)|\\)\\]|\\])$`);
const EDGE = new RegExp(`^(${ID}) -->( )(${ID})$`);
const BROKEN = new RegExp(`^(${ID}) -\\.->\\|"([^"]*)"\\| (${ID})$`);

interface Chart { nodes: Map<string, string>; edges: { from: string; to: string; label?: string }[]; styled: Map<number, string> }

/** Parses the flowchart subset vpcdoctor emits; throws on any other line. */
function checkMermaid(src: string): Chart {
  const lines = src.trimEnd().split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const chart: Chart = { nodes: new Map(), edges: [], styled: new Map() };
  let depth = 0;
  const classes: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(NODE))) {
      expect(SHAPES[m[2]!], line).toBe(m[4]);
      expect(chart.nodes.has(m[1]!), `duplicate node ${m[1]}`).toBe(false);
      expect(m[3]!.replace(/<br\/>/g, ''), line).not.toMatch(/[<>"]/);
      chart.nodes.set(m[1]!, m[3]!);
    } else if ((m = line.match(EDGE))) {
      chart.edges.push({ from: m[1]!, to: m[3]! });
    } else if ((m = line.match(BROKEN))) {
      expect(m[2], line).not.toMatch(/[<>"]/);
      chart.edges.push({ from: m[1]!, to: m[3]!, label: m[2]! });
    } else if ((m = line.match(new RegExp(`^subgraph ${ID} \\["([^"]*)"\\]$`)))) {
      depth++;
    } else if (line === 'end') {
      depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    } else if ((m = line.match(/^classDef (\w+) [\w#:,.-]+$/))) {
      classes.push(m[1]!);
    } else if ((m = line.match(new RegExp(`^class (${ID}(?:,${ID})*) (\\w+)$`)))) {
      for (const id of m[1]!.split(',')) expect(chart.nodes.has(id), `class on undeclared ${id}`).toBe(true);
      expect(classes).toContain(m[2]);
    } else if ((m = line.match(/^linkStyle (\d+(?:,\d+)*) ([\w#:,.-]+)$/))) {
      for (const n of m[1]!.split(',').map(Number)) chart.styled.set(n, m[2]!);
    } else {
      throw new Error(`unexpected Mermaid line: ${raw}`);
    }
  }
  expect(depth).toBe(0);
  for (const e of chart.edges) {
    expect(chart.nodes.has(e.from), `edge from undeclared ${e.from}`).toBe(true);
    expect(chart.nodes.has(e.to), `edge to undeclared ${e.to}`).toBe(true);
  }
  for (const [n] of chart.styled) expect(chart.edges[n]?.label, `linkStyle ${n} is not a marked edge`).toBeDefined();
  chart.edges.forEach((e, n) => { if (e.label) expect(chart.styled.has(n), `marked edge ${n} unstyled`).toBe(true); });
  return chart;
}

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('Mermaid output', () => {
  it.each(SAMPLES)('%s: graph --format mermaid is a valid flowchart', (_name, report) => {
    checkMermaid(renderGraph(report, 'mermaid'));
  });

  it.each(SAMPLES)('%s: every Markdown diagram is a valid flowchart, one per target with paths', (_name, report) => {
    const blocks = mermaidBlocks(renderMarkdown(report));
    expect(blocks).toHaveLength(report.functions.flatMap((f) => f.targets.filter((t) => t.paths.length > 0)).length);
    blocks.forEach(checkMermaid);
  });

  it('marks the edge into the broken NAT gateway with its code, styled red', () => {
    const [internet] = mermaidBlocks(renderMarkdown(partialReport));
    const chart = checkMermaid(internet!);
    const broken = chart.edges.filter((e) => e.label);
    expect(broken).toHaveLength(1);
    expect(broken[0]!.label).toBe('✗ NAT_NO_PUBLIC_IP');
    expect(chart.nodes.get(broken[0]!.to)).toBe('NAT gateway<br/>nat-0a1b2c3d4e5f60002');
    expect(chart.styled.get(chart.edges.indexOf(broken[0]!))).toContain('stroke:#c62828');
    // Shared nodes: both subnets' paths meet at the one internet gateway.
    expect([...chart.nodes.values()].filter((l) => l.startsWith('internet gateway'))).toHaveLength(1);
  });

  it('marks an unknown hop with a question mark and its code', () => {
    const chart = checkMermaid(renderGraph(unknownReport, 'mermaid'));
    expect(chart.edges.map((e) => e.label).filter(Boolean).sort()).toEqual(['? PERMISSION_DENIED', '✗ SG_INGRESS_DENIED']);
  });

  it('escapes quotes, markup and entity starts inside labels', () => {
    const src = renderGraph(nastyReport, 'mermaid');
    const chart = checkMermaid(src);
    expect([...chart.nodes.values()]).toContain('Lambda function<br/>auth #quot;edge#quot; #lt;fn#gt; & #35;1');
    expect(src).not.toContain('\u001b');
  });

  it('puts each function in its own subgraph when there are several', () => {
    const src = renderGraph({ schemaVersion: 1, functions: [...partialReport.functions, ...unknownReport.functions] }, 'mermaid');
    checkMermaid(src);
    expect(src.match(/^ {2}subgraph /gm)).toHaveLength(2);
    expect(src).toContain('["mobile-auth-handler"]');
  });
});
