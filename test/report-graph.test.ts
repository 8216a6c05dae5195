import parse from 'dotparser';
import { describe, expect, it } from 'vitest';
import { renderGraph } from '../src/report/graph.js';
import type { FunctionReport, Hop } from '../src/analyze/types.js';
import { buildGraph, edgeLabel, sanitizeId } from '../src/report/graph-model.js';
import { SAMPLES, multiReport, nastyReport, partialReport, unknownReport } from './helpers/sample-reports.js';

interface Attr { id: string | number; eq: unknown }
interface Stmt { type: string; children?: Stmt[]; id?: string | number; node_id?: { id: string | number };
  edge_list?: { type: string; id: string | number }[]; attr_list?: Attr[] }

const attrs = (s: Stmt) => Object.fromEntries((s.attr_list ?? []).map((a) => [String(a.id), String(a.eq)]));

function flatten(stmts: Stmt[]): Stmt[] {
  return stmts.flatMap((s) => (s.type === 'subgraph' ? flatten(s.children ?? []) : [s]));
}

function dot(src: string) {
  const graphs = parse(src) as unknown as Stmt[];
  expect(graphs).toHaveLength(1);
  expect(graphs[0]!.type).toBe('digraph');
  const all = flatten(graphs[0]!.children ?? []);
  const nodes = new Map(all.filter((s) => s.type === 'node_stmt').map((s) => [String(s.node_id!.id), attrs(s)]));
  const edges = all.filter((s) => s.type === 'edge_stmt').map((s) => ({
    from: String(s.edge_list![0]!.id), to: String(s.edge_list![1]!.id), attrs: attrs(s),
  }));
  for (const e of edges) {
    expect(nodes.has(e.from), `edge from undeclared ${e.from}`).toBe(true);
    expect(nodes.has(e.to), `edge to undeclared ${e.to}`).toBe(true);
  }
  for (const id of nodes.keys()) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  return { root: graphs[0]!, nodes, edges };
}

describe('renderGraph dot', () => {
  it.each(SAMPLES)('%s: parses as one digraph whose edges join declared nodes', (_name, report) => {
    dot(renderGraph(report, 'dot'));
  });

  it('marks the broken edge red, dashed, labelled with the code', () => {
    const { nodes, edges } = dot(renderGraph(partialReport, 'dot'));
    const broken = edges.filter((e) => e.attrs.color === 'red');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.attrs).toEqual({ color: 'red', style: 'dashed', label: 'NAT_NO_PUBLIC_IP' });
    expect(nodes.get(broken[0]!.to)!.label).toBe('NAT gateway\\nnat-0a1b2c3d4e5f60002');
    expect(edges.filter((e) => Object.keys(e.attrs).length === 0).length).toBe(edges.length - 1);
  });

  it('draws one lane (cluster) per subnet: a resource once per lane, the function and destinations once', () => {
    const { root, nodes } = dot(renderGraph(partialReport, 'dot'));
    const labels = [...nodes.values()].map((a) => a.label!);
    expect(labels.filter((l) => l === 'internet gateway\\nigw-0a1b2c3d4e5f60001')).toHaveLength(2);
    const lanes = (root.children ?? []).filter((c) => c.type === 'subgraph');
    expect(lanes.map((c) => c.id)).toEqual(['cluster_lane_subnet_0a1b2c3d4e5f60001', 'cluster_lane_subnet_0a1b2c3d4e5f60002']);
    // Each lane holds its own route table and NAT gateway.
    const inLane = (i: number) => flatten(lanes[i]!.children ?? []).filter((c) => c.type === 'node_stmt').map((c) => attrs(c).label);
    expect(inLane(0)).toContain('NAT gateway\\nnat-0a1b2c3d4e5f60001');
    expect(inLane(1)).toContain('NAT gateway\\nnat-0a1b2c3d4e5f60002');
    expect(inLane(1)).not.toContain('NAT gateway\\nnat-0a1b2c3d4e5f60001');
    expect(labels.filter((l) => l.startsWith('Lambda function'))).toHaveLength(1);
    expect(labels).toContain('database\\nmobile-auth-db');
  });

  it('marks unknown edges dotted orange', () => {
    const { edges } = dot(renderGraph(unknownReport, 'dot'));
    expect(edges.filter((e) => e.attrs.style === 'dotted').map((e) => e.attrs))
      .toEqual([{ color: 'orange', style: 'dotted', label: '? PERMISSION_DENIED' }]);
  });

  it('puts each function in a cluster subgraph when there are several', () => {
    const { root } = dot(renderGraph(multiReport, 'dot'));
    const clusters = (root.children ?? []).filter((s) => s.type === 'subgraph');
    expect(clusters.map((s) => s.id)).toEqual(['cluster_f0', 'cluster_f1', 'cluster_f2', 'cluster_f3']);
  });

  it('escapes labels so that quotes and backslashes survive', () => {
    const { nodes } = dot(renderGraph(nastyReport, 'dot'));
    const labels = [...nodes.values()].map((a) => a.label);
    expect(labels).toContain('Lambda function\\nauth "edge" <fn> & #1');
    expect(labels).toContain('NAT gateway\\nnat-"odd"<id>');
  });
});

