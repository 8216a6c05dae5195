// Structural check of every Mermaid flowchart vpcdoctor writes (Markdown blocks and `graph --format mermaid`).
import { describe, expect, it } from 'vitest';
import { renderGraph } from '../src/report/graph.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { checkMermaid, mermaidBlocks } from './helpers/mermaid-check.js';
import { SAMPLES, nastyReport, partialReport, unknownReport } from './helpers/sample-reports.js';

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
    // One lane per subnet: the internet gateway is drawn in each, the destination once.
    expect([...chart.nodes.values()].filter((l) => l.startsWith('internet gateway'))).toHaveLength(2);
    expect([...chart.nodes.values()].filter((l) => l.startsWith('internet<br/>'))).toHaveLength(1);
    expect(internet).toMatch(/^ {2}subgraph lane_subnet_0a1b2c3d4e5f60001 \["subnet-0a1b2c3d4e5f60001 \(us-west-2a\)"\]$/m);
    expect(internet).toMatch(/^ {2}subgraph lane_subnet_0a1b2c3d4e5f60002 \["subnet-0a1b2c3d4e5f60002 \(us-west-2b\)"\]$/m);
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
