// `npm start`: a real VS Code with Pipit loaded from the working tree (dist/, built by the npm script) on the sample
// workspace. VS Code desktop when `code` is on PATH; otherwise code-server on 127.0.0.1 with the URL to open.
// Ctrl+C stops what it started. PIPIT_* variables (e.g. PIPIT_MODEL_PATH) reach the extension host;
// PIPIT_START=code-server picks code-server even where `code` exists, PIPIT_PORT picks its port, PIPIT_START_PROFILE
// its profile folder.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { startCodeServer } from './codeServer';
import { cleanupAll, isStopping, onCleanup } from './processCleanup';
import { useScriptedTestModel } from './testModel';
import { findTools, toolsDir } from './tools';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './uiDriver';

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function startDesktop(code: string, workspace: string): Promise<number> {
  console.log(`[start] VS Code desktop (${code}) with Pipit from ${REPO_ROOT} on ${workspace}`);
  // --wait keeps the CLI running while the window is open, so Ctrl+C here has something to stop.
  const child = spawn(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${REPO_ROOT}`, workspace], {
    stdio: 'inherit',
  });
  onCleanup(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolvePromise) => child.once('exit', (exitCode) => resolvePromise(exitCode ?? 0)));
}

async function startBrowserWorkbench(workspace: string): Promise<number> {
  const tools = findTools();
  const port = process.env.PIPIT_PORT ? Number(process.env.PIPIT_PORT) : undefined;
  // A lasting profile: settings changed in the workbench (pipit.modelPath...) are still there next time.
  // PIPIT_START_PROFILE puts it elsewhere (the test of `npm start` uses a throwaway one).
  const profileDir = process.env.PIPIT_START_PROFILE || join(toolsDir(), 'start-profile');
  const server = await startCodeServer({ tools, port, profileDir });
  const url = server.workbenchUrl(workspace, { extensionDevelopmentPath: REPO_ROOT });
  console.log(
    [
      `[start] VS Code ${tools.vscodeVersion} (code-server) with Pipit from ${REPO_ROOT} on ${workspace}`,
      `[start] profile and logs: ${server.profileDir} (Pipit's log: user-data/logs/*/exthost*/pipit.pipit/Pipit.log)`,
      `[start] after a rebuild (npm run watch), run "Developer: Reload Window" in the workbench`,
      `[start] open this URL in a browser on this machine (Ctrl+C here stops the server):`,
      '',
      url,
      '',
    ].join('\n'),
  );
  await server.exited;
  if (isStopping()) return 0;
  console.error(`[start] code-server stopped:\n${server.readLog().split('\n').slice(-20).join('\n')}`);
  return 1;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // `npm start -- --test-model`: the scripted test model, to see ghost text on a machine without a real model.
  if (args.includes('--test-model')) console.log(`[start] model: the scripted test model ${await useScriptedTestModel()}`);
  else if (!process.env.PIPIT_MODEL_PATH) {
    console.log(
      '[start] no PIPIT_MODEL_PATH: pick a model in the workbench (Pipit: Select Model), start with ' +
        'PIPIT_MODEL_PATH=/path/to/model.gguf npm start, or see ghost text from a test model with: npm start -- --test-model',
    );
  }
  const folder = args.find((arg) => !arg.startsWith('--'));
  const workspace = resolve(folder ?? FIXTURE_WORKSPACE);
  const code = process.env.PIPIT_START === 'code-server' ? undefined : onPath('code');
  return code ? startDesktop(code, workspace) : startBrowserWorkbench(workspace);
}

main()
  .then((exitCode) => {
    process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    console.error('[start]', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