describe('sanitizeId', () => {
  it.each([['nat-0abc', 'nat_0abc'], ['0.0.0.0/0', 'n_0_0_0_0_0'], ['a"b c', 'a_b_c'], ['ünï', '_n_']])(
    '%s → %s', (raw, id) => expect(sanitizeId(raw)).toBe(id));
});

describe('buildGraph', () => {
  const labels = (fr: FunctionReport) => buildGraph(fr).nodes.map((n) => n.label.join(' '));

  it('draws a resource crossed again further on as another node, so the graph has no cycle', () => {
    const db = { ...partialReport.functions[0]!, targets: partialReport.functions[0]!.targets.filter((t) => t.target.startsWith('rds:')) };
    const g = buildGraph(db);
    // Crossed twice in each of the two subnets' lanes.
    expect(labels(db).filter((l) => l === 'network ACL acl-0a1b2c3d4e5f60001')).toHaveLength(4);
    expect(g.edges.filter((e) => e.from === e.to)).toEqual([]);
  });

  it('gives the NAT subnet its own ACL and route table nodes, merging an ACL checked in then out', () => {
    const h = (kind: Hop['kind'], id: string, ok: boolean, codes?: Hop['codes']): Hop => ({ kind, id, ok, detail: '', ...(codes ? { codes } : {}) });
    const fr: FunctionReport = {
      ...partialReport.functions[0]!,
      targets: [{
        target: 'internet', destination: { address: '0.0.0.0/0', port: 443, protocol: 'tcp' }, verdict: 'unreachable',
        paths: [{
          subnetId: 'subnet-1', availabilityZone: 'us-west-2a', verdict: 'unreachable', hops: [
            h('eni', 'eni-1', true), h('network-acl', 'acl-1', true), h('route-table', 'rtb-1', true),
            h('nat-gateway', 'nat-1', true), h('network-acl', 'acl-1', true), h('network-acl', 'acl-1', true),
            h('route-table', 'rtb-1', false, ['NAT_SUBNET_NO_IGW_ROUTE']), h('internet', 'internet', false),
          ],
        }],
      }],
    };
    const g = buildGraph(fr);
    expect(labels(fr)).toEqual([
      'Lambda function mobile-auth-handler', 'ENI eni-1', 'network ACL acl-1', 'route table rtb-1',
      'NAT gateway nat-1', 'network ACL acl-1', 'route table rtb-1', 'internet',
    ]);
    const broken = g.edges.filter((e) => e.state === 'broken');
    expect(broken.map(edgeLabel)).toEqual(['✗ NAT_SUBNET_NO_IGW_ROUTE', '✗']);
    expect(g.nodes.find((n) => n.id === broken[0]!.from)!.label).toEqual(['network ACL', 'acl-1']);
    expect(g.nodes.filter((n) => n.state === 'broken').map((n) => n.id)).toEqual([broken[0]!.to, broken[1]!.to]);
  });
});
