// Asking for a suggestion in a real VS Code as a test must: `editor.action.inlineSuggest.trigger` cancels the request
// in flight, so each trigger gets time to be answered before the next (a busy machine answers slowly).
import * as vscode from 'vscode';
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
