// Pipit: Show Last Prompt: the last completion prompt as the model saw it, in a read-only virtual document (plain
// text: nothing in it is run or rendered), with where each part came from (promptView.ts).
import * as vscode from 'vscode';
import type { CompletionPipeline } from '../completion/CompletionPipeline';
import { renderPromptView } from '../completion/promptView';

const PROMPT_SCHEME = 'pipit-prompt';
const PROMPT_URI = vscode.Uri.from({ scheme: PROMPT_SCHEME, path: '/Last Prompt.txt' });

export function registerShowLastPrompt(pipeline: CompletionPipeline): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: () => renderPromptView(pipeline.lastPrompt, Date.now()),
  };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PROMPT_SCHEME, provider),
    vscode.commands.registerCommand('pipit.showLastPrompt', async () => {
      // An open view shows the prompt of the time it was opened until told to read again.
      changed.fire(PROMPT_URI);
      const document = await vscode.workspace.openTextDocument(PROMPT_URI);
      await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
      return document.getText();
    }),
  ];
}
