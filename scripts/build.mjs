#!/usr/bin/env node
// The build (npm run build; prepack runs it too):
// 1. dist/cli/: the CLI as one esbuild bundle split at its dynamic imports, so each command loads only
//    the code it runs (`--version` loads main.js alone, a snapshot check never loads collect/).
//    Packages listed in package.json `dependencies` (the AWS SDK, ora) stay external: the installed
//    package resolves them from node_modules and live mode imports them lazily. Everything else used
//    is bundled, and its licence text goes to dist/cli/THIRD-PARTY-LICENSES.txt.
//    dist/cli/snapshot-describe.cjs holds what only a failing snapshot check needs (see below).
// 2. dist/ (other folders): every module transpiled one to one, for bench/ scripts that import the
//    engine directly. Not shipped (package.json `files` lists dist/cli only).
// 3. schemas/snapshot.schema.json, written from the TypeBox definitions the reader compiles, and
//    schemas/report.schema.json, generated from the Report type in src/analyze/types.ts.
// The version in `--version` and in reports is package.json's, put in at build time.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkModule, schemaModule } from './snapshot-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const define = { VPCDOCTOR_VERSION: JSON.stringify(pkg.version) };
const common = { platform: 'node', format: 'esm', target: 'node20', define, logLevel: 'warning' };

rmSync(join(root, 'dist'), { recursive: true, force: true });


// Step 2 first: the generated snapshot check is compiled from the transpiled schema.
const sources = listTs(join(root, 'src')).filter((file) => !file.startsWith(join(root, 'src', 'cli')));
await build({ ...common, entryPoints: sources, outdir: join(root, 'dist'), outbase: join(root, 'src'), sourcemap: 'linked' });
const { SNAPSHOT_SCHEMA } = await import(pathToFileURL(join(root, 'dist', 'snapshot', 'schema.js')).href);
const generatedCheck = checkModule(SNAPSHOT_SCHEMA);
const schemaLiteral = schemaModule('SNAPSHOT_SCHEMA', SNAPSHOT_SCHEMA);
/** In the bundles, src/snapshot/check.ts is the generated check and src/snapshot/schema.ts the schema
 *  as a literal (building it with Type.* took ~10 ms). */
const precompiledCheck = {
  name: 'precompiled-snapshot-check',
  setup(b) {
    b.onLoad({ filter: /src[\\/]snapshot[\\/]check\.ts$/ }, () => ({ contents: generatedCheck, loader: 'js' }));
    b.onLoad({ filter: /src[\\/]snapshot[\\/]schema\.ts$/ }, () => ({ contents: schemaLiteral, loader: 'js' }));
  },
};
/**
 * Only a snapshot that fails the check needs src/snapshot/describe.ts, TypeBox's Errors() and the
 * schema (~170 KB, ~9 % of a seed check's instructions to load). They go to a CommonJS file of their
 * own, DESCRIBE_FILE, which the CLI bundle require()s (synchronously, as parseSnapshot is) when a check
 * fails. The require is the banner's, relative to the chunk that holds read.ts (in chunks/).
 */
const DESCRIBE_FILE = 'snapshot-describe.cjs';
const describeOnFailure = {
  name: 'describe-on-failure',
  setup(b) {
    b.onResolve({ filter: new RegExp(`/${DESCRIBE_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /src[\\/]snapshot[\\/]describe\.ts$/ }, () => ({
      loader: 'js',
      contents: `export function describeFirstError(doc) { return require('../${DESCRIBE_FILE}').describeFirstError(doc); }`,
    }));
  },
};
/** commander requires node:child_process at load (for executable subcommands, which vpcdoctor has
 *  none of); loading it pulls in net, dgram and their bindings, ~4 ms of every start. Give commander
 *  a stand-in that loads the real module on first use. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/node_modules[\\/]commander[\\/]/.test(args.importer)
      ? { path: 'lazy-child-process', namespace: 'lazy-child-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      loader: 'js',
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
    }));
  },
};

const bundle = await build({
  ...common,
  entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
  outdir: join(root, 'dist', 'cli'),
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: Object.keys(pkg.dependencies ?? {}),
  // CommonJS packages bundled into ESM call require() for Node built-ins: give them one.
  banner: { js: "import { createRequire as __vpcdoctorRequire } from 'node:module'; const require = __vpcdoctorRequire(import.meta.url);" },
  metafile: true,
  plugins: [describeOnFailure, precompiledCheck, lazyChildProcess],
});
const describeBundle = await build({
  ...common,
  format: 'cjs',
  entryPoints: [join(root, 'src', 'snapshot', 'describe.ts')],
  outfile: join(root, 'dist', 'cli', DESCRIBE_FILE),
  bundle: true,
  metafile: true,
  plugins: [precompiledCheck],
});
const stubIn = Object.entries(bundle.metafile.outputs).filter(([, out]) => Object.keys(out.inputs).some((i) => /src\/snapshot\/describe\.ts$/.test(i))).map(([file]) => file);
if (stubIn.length !== 1 || !stubIn[0].includes('/chunks/')) throw new Error(`build: describe.ts's stub must be in one chunk under chunks/, is in ${stubIn.join(', ')}`);
writeLicenses([bundle.metafile, describeBundle.metafile]);
if (process.env.VPCDOCTOR_METAFILE) writeFileSync(process.env.VPCDOCTOR_METAFILE, JSON.stringify(bundle.metafile));

mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas', 'snapshot.schema.json'), `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...SNAPSHOT_SCHEMA }, null, 2)}\n`);
// The JSON report's schema, from the TypeScript types the renderers are checked against (one definition).
const { createGenerator } = await import('ts-json-schema-generator');
const reportSchema = createGenerator({
  path: join(root, 'src', 'analyze', 'types.ts'), tsconfig: join(root, 'tsconfig.json'), type: 'Report', skipTypeCheck: true,
}).createSchema('Report');
reportSchema.title = 'vpcdoctor JSON report (check --output json, schemaVersion 1)';
writeFileSync(join(root, 'schemas', 'report.schema.json'), `${JSON.stringify(reportSchema, null, 2)}\n`);

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The licence of every npm package whose code went into the bundle, found from esbuild's metafile. */
function writeLicenses(metafiles) {
  const packages = new Map();
  for (const input of metafiles.flatMap((metafile) => Object.keys(metafile.inputs))) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || packages.has(match[1])) continue;
    const dir = join(root, input.slice(0, match.index + match[0].length));
    const license = readdirSync(dir).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    packages.set(match[1], { version: manifest.version, license: manifest.license, text: license ? readFileSync(join(dir, license), 'utf8').trim() : '(no licence file in the package)' });
  }
  const text = [...packages].sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => `${name} ${p.version} (${p.license})\n\n${p.text}\n`).join('\n----\n\n');
  writeFileSync(join(root, 'dist', 'cli', 'THIRD-PARTY-LICENSES.txt'), `Code from these packages is bundled into vpcdoctor's dist/cli:\n\n${text}`);
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('build: the bundle has no main.js');
}
