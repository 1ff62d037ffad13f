// Small first, larger when it pays: in a real extension host, multi-line suggestions go to a real llama-server
// (serving its own scripted test model), single-line ones stay with the built-in engine, and when the server
// stops the built-in engine answers instead.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import type { RouteDecision } from '../../../src/routing/types';
import { startTestLlamaServer, type RunningServer } from '../../harness/llamaServer';
import { E2E_SCRIPT, SERVER_SCRIPT } from '../../harness/testModel';
import { until } from '../../harness/until';
import { triggerUntil } from './suggestions';

describe('routing between the built-in engine and llama-server', function () {
  this.timeout(180_000);
  let api: PipitApi;
  let server: RunningServer | undefined;
  const config = () => vscode.workspace.getConfiguration('pipit');

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    const model = process.env.PIPIT_TEST_SERVER_MODEL;
    assert.ok(model, 'the runner writes the server model and names it in PIPIT_TEST_SERVER_MODEL');
    server = await startTestLlamaServer(model, [], { build: false });
    await config().update('engines.llamaServer.endpoint', server.url, vscode.ConfigurationTarget.Global);
    await config().update('routing.multiLine', 'llamaServer', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await server?.stop();
    await config().update('engines.llamaServer.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await config().update('routing.multiLine', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  /** Triggers a suggestion at `position` and waits for the routed answer of the given kind. */
  async function suggestAt(editor: vscode.TextEditor, position: vscode.Position, kind: RouteDecision['kind']): Promise<RouteDecision> {
    const seen = new Set(api.routes);
    editor.selection = new vscode.Selection(position, position);
    // The answer of this kind among the decisions since (an explicit trigger also asks for alternatives, and a
    // shown suggestion is followed by a prefetch, each with its own decision).
    const answered = () => api.routes.find((route) => !seen.has(route) && route.kind === kind);
    return triggerUntil(answered, `a ${kind} answer`, { eachMs: 10_000 }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify({ counters: api.counters, routes: api.routes, status: api.statusBar })}`);
    });
  }

  it('sends multi-line to llama-server, single-line to the built-in engine, and falls back when the server stops', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'typescript',
      content: 'export function pick(a: number, b: number): number {\n  \n}\n\nexport const limit = Math.max(\n',
    });
    let editor = await vscode.window.showTextDocument(document);

    const multi = await suggestAt(editor, new vscode.Position(1, 2), 'multiLine');
    assert.equal(multi.answeredBy, 'llamaServer', JSON.stringify(multi));
    assert.equal(multi.leftMachine, false, 'a loopback server keeps the code on this machine');
    await until(
      () => {
        void vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
        return document.getText().includes(SERVER_SCRIPT) || undefined;
      },
      20_000,
      "llama-server's suggestion accepted into the document",
    );

    // Pipit: Check Engines reports what each configured engine offers and where each kind of request goes.
    const report = await vscode.commands.executeCommand<string>('pipit.checkEngines');
    assert.match(report, /\| llama-server \| http:\/\/127\.0\.0\.1:\d+ \| OK \|[^\n]*\| yes \| no \|/, report);
    assert.match(report, /Multi-line suggestions: llama-server/, report);
    assert.match(report, /Single-line suggestions: Built-in/i, report);
    editor = await vscode.window.showTextDocument(document);

    const single = await suggestAt(editor, document.lineAt(4).range.end, 'singleLine');
    assert.equal(single.answeredBy, 'builtin', JSON.stringify(single));

    await server!.stop();
    server = undefined;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'export function other() {\n  \n}\n'));
    const fallback = await suggestAt(editor, new vscode.Position(1, 2), 'multiLine');
    assert.equal(fallback.answeredBy, 'builtin', JSON.stringify(fallback));
    assert.ok(fallback.fallback, 'the decision says it fell back');
    assert.notEqual(E2E_SCRIPT, SERVER_SCRIPT);
  });
});
