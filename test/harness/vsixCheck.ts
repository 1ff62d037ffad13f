// The VSIX check of the integration tier: package this machine's VSIX the way `npm run package` does, install it
// into a fresh code-server profile, and run test/integration/installed/ against the installed copy, with llvmpipe
// visible to its Vulkan build.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTestsInCodeServer } from './codeServerTests';
import { LLVMPIPE_ENV } from './llvmpipe';
import type { Tools } from './tools';

export function currentTarget(): string {
  return `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
}

export async function checkVsix(options: {
  tools: Tools;
  root: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  phase: (name: string) => void;
}): Promise<number> {
  const { root } = options;
  const resultsDir = join(root, '.test-results');
  mkdirSync(resultsDir, { recursive: true });
  const vsix = join(resultsDir, `pipit-${currentTarget()}-test.vsix`);

  options.phase('package the VSIX');
  const packageScript = join(root, 'test/harness/package.mjs');
  const packaged = spawnSync(process.execPath, [packageScript, '--target', currentTarget(), '--out', vsix], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  // package.mjs leaves the production build in dist/; put the development build (with source maps) back.
  const rebuilt = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  const summary = packaged.stdout.split('\n').find((line) => line.startsWith('[package]'));
  if (packaged.status !== 0 || !summary) {
    process.stdout.write(packaged.stdout + packaged.stderr);
    return 1;
  }
  console.log(summary);
  if (rebuilt.status !== 0) console.warn('[harness] could not restore the development build of dist/; run npm run build');

  options.phase('install the VSIX and test it');
  return runTestsInCodeServer({
    tools: options.tools,
    installVsix: [vsix],
    // VS Code runs extension tests only in a window with a development extension: an empty probe, so that the Pipit
    // under test is the installed one.
    extensionDevelopmentPath: join(root, 'test/integration/installed/probe'),
    extensionTestsPath: join(root, 'out/test/integration/installed/index.js'),
    workspace: options.workspace,
    // llvmpipe (Mesa's software Vulkan device) counts as a GPU here, so the VSIX's Vulkan build runs the model
    // (test/integration/installed/vulkanDevice.test.ts); ggml skips it otherwise.
    env: { ...options.env, ...LLVMPIPE_ENV, PIPIT_REPO_ROOT: root },
    timeoutMs: options.timeoutMs,
  });
}
