// Inline completion in a Jupyter notebook cell, in code-server's own notebook editor (its built-in ipynb support):
// the model sees the notebook's other code cells as context (cells above before the cursor cell's prefix, cells below
// after its suffix), and the accepted suggestion lands in the cell.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';
import { acceptUntil } from './suggestions';

const cell = (cell_type: 'code' | 'markdown', source: string) => ({ cell_type, metadata: {}, source, ...(cell_type === 'code' ? { outputs: [], execution_count: null } : {}) });

describe('notebooks', function () {
  this.timeout(120_000);
  let api: PipitApi;
  let dir: string;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    dir = mkdtempSync(join(tmpdir(), 'pipit-notebook-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes in a cell with the cells above and below as context, and Tab puts it in the cell', async () => {
    const path = join(dir, 'analysis.ipynb');
    writeFileSync(
      path,
      JSON.stringify({
        cells: [
          cell('code', 'import math\n\ndef area(radius):\n    return math.pi * radius ** 2'),
          cell('markdown', '## Totals (prose, not code)'),
          cell('code', 'def total(a, b):\n    '),
          cell('code', 'print(total(area(1), 2))'),
        ],
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path));
    assert.equal(notebook.notebookType, 'jupyter-notebook', "code-server's built-in ipynb support opened it");
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(2, 3)] });
    const target = notebook.cellAt(2).document;
    // Into the cell's editor, cursor after the indentation of its empty body line, as a user clicking there.
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = await until(() => vscode.window.visibleTextEditors.find((each) => each.document === target), 10_000, "the cell's editor");
    await vscode.window.showTextDocument(target, { viewColumn: editor.viewColumn });
    vscode.window.activeTextEditor!.selection = new vscode.Selection(1, 4, 1, 4);

    const sent = new Set(api.engineRequests);
    await acceptUntil(target, 'console.log(a);', 'the accepted suggestion in the cell');
    assert.match(target.getText(), /^def total\(a, b\):\n {4}console\.log\(a\);/, 'the suggestion went into the cell, at the cursor');
    assert.equal(notebook.cellAt(0).document.getText(), 'import math\n\ndef area(radius):\n    return math.pi * radius ** 2', 'other cells untouched');

    const request = api.engineRequests.find((each) => !sent.has(each));
    assert.ok(request, 'a request reached the engine');
    const before = request.prefix + (request.middle ?? '');
    assert.match(before, /import math\n\ndef area\(radius\):\n {4}return math\.pi \* radius \*\* 2\n\ndef total\(a, b\):\n {4}$/, 'the cell above, then the cell, before the cursor');
    assert.match(request.suffix, /print\(total\(area\(1\), 2\)\)/, 'the cell below after the cursor');
    assert.doesNotMatch(before + request.suffix, /Totals \(prose/, 'a Markdown cell is not code');
  });
});
