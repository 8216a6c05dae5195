// `vpcdoctor graph`: the reachability graph of a report in Graphviz DOT or Mermaid.
import type { Report } from '../analyze/types.js';
import { stripControl } from './common.js';
import { type Graph, type GraphNode, buildGraph, edgeLabel, edgeLook, sanitizeId } from './graph-model.js';
import { renderMermaidFlowchart } from './mermaid.js';

export type GraphFormat = 'dot' | 'mermaid';

export function renderGraph(report: Report, format: GraphFormat): string {
  const several = report.functions.length > 1;
  const graphs = report.functions.map((fr, i) => ({
    name: fr.function.name,
    graph: buildGraph(fr, fr.targets, several ? `f${i}_` : ''),
    groupId: sanitizeId(`f${i}_group`),
  }));
  if (format === 'mermaid') {
    return renderMermaidFlowchart(graphs.map((g) => (several ? { graph: g.graph, title: g.name, groupId: g.groupId } : { graph: g.graph })));
  }
  const lines = [
    'digraph vpcdoctor {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  graphs.forEach((g, i) => {
    if (several) {
      lines.push(`  subgraph cluster_f${i} {`, `    label=${dotString([g.name])};`);
      lines.push(...dotBody(g.graph, '    '), '  }');
    } else {
      lines.push(...dotBody(g.graph, '  '));
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A DOT quoted string; label lines joined by DOT's centred line break `\n`. */
export function dotString(lines: readonly string[]): string {
  const esc = (s: string) => stripControl(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ');
  return `"${lines.map(esc).join('\\n')}"`;
}

const SHAPE: Partial<Record<GraphNode['kind'], string>> = {
  function: 'oval', internet: 'doublecircle', database: 'cylinder', 'rds-proxy': 'hexagon',
};

function dotNode(n: GraphNode, ind: string): string {
  const attrs = [`label=${dotString(n.label)}`];
  // A circle grows with its widest line: "internet" over a host name became a huge one.
  const shape = n.kind === 'internet' && n.label.length > 1 ? 'box' : SHAPE[n.kind];
  if (shape) attrs.push(`shape=${shape}`);
  if (n.kind === 'internet' && n.label.length > 1) attrs.push('peripheries=2');
  if (n.state === 'broken') attrs.push('color=red', 'fontcolor=red');
  if (n.state === 'unknown') attrs.push('color=orange');
  return `${ind}${n.id} [${attrs.join(', ')}];`;
}

/** Nodes in one cluster per subnet lane (the function and destinations outside), then the edges. */
function dotBody(graph: Graph, ind: string): string[] {
  const out: string[] = [];
  for (const n of graph.nodes.filter((x) => !x.lane)) out.push(dotNode(n, ind));
  for (const lane of graph.lanes) {
    out.push(`${ind}subgraph cluster_${lane.id} {`, `${ind}  label=${dotString([lane.label])};`, `${ind}  style=rounded; color=gray;`);
    for (const n of graph.nodes.filter((x) => x.lane === lane.id)) out.push(dotNode(n, `${ind}  `));
    out.push(`${ind}}`);
  }
  for (const e of graph.edges) {
    const look = edgeLook(e);
    const attrs =
      look === 'broken' ? ['color=red', 'style=dashed', `label=${dotString([[...e.codes, ...e.warnings].join(', ') || '✗'])}`]
      : look === 'unknown' ? ['color=orange', 'style=dotted', `label=${dotString([edgeLabel(e)])}`]
      : look === 'warning' ? ['color=darkgoldenrod', 'penwidth=2', `label=${dotString([edgeLabel(e)])}`, 'fontcolor=darkgoldenrod']
      : [];
    out.push(`${ind}${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  return out;
}
