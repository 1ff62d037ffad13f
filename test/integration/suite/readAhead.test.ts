// Reading ahead where the cursor rests, in a real extension host: a jump to another place (and opening a document)
// reads that place's prompt once the cursor has rested; typing does not, since every edit asks the provider.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';

describe('reading ahead where the cursor rests', function () {
  this.timeout(120_000);
  let api: PipitApi;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reads a jumped-to place once the cursor rests there, and nothing while typing on a line', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `export const value${i} = compute(${i});`);
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: `${lines.join('\n')}\n` });
    const editor = await vscode.window.showTextDocument(document);
    const rest = () => new Promise((resolve) => setTimeout(resolve, 1000));

    let before = api.counters.readAheads;
    editor.selection = new vscode.Selection(60, 0, 60, 0);
    await until(() => api.counters.readAheads > before || undefined, 10_000, 'a read-ahead after the jump');

    before = api.counters.readAheads;
    await editor.edit((edit) => edit.insert(editor.selection.active, 'x'));
    await rest();
    await editor.edit((edit) => edit.insert(editor.selection.active, 'y'));
    await rest();
    assert.equal(api.counters.readAheads, before, 'typing on the line reads nothing ahead');

    editor.selection = new vscode.Selection(10, 4, 10, 4);
    await until(() => api.counters.readAheads > before || undefined, 10_000, 'a read-ahead after the second jump');
  });
});
