// Pipit as a user gets it: installed from the VSIX that `npm run package` makes. Catches a .vscodeignore that drops
// a file the extension or node-llama-cpp needs at run time, or one that lets sources, maps or GPU builds in.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pipit.pipit';

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe('Pipit installed from its VSIX', () => {
  let extension: vscode.Extension<unknown>;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed`);
    extension = found;
  });

  it('is the installed copy, not the working tree', () => {
    const repoRoot = process.env.PIPIT_REPO_ROOT;
    assert.ok(repoRoot);
    assert.ok(relative(repoRoot, extension.extensionPath).startsWith('..'), extension.extensionPath);
  });

  it('activates once a file is open', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'math.ts'));
    await vscode.window.showTextDocument(document);
    const deadline = Date.now() + 20_000;
    while (!extension.isActive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(extension.isActive, 'Pipit did not activate within 20 s');
  });

  it('ships only what runs: no sources, tests, maps, llama.cpp sources or CUDA builds', () => {
    const root = extension.extensionPath;
    for (const path of ['dist/extension.js', 'dist/engineWorker.js', 'node_modules/node-llama-cpp/package.json']) {
      assert.ok(existsSync(join(root, path)), `${path} is missing`);
    }
    for (const path of ['src', 'test', 'out', '.ci', 'esbuild.mjs', 'tsconfig.json']) {
      assert.ok(!existsSync(join(root, path)), `${path} is shipped`);
    }
    const files = walk(root);
    assert.deepEqual(files.filter((file) => file.endsWith('.map') || /(^|\/)[^/]+(?<!\.d)\.ts$/.test(file)), []);
    // node-llama-cpp reads these small files at run time; the 35 MB source bundle beside them is for builds only.
    const llamaDir = join(root, 'node_modules/node-llama-cpp/llama');
    assert.ok(existsSync(join(llamaDir, 'binariesGithubRelease.json')));
    assert.ok(existsSync(join(llamaDir, 'llama.cpp.info.json')));
    assert.ok(!existsSync(join(llamaDir, 'gitRelease.bundle')), 'the llama.cpp source bundle is shipped');
    // The CPU build and, on linux-x64, the Vulkan build (test/harness/package.mjs); CUDA builds are too large.
    const binaries = readdirSync(join(root, 'node_modules/@node-llama-cpp')).sort();
    const expected = process.platform === 'linux' && process.arch === 'x64' ? ['linux-x64', 'linux-x64-vulkan'] : binaries.slice(0, 1);
    assert.deepEqual(binaries, expected);
    assert.ok(binaries.every((name) => !name.includes('cuda')), binaries.join(', '));
  });

  it('loads node-llama-cpp and its CPU binary from its own node_modules', async function () {
    this.timeout(90_000);
    // The engine worker is a child process of the extension host running the same executable (Electron runs as
    // Node with ELECTRON_RUN_AS_NODE) and resolving node-llama-cpp from the extension folder: do exactly that.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, 'loadLlama.js'), extension.extensionPath],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 80_000 },
    );
    const loaded = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    assert.deepEqual(loaded, {
      entry: join(extension.extensionPath, 'node_modules/node-llama-cpp/dist/index.js'),
      gpu: false,
      buildType: 'prebuilt',
    });
  });
});
