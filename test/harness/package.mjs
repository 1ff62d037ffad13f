// `npm run package [-- --target linux-x64] [--out file.vsix]`: production build, then a per-platform VSIX holding
// node-llama-cpp and its production dependencies in node_modules/ with the target's CPU build of llama.cpp and, where
// node-llama-cpp has one, its Vulkan build (any GPU vendor, a 24 MB zipped addition). Which files go in is decided by
// .vscodeignore; this script adds the lines that keep the target's binaries, and refuses a VSIX over 60 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAX_MEGABYTES = 60;

// VS Code target → node-llama-cpp's prebuilt binary packages: the CPU build (Metal on Apple silicon, which is the
// only build there) and the Vulkan build where there is one. CUDA builds (181 MB + 358 MB unpacked) are too large
// for a VSIX; the engine uses Vulkan on NVIDIA GPUs too, and the CPU when no GPU works.
const BINARY_PACKAGES = {
  'linux-x64': { cpu: 'linux-x64', gpu: ['linux-x64-vulkan'] },
  'linux-arm64': { cpu: 'linux-arm64', gpu: [] },
  'linux-armhf': { cpu: 'linux-armv7l', gpu: [] },
  'darwin-x64': { cpu: 'mac-x64', gpu: [] },
  'darwin-arm64': { cpu: 'mac-arm64-metal', gpu: [] },
  'win32-x64': { cpu: 'win-x64', gpu: ['win-x64-vulkan'] },
  'win32-arm64': { cpu: 'win-arm64', gpu: [] },
};

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'linux-x64' },
    out: { type: 'string' },
  },
});
const target = values.target;
const binaries = BINARY_PACKAGES[target];
if (!binaries) {
  fail(`unsupported --target ${target}; one of: ${Object.keys(BINARY_PACKAGES).join(', ')}`);
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const llamaVersion = JSON.parse(readFileSync(join(root, 'node_modules/node-llama-cpp/package.json'), 'utf8')).version;
const addHint = (name) =>
  `npm installs only the binaries that fit this machine. Package ${target} on a ${target} machine (a CI matrix), ` +
  `or add the binary here first with npm install --no-save --force @node-llama-cpp/${name}@${llamaVersion}`;
/** The package's version when it is installed; node-llama-cpp ignores a binary package of another version. */
const installedVersion = (name) => {
  const path = join(root, 'node_modules/@node-llama-cpp', name, 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : undefined;
};
const shipped = [];
for (const [name, required] of [[binaries.cpu, true], ...binaries.gpu.map((name) => [name, false])]) {
  const version = installedVersion(name);
  if (version === llamaVersion) {
    shipped.push(name);
  } else if (required) {
    fail(`node_modules/@node-llama-cpp/${name}${version ? ` is version ${version}, not ${llamaVersion}` : ' is missing'}: ${addHint(name)}`);
  } else {
    // The registry does not have every GPU build of every version (win-x64-vulkan@3.22.1 is missing from it); the
    // VSIX then runs on the CPU there, and says so.
    console.warn(
      `[package] WARNING: no Vulkan build in this VSIX: node_modules/@node-llama-cpp/${name}` +
        `${version ? ` is version ${version}, not ${llamaVersion}` : ' is missing'}. ${addHint(name)}`,
    );
  }
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
      shipped.map((name) => `!node_modules/@node-llama-cpp/${name}/**\n`).join(''),
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
const megabytes = statSync(out).size / 1024 / 1024;
const shown = relative(process.cwd(), out).startsWith('..') ? out : relative(process.cwd(), out);
if (megabytes > MAX_MEGABYTES) fail(`${shown} is ${megabytes.toFixed(1)} MB, over the ${MAX_MEGABYTES} MB limit: check .vscodeignore`);
console.log(`[package] ${shown}: ${megabytes.toFixed(1)} MB, ${target}, ` +
  `llama.cpp binaries ${shipped.map((name) => `@node-llama-cpp/${name}`).join(' + ')}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`${relative(root, args[0])} ${args[1] ?? ''} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  console.error(`[package] ${message}`);
  process.exit(1);
}
