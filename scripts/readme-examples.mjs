// Regenerates the README's generated examples from the built binary (npm run build first). Each
// block is written as
//
//   <!-- generated: ARGS [| from "TEXT"] -->
//   ```
//   … the standard output of `vpcdoctor ARGS`, from the first line containing TEXT …
//   ```
//   <!-- end generated -->
//
// and is replaced by what the binary prints now (100 columns, no colour), so that the README shows
// the real output, never a hand-edited copy.
//
//   node scripts/readme-examples.mjs           rewrite README.md
//   node scripts/readme-examples.mjs --check   exit 1, naming the stale blocks, if one differs
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = join(root, 'README.md');
const BLOCK = /<!-- generated: (.+?)(?: \| from "([^"]+)")? -->\n```\n([\s\S]*?)```\n<!-- end generated -->/g;

/** What the binary prints for the arguments, from the first line containing `from`. */
export function generate(args, from) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'vpcdoctor.js'), ...args.split(' ')], {
    cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', COLUMNS: '100' },
  });
  if (run.status === null || run.status > 1) throw new Error(`vpcdoctor ${args} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n');
  const start = from ? lines.findIndex((l) => l.includes(from)) : 0;
  if (start < 0) throw new Error(`vpcdoctor ${args} printed no line containing "${from}"`);
  return `${lines.slice(start).join('\n').trimEnd()}\n`;
}

/** The README with every generated block brought up to date, and the arguments of those that changed. */
export function regenerate(readme) {
  const stale = [];
  const text = readme.replace(BLOCK, (_, args, from, old) => {
    const now = generate(args, from);
    if (now !== old) stale.push(args);
    return `<!-- generated: ${args}${from ? ` | from "${from}"` : ''} -->\n\`\`\`\n${now}\`\`\`\n<!-- end generated -->`;
  });
  return { text, stale };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { text, stale } = regenerate(readFileSync(readmePath, 'utf8'));
  if (process.argv.includes('--check')) {
    if (stale.length > 0) {
      console.error(`README.md: generated examples are stale (run: npm run build && node scripts/readme-examples.mjs):\n${stale.map((a) => `  vpcdoctor ${a}`).join('\n')}`);
      process.exit(1);
    }
  } else {
    writeFileSync(readmePath, text);
    console.log(stale.length > 0 ? `README.md: regenerated ${stale.length} example(s)` : 'README.md: examples up to date');
  }
}
