// Builds Pipit. `node esbuild.mjs [--production] [--watch] [--tests]`
//  - dist/extension.js: the extension (CommonJS, `vscode` and native packages external)
//  - dist/engineWorker.js: the child process that runs the model (node-llama-cpp stays external: its files must
//    keep their layout, so it ships in the VSIX's node_modules and is loaded with a dynamic import()).
//  - with --tests: src/ and test/ compiled file by file into out/ for mocha (unit tier, plain Node) and for the
//    integration tier (loaded inside the VS Code extension host).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

const external = ['vscode', 'node-llama-cpp'];

/** @type {import('esbuild').BuildOptions} */
const bundle = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const builds = [
  { ...bundle, entryPoints: { extension: 'src/extension.ts', engineWorker: 'src/engine/worker/main.ts' }, outdir: 'dist' },
];
if (tests) {
  builds.push({
    entryPoints: [...tsFiles('src'), ...tsFiles('test')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
