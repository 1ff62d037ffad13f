// Asking for and accepting a suggestion in a real VS Code, as the suite's tests do. `inlineSuggest.trigger` cancels
// the request in flight, so each trigger gets time to be answered before the next (a busy machine answers slowly).
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';

/**
 * Triggers a suggestion, waits up to `eachMs` for `answered` to return something, and triggers again until `totalMs`
 * has passed. Returns what `answered` found.
 */
export async function triggerUntil<T>(answered: () => T | undefined | false, what: string, { eachMs = 5_000, totalMs = 60_000 } = {}): Promise<T> {
  return until(
    async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      return until(answered, eachMs, what).catch(() => undefined);
    },
    totalMs,
    what,
  );
}

/**
 * Triggers and accepts (what Tab does once the ghost text shows) until `document` holds `text`; the error says what
 * the document held instead.
 */
export async function acceptUntil(document: vscode.TextDocument, text: string, what: string, totalMs = 60_000): Promise<void> {
  await until(
    () => {
      void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger').then(() => vscode.commands.executeCommand('editor.action.inlineSuggest.commit'));
      return document.getText().includes(text) || undefined;
    },
    totalMs,
    what,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the document: ${JSON.stringify(document.getText())}`);
  });
}

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
