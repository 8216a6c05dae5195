// The one set type the engine reasons with: a finite union of closed integer intervals, kept
// sorted, disjoint and non-adjacent (so equal sets have equal representations). Addresses (IPv4 as
// 32-bit integers) and ports (0-65535) are both such sets; routes, security groups and network ACLs
// all answer "which part of this set do you pass". Bounds are plain numbers, exact up to 2^53: an
// IPv6 family would use the same operations over bigint bounds (see docs/ANALYSIS.md, "Sets").

export type Interval = readonly [number, number];

export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  /** Use `IntervalSet.of` unless the intervals are already normalised. */
  private constructor(readonly intervals: readonly Interval[]) {}

  static of(intervals: Iterable<Interval>): IntervalSet {
    const sorted = [...intervals].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of sorted) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    return new IntervalSet(merged);
  }

  static range(lo: number, hi: number): IntervalSet {
    return lo <= hi ? new IntervalSet([[lo, hi]]) : IntervalSet.EMPTY;
  }

  static point(value: number): IntervalSet {
    return new IntervalSet([[value, value]]);
  }

  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** How many values the set holds. */
  get size(): number {
    let total = 0;
    for (const [lo, hi] of this.intervals) total += hi - lo + 1;
    return total;
  }

  has(value: number): boolean {
    let low = 0;
    let high = this.intervals.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [lo, hi] = this.intervals[mid]!;
      if (value < lo) high = mid - 1;
      else if (value > hi) low = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return IntervalSet.of([...this.intervals, ...other.intervals]);
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = other.intervals;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i]![0], b[j]![0]);
      const hi = Math.min(a[i]![1], b[j]![1]);
      if (lo <= hi) out.push([lo, hi]);
      if (a[i]![1] < b[j]![1]) i += 1;
      else j += 1;
    }
    return new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty || this.isEmpty) return this;
    const out: Interval[] = [];
    let j = 0;
    const b = other.intervals;
    for (const [lo0, hi] of this.intervals) {
      let lo = lo0;
      while (j < b.length && b[j]![1] < lo) j += 1;
      let k = j;
      while (k < b.length && b[k]![0] <= hi && lo <= hi) {
        if (b[k]![0] > lo) out.push([lo, b[k]![0] - 1]);
        lo = Math.max(lo, b[k]![1] + 1);
        k += 1;
      }
      if (lo <= hi) out.push([lo, hi]);
    }
    return new IntervalSet(out);
  }

  /** Whether every value of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    return other.subtract(this).isEmpty;
  }

  overlaps(other: IntervalSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  equals(other: IntervalSet): boolean {
    return this.intervals.length === other.intervals.length && this.intervals.every(([lo, hi], i) => lo === other.intervals[i]![0] && hi === other.intervals[i]![1]);
  }

  /** The smallest value, or undefined for the empty set. */
  get first(): number | undefined {
    return this.intervals[0]?.[0];
  }
}

/** The union of many sets in one normalisation. */
export function unionAll(sets: Iterable<IntervalSet>): IntervalSet {
  const intervals: Interval[] = [];
  for (const set of sets) intervals.push(...set.intervals);
  return IntervalSet.of(intervals);
}
