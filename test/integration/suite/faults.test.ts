// Faults a user can run into, in a real extension host: the engine killed with kill -9 while the user types, the
// model file deleted or replaced while loaded, an external engine that dies in the middle of its answer. In each
// case the typing is kept, the status bar says what happened and what to do, and no engine process is left behind.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { E2E_SCRIPT, SERVER_SCRIPT } from '../../harness/testModel';
import { until } from '../../harness/until';
import { acceptUntil } from './suggestions';

const config = () => vscode.workspace.getConfiguration('pipit');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with this id still exists (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Collects the status bar tooltip's lines while `body` runs: what a user glancing at it would have seen (the state
 * line, and the reason the last request showed nothing, which stays until the next answer).
 */
async function watchStatus(api: PipitApi, body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const timer = setInterval(() => {
    for (const line of api.statusBar.tooltip.split('\n')) if (!seen.includes(line)) seen.push(line);
  }, 10);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return seen;
}

describe('faults while the user works', function () {
  this.timeout(180_000);
  let api: PipitApi;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('engine killed with kill -9 while the user types: every key is kept, the status says so, the next keystroke restarts it', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function sum(a: number, b: number) {\n  \n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        return api.engineStatus.state === 'ready' && api.enginePid;
      },
      60_000,
      'the engine ready',
    );
    // Keys go to the focused editor: make sure it is this one (an earlier suite may have left focus in a panel).
    await vscode.window.showTextDocument(document, { preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const killed = api.enginePid!;
    const typed = 'const total = a + b; // kept';
    const seen = await watchStatus(api, async () => {
      // The user types as a person does, through VS Code's own `type` command (what a key press runs), and the
      // engine is killed after the first few keys, while requests for them are in flight.
      for (const [index, key] of [...typed].entries()) {
        if (index === 5) process.kill(killed, 'SIGKILL');
        await vscode.commands.executeCommand('type', { text: key });
        await sleep(30);
      }
      await until(() => !alive(killed), 10_000, 'the killed process to be gone');
    });
    assert.equal(document.lineAt(1).text, `  ${typed}`, 'every key the user typed is in the document');
    assert.ok(
      seen.some((line) => /model process stopped unexpectedly \(killed by SIGKILL\)\. The next completion request restarts it/.test(line)),
      `the status said what happened and what to do: ${seen.join(' | ')}`,
    );

    // The next keystroke starts a new engine process, which answers.
    await vscode.commands.executeCommand('type', { text: '\n  ' });
    await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        return api.engineStatus.state === 'ready' && api.enginePid !== undefined && api.enginePid !== killed;
      },
      60_000,
      'a new engine process, ready',
    );
    assert.ok(alive(api.enginePid!), 'the new engine process runs');
    assert.ok(!alive(killed), 'the killed one is not left behind');
    assert.match(api.statusBar.tooltip, /^Ready: /);
  });

  describe('the model file changes on disk while loaded', () => {
    let dir: string;
    let modelPath: string;
    let envModel: string | undefined;

    before(async () => {
      // A copy of the test model that the test may delete and replace, chosen the way a user does: pipit.modelPath.
      // PIPIT_MODEL_PATH (set by the runner) would win over the setting, so it is set aside in this extension host.
      dir = mkdtempSync(join(tmpdir(), 'pipit-faults-model-'));
      modelPath = join(dir, 'model.gguf');
      copyFileSync(process.env.PIPIT_MODEL_PATH!, modelPath);
      envModel = process.env.PIPIT_MODEL_PATH;
      delete process.env.PIPIT_MODEL_PATH;
      await config().update('modelPath', modelPath, vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      process.env.PIPIT_MODEL_PATH = envModel;
      await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    });

    it('deleted: the status says the file is missing and what to do; put back, suggestions come again', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function first(a: number, b: number) {\n  \n}\n' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      await acceptUntil(document, E2E_SCRIPT, 'a suggestion from the model file');
      assert.equal(api.engineStatus.model?.modelPath, modelPath);

      rmSync(modelPath);
      await until(() => /model file .*model\.gguf does not exist\. Check the "pipit\.modelPath" setting/.test(api.statusBar.tooltip), 20_000, 'the status to say the file is missing');
      assert.match(api.statusBar.text, /\$\(error\)/);
      // Typing goes on, and the request says why no suggestion came instead of running on a file that is gone.
      await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), '// still typing\n'));
      assert.match(document.getText(), /\/\/ still typing/);

      copyFileSync(envModel!, modelPath);
      await until(() => api.engineStatus.state === 'ready' && /^Ready: model\.gguf/.test(api.statusBar.tooltip), 30_000, 'ready again once the file is back');
    });

    it('replaced by another model: the next suggestion comes from the new file', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function second(a: number, b: number) {\n  \n}\n' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      await until(
        async () => {
          await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
          return api.engineStatus.state === 'ready' && api.engineStatus.model?.modelPath === modelPath;
        },
        60_000,
        'the model loaded',
      );
      // The other scripted model (the routing test's server model) written over the file, as a new download would.
      const seen = await watchStatus(api, async () => {
        const loaded = api.engineStatus;
        copyFileSync(process.env.PIPIT_TEST_SERVER_MODEL!, modelPath);
        // Pipit notices the new file (the watch settles for 500 ms) and loads it: a new ready status.
        await until(() => api.engineStatus !== loaded && api.engineStatus.state === 'ready', 60_000, 'the new file loaded').catch((error: Error) => {
          throw new Error(`${error.message}; status before: ${JSON.stringify(loaded)}; now: ${JSON.stringify(api.engineStatus)}; ${api.statusBar.tooltip}`);
        });
        // The old model's ghost text, still on screen from before, is hidden each time: the same place is asked again.
        await until(
          () => {
            void vscode.commands
              .executeCommand('editor.action.inlineSuggest.hide')
              .then(() => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'))
              .then(() => vscode.commands.executeCommand('editor.action.inlineSuggest.commit'));
            return document.getText().includes(SERVER_SCRIPT) || undefined;
          },
          60_000,
          "the new file's suggestion",
        ).catch((error: Error) => {
          throw new Error(`${error.message}; the document: ${JSON.stringify(document.getText())}; engine: ${JSON.stringify(api.engineStatus)}`);
        });
      });
      assert.ok(seen.some((line) => line.startsWith('Loading model.gguf')), `the status showed the reload: ${seen.join(' | ')}`);
      assert.ok(!document.getText().includes(E2E_SCRIPT), 'nothing from the model that was replaced');
    });
  });

  describe('an external engine that dies mid-stream', () => {
    let server: Server;
    let infills = 0;

    before(async () => {
      // A stand-in for llama-server on 127.0.0.1 (a real llama-server answers the scripted model too fast to be
      // killed in the middle): it answers the health check and the one-token probe, then starts streaming an
      // answer and drops the connection after its first piece, as a server killed mid-answer does.
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          if (request.url === '/health') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
          if (request.url === '/props') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"model_path":"/models/dying-coder.gguf"}');
          if (request.url !== '/infill') return void response.writeHead(404).end();
          const stream = (JSON.parse(body) as { stream?: boolean }).stream === true;
          if (!stream) return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"content":"x","stop":true,"stop_type":"limit"}');
          infills++;
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write('data: {"content":"half an ans"}\n\n', () => setTimeout(() => response.socket?.destroy(), 20));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      await config().update('engines.llamaServer.endpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, vscode.ConfigurationTarget.Global);
      await config().update('routing.multiLine', 'llamaServer', vscode.ConfigurationTarget.Global);
      // The status tells about the latest request: a prefetch right after (single-line, answered by the built-in
      // engine with no fallback) would replace the line this test reads, sometimes within the 10 ms it samples.
      await config().update('prefetch', false, vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      await config().update('engines.llamaServer.endpoint', undefined, vscode.ConfigurationTarget.Global);
      await config().update('routing.multiLine', undefined, vscode.ConfigurationTarget.Global);
      await config().update('prefetch', undefined, vscode.ConfigurationTarget.Global);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('falls back to the built-in engine for that request, and the status says why', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function third(a: number, b: number) {\n  \n}\n' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      const seen = new Set(api.routes);
      // Later requests (the alternatives, a prefetch) write their own route into the tooltip: watch it throughout.
      const tooltips = new Set<string>();
      const watch = setInterval(() => tooltips.add(api.statusBar.tooltip), 10);
      await until(
        async () => {
          await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
          await sleep(500);
          return api.routes.find((route) => !seen.has(route) && route.kind === 'multiLine' && route.fallback);
        },
        60_000,
        'a multi-line request that fell back',
      ).then((route) => {
        assert.equal(route.answeredBy, 'builtin', JSON.stringify(route));
        assert.equal(route.fallback?.reason, 'failed', JSON.stringify(route));
        assert.match(route.fallback?.error ?? '', /stopped in the middle of its answer/, JSON.stringify(route));
      });
      assert.ok(infills >= 1, 'the request went to the external engine first');
      clearInterval(watch);
      assert.ok([...tooltips].some((tooltip) => /fell back to the built-in engine: failed/.test(tooltip)), [...tooltips].join('\n---\n'));
      // The user gets the built-in engine's suggestion, not the half answer.
      await acceptUntil(document, E2E_SCRIPT, "the built-in engine's suggestion");
      assert.ok(!document.getText().includes('half an ans'));
    });
  });
});
