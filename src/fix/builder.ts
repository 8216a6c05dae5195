// Accumulates the steps of a plan; each add returns the step's 1-based number for references.
import type { FixStep } from './types.js';

export class PlanBuilder {
  readonly steps: FixStep[] = [];
  readonly notes: string[] = [];
  readonly addressed = new Set<string>();

  add(step: FixStep): number {
    this.steps.push(step);
    return this.steps.length;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  addresses(codes: Iterable<string>): void {
    for (const code of codes) this.addressed.add(code);
  }
}
