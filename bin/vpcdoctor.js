#!/usr/bin/env node
// The installed command: runs the bundle that `npm run build` (and `npm pack`, via prepack) writes.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('vpcdoctor: not built yet: run npm run build first\n');
  process.exit(3);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv);
