// Mermaid flowcharts of reachability graphs (GitHub renders them in Markdown).
import { stripControl } from './common.js';
import { type Graph, type GraphNode, edgeLabel, edgeLook } from './graph-model.js';

const STYLE = {
  broken: { node: 'fill:#fdecea,stroke:#c62828,color:#000', link: 'stroke:#c62828,stroke-width:2px,color:#c62828' },
  unknown: { node: 'fill:#fff4e5,stroke:#ef6c00,color:#000', link: 'stroke:#ef6c00,stroke-width:2px,color:#ef6c00' },
  warning: { node: '', link: 'stroke:#b26a00,stroke-width:3px,color:#b26a00' },
} as const;
type Marked = keyof typeof STYLE;

/**
 * Text for inside a quoted Mermaid label: `"` and `#` (entity syntax), `<` and `>` (HTML) become
 * Mermaid entity codes, so no character of the input can end the label or inject markup.
 */
export function mermaidText(s: string): string {
  return stripControl(s).replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')
    .replace(/[\r\n]+/g, ' ');
}

function nodeShape(n: GraphNode): [string, string] {
  switch (n.kind) {
    case 'function': return ['([', '])'];
    // A circle grows with its widest line: a host name under "internet" made a huge one.
    case 'internet': return n.label.length > 1 ? ['{{', '}}'] : ['((', '))'];
    case 'database': return ['[(', ')]'];
    case 'rds-proxy': return ['{{', '}}'];
    default: return ['[', ']'];
  }
}

export interface MermaidPart {
  graph: Graph;
  /** Wrap the part in a subgraph with this title (several functions in one chart). */
  title?: string;
  /** The subgraph's id; must be an identifier. */
  groupId?: string;
}

/**
 * One `flowchart TD` holding every part, one subgraph per subnet lane; broken edges dotted with
 * their codes, styled red; a warning on a passing hop a thick amber edge with its code. Top-down,
 * because a path of ten hops drawn left to right is shrunk to an unreadable strip in a page's width.
 */
export function renderMermaidFlowchart(parts: readonly MermaidPart[]): string {
  const lines = ['flowchart TD'];
  const links: Record<Marked, number[]> = { broken: [], unknown: [], warning: [] };
  const classes: Record<Marked, string[]> = { broken: [], unknown: [], warning: [] };
  let linkIndex = 0;
  for (const part of parts) {
    const grouped = part.title !== undefined;
    const ind = grouped ? '    ' : '  ';
    if (grouped) lines.push(`  subgraph ${part.groupId ?? 'group'} ["${mermaidText(part.title ?? '')}"]`);
    const declare = (n: GraphNode, at: string): void => {
      const [open, close] = nodeShape(n);
      lines.push(`${at}${n.id}${open}"${n.label.map(mermaidText).join('<br/>')}"${close}`);
      if (n.state !== 'ok') classes[n.state].push(n.id);
    };
    // Nodes are declared in their lane before any edge names them: Mermaid puts a node in the
    // subgraph where it first appears.
    for (const n of part.graph.nodes.filter((x) => !x.lane)) declare(n, ind);
    for (const lane of part.graph.lanes) {
      lines.push(`${ind}subgraph ${lane.id} ["${mermaidText(lane.label)}"]`);
      for (const n of part.graph.nodes.filter((x) => x.lane === lane.id)) declare(n, `${ind}  `);
      lines.push(`${ind}end`);
    }
    for (const e of part.graph.edges) {
      const look = edgeLook(e);
      if (look === 'ok') lines.push(`${ind}${e.from} --> ${e.to}`);
      else if (look === 'warning') lines.push(`${ind}${e.from} ==>|"${mermaidText(edgeLabel(e))}"| ${e.to}`);
      else lines.push(`${ind}${e.from} -.->|"${mermaidText(edgeLabel(e))}"| ${e.to}`);
      if (look !== 'ok') links[look].push(linkIndex);
      linkIndex++;
    }
    if (grouped) lines.push('  end');
  }
  for (const state of ['broken', 'unknown', 'warning'] as const) {
    if (classes[state].length === 0 && links[state].length === 0) continue;
    if (STYLE[state].node) lines.push(`  classDef ${state} ${STYLE[state].node}`);
    if (classes[state].length > 0) lines.push(`  class ${classes[state].join(',')} ${state}`);
    if (links[state].length > 0) lines.push(`  linkStyle ${links[state].join(',')} ${STYLE[state].link}`);
  }
  return `${lines.join('\n')}\n`;
}
