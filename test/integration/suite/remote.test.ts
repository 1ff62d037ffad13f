// Where Pipit runs in a remote window. It declares extensionKind ["ui", "workspace"]: on the user's machine when that
// machine has a Node extension host (VS Code desktop, also in Remote-SSH, WSL and dev-container windows, whose
// documents are then vscode-remote:// and the model stays local), else on the remote side. code-server is itself such
// a remote: its workbench is a browser page with no Node extension host, so Pipit falls back to the server's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { triggerUntil } from './suggestions';

describe('remote development', () => {
  const extension = () => {
    const found = vscode.extensions.getExtension('pipit.pipit');
    assert.ok(found, 'Pipit is loaded');
    return found;
  };

  it('declares that it prefers the user\'s machine and can run on the remote side', () => {
    assert.deepEqual((extension().packageJSON as { extensionKind?: string[] }).extensionKind, ['ui', 'workspace']);
  });

  it('runs where VS Code can host it: on the server when the workbench is a browser (code-server), locally otherwise', () => {
    const expected = vscode.env.uiKind === vscode.UIKind.Web ? vscode.ExtensionKind.Workspace : vscode.ExtensionKind.UI;
    assert.equal(extension().extensionKind, expected, `uiKind ${vscode.env.uiKind}, remoteName ${vscode.env.remoteName}`);
  });

  it('completes here, on the side it runs on: a suggestion for a workspace file', async function () {
    // The model may have to load first (earlier tests of the suite unload, kill or replace it).
    this.timeout(120_000);
    const api = (await extension().activate()) as { requests: readonly { outcome: string; engineRequests: number }[] };
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace is open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'math.ts'));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(12, 2, 12, 2);
    // The log of requests keeps the last 50, so new ones are told apart by identity, not by index.
    const seen = new Set(api.requests);
    const fresh = () => api.requests.filter((request) => !seen.has(request));
    await triggerUntil(() => fresh().some((request) => request.outcome === 'shown'), 'a suggestion shown', { totalMs: 90_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; requests: ${JSON.stringify(fresh())}`);
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
