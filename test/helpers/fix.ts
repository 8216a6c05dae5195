// Shared by the --fix tests: a plan is proved when the model, after it, reaches every target.
import { expect } from 'vitest';
import { proveFix, type FixPlan } from '../../src/fix/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export function expectProved(snapshot: Snapshot, plan: FixPlan, request: { functions: string[]; targets?: string[] }): void {
  const proof = proveFix(snapshot, plan, request);
  expect(proof.reason).toBeUndefined();
  expect(proof.proved).toBe(true);
  expect(proof.after.functions[0]!.verdict).toBe('reachable');
}
