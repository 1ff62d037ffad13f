// The status bar as a user reads it, in a real extension host: loading then ready with the test model, snooze
// that stops suggestions and says so, and the reason a suggestion was skipped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';

describe('status bar', function () {
  this.timeout(120_000);
  let api: PipitApi;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
  });

  afterEach(async () => {
    // Each test leaves Pipit awake, whatever happened in it: a snooze left on would skip the next test's requests.
    await vscode.commands.executeCommand('pipit.resume');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  /** Waits until no engine request has finished for 3 s (a prefetch of an earlier suggestion may still be running). */
  async function engineQuiet(): Promise<void> {
    let last = api.counters.engineRequests;
    let since = Date.now();
    while (Date.now() - since < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (api.counters.engineRequests !== last) {
        last = api.counters.engineRequests;
        since = Date.now();
      }
    }
  }

  async function openUntitled(content: string, line: number, character: number): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(line, character, line, character);
    return editor;
  }

  it('shows the model loading, then ready, with its name', async () => {
    await vscode.commands.executeCommand('pipit.restartEngine');
    const model = process.env.PIPIT_MODEL_PATH!.split('/').pop()!;
    await openUntitled('function total(items) {\n  \n}\n', 1, 2);
    const seen: string[] = [];
    const watch = setInterval(() => seen.push(api.statusBar.tooltip.split('\n')[0]!), 10);
    try {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await until(() => api.statusBar.tooltip.startsWith(`Ready: ${model}`), 60_000, 'the status to say ready');
    } finally {
      clearInterval(watch);
    }
    const loading = seen.findIndex((line) => line.startsWith('Loading'));
    assert.ok(loading >= 0, `the status said it was loading: ${[...new Set(seen)].join(' | ')}`);
    assert.ok(seen.slice(loading).some((line) => line.startsWith(`Ready: ${model}`)), 'then ready');
    assert.match(api.statusBar.text, /Pipit/);
  });

  it('snoozes: the status says so and no request reaches the engine until resumed', async () => {
    await engineQuiet();
    await vscode.commands.executeCommand('pipit.snooze', 5);
    assert.match(api.statusBar.text, /bell-slash/);
    assert.match(api.statusBar.tooltip, /Snoozed for 5 more min/);
    const engineRequests = api.counters.engineRequests;
    const skipped = api.counters.skipped;
    await openUntitled('function count(items) {\n  \n}\n', 1, 2);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await until(() => api.counters.skipped > skipped, 10_000, 'the snoozed request');
    await until(() => /No suggestion last time: snoozed/.test(api.statusBar.tooltip), 10_000, 'the snooze as the reason');
    assert.equal(api.counters.engineRequests, engineRequests, 'snoozed: no engine request');
    await vscode.commands.executeCommand('pipit.resume');
    assert.doesNotMatch(api.statusBar.text, /bell-slash/);
  });

  it('says why a suggestion was skipped (a minified file)', async () => {
    const minified = `var a=${'[1,2,3],'.repeat(2000)}0;`;
    await openUntitled(`${minified}\n`, 0, minified.length);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await until(() => /No suggestion last time: skipped: minified file/.test(api.statusBar.tooltip), 10_000, 'the skip reason in the tooltip');
  });
});
