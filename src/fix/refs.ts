// "${N.Field.Sub}" references between steps: resolved against the outputs of earlier steps.
const WHOLE = /^\$\{(\d+)\.([^}]+)\}$/;
const ANY = /\$\{(\d+)\.([^}]+)\}/g;

export type Outputs = ReadonlyMap<number, unknown>;

function lookup(outputs: Outputs, step: number, path: string): unknown {
  let value: unknown = outputs.get(step);
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export class UnresolvedReference extends Error {}

/** A deep copy of `value` with every reference replaced; throws if one cannot be resolved. */
export function resolveRefs<T>(value: T, outputs: Outputs): T {
  return walk(value, outputs) as T;
}

function walk(value: unknown, outputs: Outputs): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return found(outputs, Number(whole[1]), whole[2]!, value);
    return value.replace(ANY, (text, step: string, path: string) => String(found(outputs, Number(step), path, text)));
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, outputs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, outputs)]));
  }
  return value;
}

function found(outputs: Outputs, step: number, path: string, text: string): unknown {
  const value = lookup(outputs, step, path);
  if (value === undefined) throw new UnresolvedReference(`${text} cannot be resolved: step ${step} has no output ${path}`);
  return value;
}

/** The step numbers a value refers to. */
export function referencedSteps(value: unknown): number[] {
  const text = JSON.stringify(value) ?? '';
  return [...new Set([...text.matchAll(ANY)].map((m) => Number(m[1])))];
}
