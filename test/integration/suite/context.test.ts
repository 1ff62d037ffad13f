// Definitions from the language server in the prompt, in a real extension host with VS Code's built-in TypeScript
// extension: a symbol used near the cursor is defined in another file, and Pipit: Show Last Prompt shows that
// definition in the prompt the model saw, labelled with its file and "definition of `distance`".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';
import { GEOMETRY_SOURCE as GEOMETRY } from '../../unit/completion/geometrySource';

const MAIN = ['import { distance } from "./geometry";', '', 'export function far(p, q) {', '  const d = distance(p, q);', '  ', '}', ''].join('\n');

describe('definitions near the cursor in the prompt', function () {
  // TypeScript's server starts in its own process on a machine other tests share.
  this.timeout(240_000);
  let api: PipitApi;
  let folder: vscode.Uri;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    // The suite's second workspace folder is a temporary one: the files written here never touch the repository.
    const folders = vscode.workspace.workspaceFolders ?? [];
    folder = vscode.Uri.joinPath(folders[folders.length - 1]!.uri, 'shapes');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'geometry.ts'), Buffer.from(GEOMETRY));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'main.ts'), Buffer.from(MAIN));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('shows a definition from another file, found by TypeScript, in the last prompt', async () => {
    const typescript = vscode.extensions.getExtension('vscode.typescript-language-features');
    assert.ok(typescript, 'VS Code ships its TypeScript extension');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'main.ts'));
    const editor = await vscode.window.showTextDocument(document);
    await typescript.activate();
    // The language server is ready once it answers where `distance` is defined.
    await until(
      async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, new vscode.Position(3, 14));
        return found?.some((each) => ('targetUri' in each ? each.targetUri : each.uri).path.endsWith('geometry.ts'));
      },
      150_000,
      'TypeScript to find the definition of distance',
    );

    // The cursor rests on the empty line under the call: at the pause Pipit asks for the definitions near it.
    const before = api.counters.contextChanges;
    editor.selection = new vscode.Selection(4, 2, 4, 2);
    await until(() => api.counters.contextChanges > before, 30_000, 'the definitions to enter the prompt at the pause');

    const requests = api.counters.engineRequests;
    await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        return api.counters.engineRequests > requests;
      },
      60_000,
      'a completion request with the new context',
    );
    const shown = await until(
      async () => {
        const text = await vscode.commands.executeCommand<string>('pipit.showLastPrompt');
        return text?.includes('definition of `distance`') ? text : undefined;
      },
      30_000,
      'Show Last Prompt to list the definition',
    );
    assert.match(shown, /shapes\/geometry\.ts lines 6-9 · definition of `distance`/);
    const prompt = shown.slice(shown.indexOf('─'.repeat(80)));
    assert.ok(prompt.includes('shapes/geometry.ts\nexport function distance(a: Point, b: Point): number {\n  const dx = a.x - b.x;\n  return Math.hypot(dx, a.y - b.y);\n}'), prompt);
    assert.ok(prompt.includes('export function far(p, q) {\n  const d = distance(p, q);\n'), 'the current file\'s code follows the other files\' chunks');
    const view = vscode.window.visibleTextEditors.find((each) => each.document.uri.scheme === 'pipit-prompt');
    assert.ok(view, 'the prompt is open beside the code, as a read-only virtual document');
  });
});
