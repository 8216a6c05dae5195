// The reachability graph of a function: resources as nodes, hops as edges. Each subnet's paths run
// in a lane of their own (a resource two subnets use is drawn in each), so a reader sees which
// route table and NAT gateway each ENI uses; only the function and the destinations are shared.
import type { FunctionReport, HopKind, TargetResult } from '../analyze/types.js';
import { HOP_LABEL, subnetLabel } from './common.js';

export type EdgeState = 'ok' | 'broken' | 'unknown';

export interface GraphNode {
  /** A valid identifier in DOT and Mermaid: [A-Za-z_][A-Za-z0-9_]*. */
  id: string;
  kind: HopKind | 'function';
  /** Label lines, unescaped. */
  label: string[];
  state: EdgeState;
  /** The lane (subnet) the node is drawn in; none for the function and the destinations. */
  lane?: string;
}

export interface GraphLane {
  /** An identifier, as node ids are. */
  id: string;
  /** "subnet-… (us-west-2a)". */
  label: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  state: EdgeState;
  /** Finding codes raised at the hop the edge leads into, when it is broken or unknown. */
  codes: string[];
  /** Codes raised at a hop that passes (NAT_CROSS_AZ): shown on the edge, as a warning. */
  warnings: string[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  lanes: GraphLane[];
}

/** Destinations end every lane's path: one node each, outside the lanes. */
const SHARED_KINDS = new Set<HopKind>(['internet', 'database']);

const RANK: Record<EdgeState, number> = { broken: 0, unknown: 1, ok: 2 };

function worse(a: EdgeState, b: EdgeState): EdgeState {
  return RANK[a] <= RANK[b] ? a : b;
}

function stateOf(ok: boolean | null): EdgeState {
  return ok === true ? 'ok' : ok === false ? 'broken' : 'unknown';
}

/** Turns anything into an identifier safe in DOT and Mermaid (letters, digits, underscores). */
export function sanitizeId(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `n_${s}`;
}

/**
 * The graph of the given targets' paths (all of them by default). `prefix` namespaces node ids
 * (one graph per function when several share a document). Hops with the same kind and id share a
 * node across paths; within a path, a resource crossed again (not right after itself) or after a
 * NAT gateway gets a node of its own, so that the graph has no cycles.
 */
export function buildGraph(fr: FunctionReport, targets: readonly TargetResult[] = fr.targets, prefix = ''): Graph {
  const nodes = new Map<string, GraphNode>();
  const used = new Set<string>();
  const edges = new Map<string, GraphEdge>();

  const lanes = new Map<string, GraphLane>();
  const unique = (raw: string): string => {
    const base = sanitizeId(`${prefix}${raw}`);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return id;
  };
  const node = (key: string, kind: GraphNode['kind'], label: string[], state: EdgeState, lane?: string): GraphNode => {
    const existing = nodes.get(key);
    if (existing) { existing.state = worse(existing.state, state); return existing; }
    const created: GraphNode = { id: unique(key), kind, label, state, ...(lane ? { lane } : {}) };
    nodes.set(key, created);
    return created;
  };

  const fn = node(`lambda_${fr.function.name}`, 'function', ['Lambda function', fr.function.name], 'ok');
  const link = (from: GraphNode, to: GraphNode, state: EdgeState, codes: readonly string[], warnings: readonly string[]): void => {
    const key = `${from.id}>${to.id}`;
    const edge = edges.get(key) ?? { from: from.id, to: to.id, state, codes: [], warnings: [] };
    edges.set(key, edge);
    edge.state = worse(edge.state, state);
    for (const c of codes) if (!edge.codes.includes(c)) edge.codes.push(c);
    for (const c of warnings) if (!edge.warnings.includes(c)) edge.warnings.push(c);
  };
  for (const t of targets) {
    for (const p of t.paths) {
      if (!lanes.has(p.subnetId)) lanes.set(p.subnetId, { id: unique(`lane_${p.subnetId}`), label: subnetLabel(fr, p.subnetId, p) });
      const lane = lanes.get(p.subnetId)!;
      let prev = fn;
      let from = fn;
      let leg = 0;
      let seen = new Map<string, number>();
      let last = '';
      for (const h of p.hops) {
        const state = stateOf(h.ok);
        const codes = state === 'ok' ? [] : h.codes ?? [];
        const warnings = state === 'ok' ? h.codes ?? [] : [];
        const resource = `${h.kind}_${h.id}`;
        if (resource === last) {
          // The same resource twice in a row (an ACL checked inbound, then outbound): one node, one edge.
          from.state = worse(from.state, state);
          link(prev, from, state, codes, warnings);
          continue;
        }
        // A resource met again further on (the ACL crossed on the way out and again on the way in) is
        // another node, so the chart stays acyclic and the mark falls on the crossing that fails.
        const n = (seen.get(resource) ?? 0) + 1;
        seen.set(resource, n);
        const shared = SHARED_KINDS.has(h.kind);
        const key = `${shared ? '' : `${p.subnetId}_`}${resource}${leg > 0 ? `_leg${leg}` : ''}${n > 1 ? `_${n}` : ''}`;
        const label = h.id === HOP_LABEL[h.kind] ? [h.id] : [HOP_LABEL[h.kind], h.id];
        const to = node(key, h.kind, label, state, shared ? undefined : lane.id);
        link(from, to, state, codes, warnings);
        // Traffic leaves a NAT gateway afresh: the NAT subnet's ACL and route table are other crossings;
        // an RDS Proxy opens a connection of its own to the database.
        if (h.kind === 'nat-gateway' || h.kind === 'rds-proxy') { leg++; seen = new Map(); }
        last = resource;
        prev = from;
        from = to;
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], lanes: [...lanes.values()] };
}

/** How an edge is drawn: the worst of its state, and a warning on a passing hop. */
export type EdgeLook = EdgeState | 'warning';

export function edgeLook(e: GraphEdge): EdgeLook {
  return e.state === 'ok' && e.warnings.length > 0 ? 'warning' : e.state;
}

/** The text on an edge: codes after a mark (✗ blocks, ? unknown, ! a warning), or nothing when it passes cleanly. */
export function edgeLabel(e: GraphEdge): string {
  const look = edgeLook(e);
  if (look === 'ok') return '';
  if (look === 'warning') return `! ${e.warnings.join(', ')}`;
  const mark = look === 'broken' ? '✗' : '?';
  const codes = [...e.codes, ...e.warnings];
  return codes.length > 0 ? `${mark} ${codes.join(', ')}` : mark;
}
