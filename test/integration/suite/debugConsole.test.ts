// The debug console in a real debug session (VS Code's built-in JavaScript debugger on a small Node script): typing
// in its input raises no error and never asks Pipit, and a file still completes once the session is stopped.
// The console's input is the document `debug:replinput`, which VS Code keeps in the workbench (a simple widget's
// model, never sent to extensions), and `debug` is not a scheme Pipit completes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { completesScheme } from '../../../src/completion/documentSchemes';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';
import { acceptSuggestion } from './suggestions';

/** A debug adapter message, as far as this test reads it. */
interface Message {
  command?: string;
  arguments?: { expression?: string; context?: string };
  body?: { result?: string };
}

describe('the debug console', function () {
  this.timeout(180_000);

  it('typing in its input asks Pipit nothing and raises no error; a file still completes afterwards', async () => {
    const api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const dir = mkdtempSync(join(tmpdir(), 'pipit-debug-'));
    const program = join(dir, 'wait.js');
    writeFileSync(program, 'setInterval(() => undefined, 1000);\n');
    // What the console sends the debugger and what it answers: proof that the typed text reached the console intact.
    const sent: Message[] = [];
    const received: Message[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (message: Message) => void sent.push(message),
        onDidSendMessage: (message: Message) => void received.push(message),
      }),
    });
    // js-debug runs a session for the launch and a child session for the program: both must end.
    const live = new Set<vscode.DebugSession>();
    const lifecycle = [
      vscode.debug.onDidStartDebugSession((session) => void live.add(session)),
      vscode.debug.onDidTerminateDebugSession((session) => void live.delete(session)),
    ];
    const errorsBefore = api.counters.errors;
    const seen = new Set(api.requests);
    try {
      // Not stopped on entry: a stop opens the program's source in an editor and moves the focus there.
      const started = await vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: 'Pipit debug console test', program });
      assert.ok(started, 'the debug session started');
      await until(() => [...live].some((session) => session.parentSession !== undefined), 60_000, 'the program\'s own debug session');
      const evaluation = () => sent.find((message) => message.command === 'evaluate' && message.arguments?.context === 'repl');
      const evaluate = await until(
        async () => {
          // The console's input takes the focus a moment after its view opens (longer on a busy machine): until the
          // typed line reaches the debugger, focus it again and type the line anew into an emptied input.
          await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
          await new Promise((resolve) => setTimeout(resolve, 1000));
          await vscode.commands.executeCommand('editor.action.selectAll');
          await vscode.commands.executeCommand('deleteLeft');
          // As a user does: type, ask for an inline suggestion (Alt+\), type on, press Enter.
          await vscode.commands.executeCommand('type', { text: '6 ' });
          await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
          await vscode.commands.executeCommand('type', { text: '* 7' });
          await new Promise((resolve) => setTimeout(resolve, 2000));
          await vscode.commands.executeCommand('repl.action.acceptInput');
          return until(evaluation, 5000, 'an evaluation').catch(() => undefined);
        },
        60_000,
        () => `the console's evaluate request (sent: ${JSON.stringify(sent.map((message) => message.command))})`,
      );
      assert.equal(evaluate.arguments?.expression, '6 * 7', 'the console got what was typed, nothing added');
      await until(() => received.some((message) => message.command === 'evaluate' && message.body?.result === '42'), 30_000, 'the console\'s answer');

      assert.deepEqual(vscode.workspace.textDocuments.filter((document) => document.isDirty).map((document) => document.uri.toString()), [], 'no editor got the typing');
      const asked = api.requests.filter((each) => !seen.has(each));
      assert.deepEqual(asked, [], 'Pipit was not asked while the user typed in the debug console');
      assert.equal(api.counters.errors, errorsBefore, 'no request failed');
      assert.ok(!completesScheme('debug'), 'the console input\'s scheme is not one Pipit completes');
    } finally {
      await vscode.debug.stopDebugging();
      await until(() => live.size === 0, 30_000, () => `the debug sessions stopped (${[...live].map((session) => session.name).join(', ')})`);
      for (const each of [tracker, ...lifecycle]) each.dispose();
      rmSync(dir, { recursive: true, force: true });
    }

    // Back in a file, completion works as before.
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function fresh(a: number, b: number) {\n  \n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    try {
      assert.match(await acceptSuggestion(editor, api, 60_000), /\n {2}console\.log\(a\);/, 'the accepted suggestion in the file');
      assert.equal(api.counters.errors, errorsBefore, 'no request failed');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });
});
