// `npm run test:integration [-- --only suite,e2e,vsix]`: the real-VS-Code tier, after `node esbuild.mjs --tests`.
//  1. suite: test/integration/suite/ in a real extension host with Pipit loaded from the working tree: VS Code
//     desktop through @vscode/test-electron when configured (PIPIT_VSCODE_EXECUTABLE, PIPIT_TEST_VSCODE=download),
//     otherwise code-server driven by Chromium.
//  2. e2e: test/e2e/ in plain Node, driving the code-server workbench with test/harness/uiDriver.ts.
//  3. vsix: `npm run package` for this machine, installed into a fresh code-server; test/integration/installed/.
// PIPIT_* variables (e.g. PIPIT_MODEL_PATH) reach the extension host on every path. Exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestsInCodeServer } from './codeServerTests';
import { findDesktopVsCode, runTestsInElectron } from './electronTests';
import { cleanupAll, onCleanup } from './processCleanup';
import { findTools } from './tools';
import type { Tools } from './tools';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './uiDriver';
import { ensureLlamaServer } from '../bench/llamaServer';
import { useScriptedTestModel } from './testModel';
import { checkVsix } from './vsixCheck';

const PHASES = ['suite', 'e2e', 'vsix'] as const;
type Phase = (typeof PHASES)[number];

interface Timing {
  name: string;
  seconds: number;
  ok?: boolean;
}

const timings: Timing[] = [];
let current: { name: string; started: number } | undefined;

function phase(name: string): void {
  endPhase();
  current = { name, started: Date.now() };
  console.log(`\n[integration] --- ${name}`);
}

function endPhase(ok?: boolean): void {
  if (!current) return;
  const seconds = (Date.now() - current.started) / 1000;
  timings.push({ name: current.name, seconds, ok });
  console.log(`[integration] ${current.name}: ${seconds.toFixed(1)} s`);
  current = undefined;
}

function selectedPhases(): Set<Phase> {
  const at = process.argv.indexOf('--only');
  if (at < 0) return new Set(PHASES);
  const names = (process.argv[at + 1] ?? '').split(',');
  const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only takes ${PHASES.join(',')}; unknown: ${unknown.join(',')}`);
  return new Set(names as Phase[]);
}

function passThroughEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('PIPIT_')));
}

/**
 * The suite runs in a multi-root workspace, as many users work: the fixture folder first, and a second folder of its
 * own (in a temporary folder, so what the tests write to its settings never touches the repository).
 */
function multiRootWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipit-suite-workspace-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const second = join(dir, 'second');
  mkdirSync(second);
  writeFileSync(join(second, 'tools.ts'), 'export function clamp(value: number, low: number, high: number): number {\n  \n}\n');
  writeFileSync(join(second, 'script.py'), 'def total(items):\n    \n');
  const file = join(dir, 'pipit-suite.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: [{ path: FIXTURE_WORKSPACE }, { path: second }], settings: {} }, null, 2));
  return file;
}

async function runSuite(tools: () => Tools): Promise<number> {
  const run = {
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(REPO_ROOT, 'out/test/integration/index.js'),
    workspace: multiRootWorkspace(),
    env: { ...passThroughEnv(), PIPIT_FAILURE_TIER: 'suite' },
  };
  const desktop = await findDesktopVsCode();
  if (desktop) {
    console.log(`[integration] running in ${desktop.description}`);
    return runTestsInElectron({ ...run, vscode: desktop });
  }
  const found = tools();
  const chromium = spawnSync(found.chromium, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `[integration] running in VS Code ${found.vscodeVersion} (code-server, Node 24 extension host), ` +
      `workbench in ${chromium || 'Chromium'} (set PIPIT_VSCODE_EXECUTABLE to use VS Code desktop)`,
  );
  // The faults, odd documents and notebook tests (issue 17) add 2-3 minutes on a loaded 2-core machine.
  return runTestsInCodeServer({ ...run, tools: found, timeoutMs: 900_000 });
}

function runE2e(): Promise<number> {
  // A separate Node process: the suite starts and stops its own code-server and browser through uiDriver.
  const mocha = join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js');
  // Node flags go through NODE_OPTIONS: given on mocha's command line they make it re-launch itself in a second process.
  const child = spawn(process.execPath, [mocha, '--timeout', '180000', '--reporter', 'out/test/harness/mochaReporter.js', '--reporter-option', 'tier=e2e', 'out/test/e2e/**/*.test.js'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim() },
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<number> {
  const phases = selectedPhases();
  const started = Date.now();
  let tools: Tools | undefined;
  const getTools = (): Tools => (tools ??= findTools());
  const failed: string[] = [];
  // Every tier's reporter appends its failed tests here (see failureListReporter.ts); .ci/run names its own file.
  if (!process.env.PIPIT_FAILURE_LIST) {
    const dir = mkdtempSync(join(tmpdir(), 'pipit-failures-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    process.env.PIPIT_FAILURE_LIST = join(dir, 'failures.txt');
  }
  console.log(`[integration] model for the engine: ${await useScriptedTestModel()}`);
  // The routing test talks to a real llama-server: build it now (once) rather than inside the extension host.
  if (phases.has('suite')) ensureLlamaServer((line) => console.log(`[llama-server] ${line}`));
  const record = (name: string, code: number): void => {
    endPhase(code === 0);
    if (code !== 0) failed.push(name);
  };

  if (phases.has('suite')) {
    phase('extension host suite (test/integration/suite)');
    record('suite', await runSuite(getTools));
  }
  if (phases.has('e2e')) {
    phase('UI end-to-end (test/e2e)');
    getTools();
    record('e2e', await runE2e());
  }
  if (phases.has('vsix')) {
    const exitCode = await checkVsix({
      tools: getTools(),
      root: REPO_ROOT,
      workspace: FIXTURE_WORKSPACE,
      env: { ...passThroughEnv(), PIPIT_FAILURE_TIER: 'vsix' },
      timeoutMs: 180_000,
      phase,
    });
    record('vsix', exitCode);
  }

  console.log('\n[integration] timings');
  for (const { name, seconds, ok } of timings) {
    console.log(`  ${ok === false ? 'FAIL' : 'ok  '} ${seconds.toFixed(1).padStart(6)} s  ${name}`);
  }
  console.log(`       ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  total`);
  if (failed.length > 0) {
    console.log(`[integration] FAILED: ${failed.join(', ')}`);
    const list = process.env.PIPIT_FAILURE_LIST;
    if (list && existsSync(list)) console.log(`[integration] failed tests:\n${readFileSync(list, 'utf8').trimEnd()}`);
  }
  return failed.length > 0 ? 1 : 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    console.error('[integration]', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
