// The traffic of one path as sets of destination addresses: what is still travelling (known to get
// this far, or uncertain because a hop could not be analysed), what was blocked where and why,
// what arrived. A hop is a function from the travelling set to passed / blocked / uncertain
// slices (docs/ANALYSIS.md, "Adding a hop"); the path verdict is read off the sets, not the hops.
import { IntervalSet, unionAll } from '../../model/interval-set.js';
import type { FindingCode } from '../codes.js';

export interface BlockedSlice {
  addresses: IntervalSet;
  /** Share of the target's addresses. */
  fraction: number;
  /** Index of the hop in the path's hop list. */
  hop: number;
  code?: FindingCode;
}

export interface UnknownSlice {
  addresses: IntervalSet;
  fraction: number;
  hop: number;
  reason: string;
}

export type FlowVerdict = 'reachable' | 'unreachable' | 'partial' | 'unknown';

interface Uncertain {
  addresses: IntervalSet;
  hop: number;
  reason: string;
}

export class Flow {
  private known: IntervalSet;
  /** The branch's addresses regardless of drops: what later hops judge once nothing travels (so every blocker is reported). */
  private ghost: IntervalSet;
  private uncertain: Uncertain[] = [];
  private delivered = IntervalSet.EMPTY;
  private readonly blockedSlices: BlockedSlice[] = [];
  private readonly unknownSlices: Uncertain[] = [];

  constructor(private whole: IntervalSet) {
    this.known = whole;
    this.ghost = whole;
  }

  /** What a hop judges: the traffic still travelling, or if none is, what would have without the drops. */
  get subject(): IntervalSet {
    const travelling = this.travelling;
    return travelling.isEmpty ? this.ghost : travelling;
  }

  /** The target's addresses. */
  get target(): IntervalSet {
    return this.whole;
  }

  /** Every address still travelling, known or uncertain. */
  get travelling(): IntervalSet {
    return this.known.union(unionAll(this.uncertain.map((u) => u.addresses)));
  }

  /** The travelling addresses known (not just possibly) to get this far. */
  get certain(): IntervalSet {
    return this.known;
  }

  state(): boolean | null {
    if (!this.known.isEmpty) return true;
    return this.uncertain.length > 0 ? null : false;
  }

  drop(addresses: IntervalSet, hop: number, code: FindingCode | undefined): void {
    const hit = addresses.intersect(this.travelling);
    if (hit.isEmpty) return;
    this.known = this.known.subtract(hit);
    this.uncertain = this.uncertain.map((u) => ({ ...u, addresses: u.addresses.subtract(hit) })).filter((u) => !u.addresses.isEmpty);
    const same = this.blockedSlices.find((b) => b.hop === hop && b.code === code);
    // Shares are fixed when the traffic is dropped: the target may be readdressed later.
    if (same) (same.addresses = same.addresses.union(hit)), (same.fraction = this.share(same.addresses));
    else this.blockedSlices.push({ addresses: hit, fraction: this.share(hit), hop, ...(code ? { code } : {}) });
  }

  doubt(addresses: IntervalSet, hop: number, reason: string): void {
    const hit = addresses.intersect(this.known);
    if (hit.isEmpty) return;
    this.known = this.known.subtract(hit);
    this.uncertain.push({ addresses: hit, hop, reason });
  }

  /** The destination: what is still travelling arrives (the uncertain part only perhaps). */
  deliver(): void {
    this.delivered = this.delivered.union(this.known);
    this.unknownSlices.push(...this.uncertain);
    this.known = IntervalSet.EMPTY;
    this.uncertain = [];
  }

  branch(addresses: IntervalSet, walk: () => void): void {
    const [known, uncertain, ghost] = [this.known, this.uncertain, this.ghost];
    this.ghost = ghost.intersect(addresses);
    const within = (u: Uncertain, keep: boolean) => ({ ...u, addresses: keep ? u.addresses.intersect(addresses) : u.addresses.subtract(addresses) });
    this.known = known.intersect(addresses);
    this.uncertain = uncertain.map((u) => within(u, true)).filter((u) => !u.addresses.isEmpty);
    walk();
    this.ghost = ghost;
    this.known = this.known.union(known.subtract(addresses));
    this.uncertain = [...this.uncertain, ...uncertain.map((u) => within(u, false)).filter((u) => !u.addresses.isEmpty)];
  }

  /**
   * The destination turned out to be other addresses (a name resolved to an interface endpoint):
   * what travels now travels to `addresses`, and shares are counted against them.
   */
  readdress(addresses: IntervalSet): void {
    this.whole = addresses;
    this.ghost = addresses;
    this.known = this.known.isEmpty ? IntervalSet.EMPTY : addresses;
    this.uncertain = this.uncertain.map((u) => ({ ...u, addresses }));
  }

  /** Ends the walk: anything not delivered by now was not followed to the destination, so it is uncertain. */
  finish(lastHop: number): void {
    if (!this.travelling.isEmpty) {
      this.doubt(this.known, lastHop, 'the walk did not follow it to the destination');
      this.unknownSlices.push(...this.uncertain);
      this.uncertain = [];
    }
  }

  verdict(): FlowVerdict {
    if (!this.whole.isEmpty && this.delivered.covers(this.whole)) return 'reachable';
    if (this.delivered.isEmpty) return this.unknownSlices.length > 0 ? 'unknown' : 'unreachable';
    return 'partial';
  }

  blocked(): BlockedSlice[] {
    return this.blockedSlices.map((b) => ({ ...b }));
  }

  unknown(): UnknownSlice[] {
    const merged: UnknownSlice[] = [];
    for (const u of this.unknownSlices) {
      const same = merged.find((m) => m.hop === u.hop && m.reason === u.reason);
      if (same) same.addresses = same.addresses.union(u.addresses);
      else merged.push({ ...u, fraction: 0 });
    }
    return merged.map((u) => ({ ...u, fraction: this.share(u.addresses) }));
  }

  share(addresses: IntervalSet): number {
    const whole = this.whole.size;
    return whole === 0 ? 0 : Math.min(1, addresses.intersect(this.whole).size / whole);
  }
}
