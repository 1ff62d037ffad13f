// `npm run package [-- --target linux-x64] [--out file.vsix]`: production build, then a per-platform VSIX holding
// node-llama-cpp and its production dependencies in node_modules/ with only the target's CPU build of llama.cpp.
// Which files go in is decided by .vscodeignore; this script adds the one line that keeps the target's binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// VS Code target → node-llama-cpp's prebuilt CPU (or Metal, on Apple silicon) binary package. GPU builds (CUDA,
// Vulkan) are hundreds of MB each; the engine falls back to the CPU build when they are absent.
const BINARY_PACKAGES = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-armv7l',
  'darwin-x64': 'mac-x64',
  'darwin-arm64': 'mac-arm64-metal',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
};

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'linux-x64' },
    out: { type: 'string' },
  },
});
const target = values.target;
const binaryPackage = BINARY_PACKAGES[target];
if (!binaryPackage) {
  fail(`unsupported --target ${target}; one of: ${Object.keys(BINARY_PACKAGES).join(', ')}`);
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const llamaVersion = JSON.parse(readFileSync(join(root, 'node_modules/node-llama-cpp/package.json'), 'utf8')).version;
const binaryDir = join(root, 'node_modules/@node-llama-cpp', binaryPackage);
if (!existsSync(binaryDir)) {
  // npm installs only the optional binaries whose os/cpu match this machine.
  fail(
    `node_modules/@node-llama-cpp/${binaryPackage} is missing: npm installs only the binaries that fit this machine. ` +
      `Package ${target} on a ${target} machine (a CI matrix), or add the binary here first with ` +
      `npm install --no-save --force @node-llama-cpp/${binaryPackage}@${llamaVersion}`,
  );
}
const out = resolve(values.out ?? join(root, `${manifest.name}-${target}-${manifest.version}.vsix`));

const started = Date.now();
run(process.execPath, [join(root, 'esbuild.mjs'), '--production']);

const scratch = mkdtempSync(join(tmpdir(), 'pipit-package-'));
try {
  const ignoreFile = join(scratch, '.vscodeignore');
  writeFileSync(
    ignoreFile,
    `${readFileSync(join(root, '.vscodeignore'), 'utf8')}\n# added by package.mjs for ${target}\n` +
      `!node_modules/@node-llama-cpp/${binaryPackage}/**\n`,
  );
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  run(process.execPath, [
    vsce, 'package',
    '--target', target,
    '--out', out,
    '--ignoreFile', ignoreFile,
    // No repository or LICENSE file yet: vsce would otherwise stop and ask.
    '--allow-missing-repository',
    '--skip-license',
  ]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const megabytes = (statSync(out).size / 1024 / 1024).toFixed(1);
const shown = relative(process.cwd(), out).startsWith('..') ? out : relative(process.cwd(), out);
console.log(`[package] ${shown}: ${megabytes} MB, ${target}, ` +
  `llama.cpp binary @node-llama-cpp/${binaryPackage}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`${relative(root, args[0])} ${args[1] ?? ''} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  console.error(`[package] ${message}`);
  process.exit(1);
}
