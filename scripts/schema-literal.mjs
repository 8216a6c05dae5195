// The snapshot schema as a JavaScript literal, for the bundle: src/snapshot/schema.ts builds it with
// TypeBox's Type builder, whose ~100 KB cost about 10 ms at every start-up; the literal costs nothing.
// TypeBox marks schemas with registered symbols (Symbol.for('TypeBox.Kind'), …), which JSON would
// drop and its Errors() needs, so they are written as computed keys. An object used in several places
// (`str`, `tags`) is written once as a const and shared, as in the original.

/** Module source that exports `name` equal to `value` (plain data, arrays and registered-symbol keys). */
export function schemaModule(name, value) {
  const uses = new Map();
  (function count(node) {
    if (node === null || typeof node !== 'object') return;
    uses.set(node, (uses.get(node) ?? 0) + 1);
    if (uses.get(node) === 1) for (const child of Object.values(node)) count(child);
  })(value);
  const consts = [];
  const names = new Map();
  const literal = (node) => {
    if (node === null || typeof node !== 'object') {
      if (typeof node === 'function' || typeof node === 'symbol' || typeof node === 'bigint' || node === undefined) {
        throw new Error(`schema literal: cannot write a ${typeof node}`);
      }
      return JSON.stringify(node);
    }
    if (names.has(node)) return names.get(node);
    if (Object.getPrototypeOf(node) !== Object.prototype && !Array.isArray(node)) throw new Error('schema literal: not a plain object');
    const text = Array.isArray(node)
      ? `[${node.map(literal).join(',')}]`
      : `{${[
        ...Object.entries(node).map(([key, child]) => `${JSON.stringify(key)}:${literal(child)}`),
        ...Object.getOwnPropertySymbols(node).map((symbol) => {
          const key = Symbol.keyFor(symbol);
          if (key === undefined) throw new Error(`schema literal: unregistered symbol ${String(symbol)}`);
          return `[Symbol.for(${JSON.stringify(key)})]:${literal(node[symbol])}`;
        }),
      ].join(',')}}`;
    if (uses.get(node) === 1) return text;
    const id = `s${consts.length}`;
    consts.push(`const ${id} = ${text};`);
    names.set(node, id);
    return id;
  };
  const root = literal(value);
  return `${consts.join('\n')}\nexport const ${name} = ${root};\n`;
}
