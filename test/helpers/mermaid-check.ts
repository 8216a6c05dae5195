// Structural checker for the Mermaid flowchart subset vpcdoctor writes; shared by the renderer tests.
import { expect } from 'vitest';

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const SHAPES: Record<string, string> = { '[': ']', '([': '])', '((': '))', '[(': ')]', '{{': '}}' };
const NODE = new RegExp(`^(${ID})(\\(\\[|\\(\\(|\\[\\(|\\[|\\{\\{)"([^"]*)"(\\]\\)|\\)\\)|\\)\\]|\\]|\\}\\})$`);
const EDGE = new RegExp(`^(${ID}) -->( )(${ID})$`);
const BROKEN = new RegExp(`^(${ID}) (?:-\\.->|==>)\\|"([^"]*)"\\| (${ID})$`);

export interface Chart { nodes: Map<string, string>; edges: { from: string; to: string; label?: string }[]; styled: Map<number, string> }

/** Parses the flowchart subset vpcdoctor emits; throws on any other line. */
export function checkMermaid(src: string): Chart {
  const lines = src.trimEnd().split('\n');
  expect(lines[0]).toBe('flowchart TD');
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
  expectAcyclic(chart);
  for (const [n] of chart.styled) expect(chart.edges[n]?.label, `linkStyle ${n} is not a marked edge`).toBeDefined();
  chart.edges.forEach((e, n) => { if (e.label) expect(chart.styled.has(n), `marked edge ${n} unstyled`).toBe(true); });
  return chart;
}

export function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Traffic flows one way: no self-loop, no cycle (a resource crossed twice is drawn twice). */
function expectAcyclic(chart: Chart): void {
  const next = new Map<string, string[]>();
  for (const e of chart.edges) {
    expect(e.from, `self-loop on ${e.from}`).not.toBe(e.to);
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    expect(state.get(id), `cycle: ${[...trail, id].join(' -> ')}`).not.toBe('open');
    state.set(id, 'open');
    for (const to of next.get(id) ?? []) visit(to, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of chart.nodes.keys()) visit(id, []);
}
