// Mermaid flowcharts of reachability graphs (GitHub renders them in Markdown).
import { stripControl } from './common.js';
import { type Graph, type GraphNode, edgeLabel } from './graph-model.js';

const STYLE = {
  broken: { node: 'fill:#fdecea,stroke:#c62828,color:#000', link: 'stroke:#c62828,stroke-width:2px,color:#c62828' },
  unknown: { node: 'fill:#fff4e5,stroke:#ef6c00,color:#000', link: 'stroke:#ef6c00,stroke-width:2px,color:#ef6c00' },
} as const;

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
 * One `flowchart TD` holding every part; broken edges dotted with their codes, styled red. Top-down,
 * because a path of ten hops drawn left to right is shrunk to an unreadable strip in a page's width.
 */
export function renderMermaidFlowchart(parts: readonly MermaidPart[]): string {
  const lines = ['flowchart TD'];
  const links: Record<'broken' | 'unknown', number[]> = { broken: [], unknown: [] };
  const classes: Record<'broken' | 'unknown', string[]> = { broken: [], unknown: [] };
  let linkIndex = 0;
  for (const part of parts) {
    const grouped = part.title !== undefined;
    const ind = grouped ? '    ' : '  ';
    if (grouped) lines.push(`  subgraph ${part.groupId ?? 'group'} ["${mermaidText(part.title ?? '')}"]`);
    for (const n of part.graph.nodes) {
      const [open, close] = nodeShape(n);
      lines.push(`${ind}${n.id}${open}"${n.label.map(mermaidText).join('<br/>')}"${close}`);
      if (n.state !== 'ok') classes[n.state].push(n.id);
    }
    for (const e of part.graph.edges) {
      if (e.state === 'ok') {
        lines.push(`${ind}${e.from} --> ${e.to}`);
      } else {
        lines.push(`${ind}${e.from} -.->|"${mermaidText(edgeLabel(e))}"| ${e.to}`);
        links[e.state].push(linkIndex);
      }
      linkIndex++;
    }
    if (grouped) lines.push('  end');
  }
  for (const state of ['broken', 'unknown'] as const) {
    if (classes[state].length === 0 && links[state].length === 0) continue;
    lines.push(`  classDef ${state} ${STYLE[state].node}`);
    if (classes[state].length > 0) lines.push(`  class ${classes[state].join(',')} ${state}`);
    if (links[state].length > 0) lines.push(`  linkStyle ${links[state].join(',')} ${STYLE[state].link}`);
  }
  return `${lines.join('\n')}\n`;
}
