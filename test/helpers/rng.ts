// A tiny seeded PRNG (mulberry32) for the random-network tests: the same seed gives the same networks.
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** An item of a list, or undefined for an empty one. */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.next() * items.length)];
  }
  /** An item of a list known not to be empty. */
  pickOne<T>(items: readonly T[]): T {
    return this.pick(items)!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}
