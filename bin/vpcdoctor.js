#!/usr/bin/env node
// The installed command: runs the bundle that `npm run build` (and `npm pack`, via prepack) writes.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of the bundle between runs (in the OS temporary folder; it
// checks each file's hash). Node 20 has no such API: feature-detected, so there it does nothing.
module.enableCompileCache?.();

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('vpcdoctor: not built yet: run npm run build first\n');
  process.exit(3);
}
// A reader that stops early (`vpcdoctor --help | head -1`) closes the pipe: the rest of the output has
// nowhere to go, which is no error of ours. The run still ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => { if (error.code !== 'EPIPE') throw error; });
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv);
