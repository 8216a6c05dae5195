// "Did you mean …?" for a mistyped code or target: the nearest candidate by edit distance, if near.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `input` (case-insensitive), or undefined when even the nearest needs
 * more edits than a typo would: a third of the longer word, at least 2.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(wanted.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** " (did you mean X?)" or nothing. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const best = nearest(input, candidates);
  return best ? ` (did you mean ${best}?)` : '';
}
