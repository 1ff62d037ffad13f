// Accepting an inline suggestion in a real editor as a user does, for the tests to check what it left.
import * as vscode from 'vscode';
import type { PipitApi } from '../../src/extension';
import { until } from '../harness/until';

/** A key typed at the cursor and taken back: the document changes, so VS Code asks for a suggestion again. */
export async function typeAndTakeBack(editor: vscode.TextEditor): Promise<void> {
  const at = editor.selection.active;
  await editor.edit((edit) => edit.insert(at, ' '));
  await editor.edit((edit) => edit.delete(new vscode.Range(at, at.translate(0, 1))));
}

/**
 * Asks for a suggestion and accepts it (Tab), again until one is accepted, and returns the document's text then;
 * fails after `timeoutMs` saying what the document and Pipit's last requests were by that time.
 */
export async function acceptSuggestion(editor: vscode.TextEditor, api: PipitApi, timeoutMs: number): Promise<string> {
  const { document } = editor;
  const before = document.getText();
  let tries = 0;
  return until(
    async () => {
      // A busy machine can run out of pipit.maxTimeMs on the first prompt; VS Code does not ask again for an
      // unchanged document, so every few tries the user types a key and takes it back, as a user would.
      if (++tries % 30 === 0) await typeAndTakeBack(editor);
      // One accept at a time: a second one, after the first landed, would add the next suggestion too.
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      const now = document.getText();
      return now !== before ? now : undefined;
    },
    timeoutMs,
    () =>
      `a suggestion accepted: the document is ${JSON.stringify(document.getText().slice(0, 300))}; last requests ${JSON.stringify(api.requests.slice(-3))}; last prompt ${JSON.stringify(api.engineRequests.slice(-1).map((each) => [each.prefix.slice(-60), each.middle, each.suffix.slice(0, 20)]))}`,
  );
}
