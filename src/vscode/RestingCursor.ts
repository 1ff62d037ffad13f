// Reads ahead the prompt of a place where the cursor comes to rest after a jump (another file, Go to Definition, a
// click far away), so the first keystroke there costs only its own tokens instead of the whole new prompt (about
// 1,100 tokens and several seconds on a 0.5B model on two cores). Typing needs no help: every edit asks the provider,
// which stops a read-ahead in flight.
import * as vscode from 'vscode';
import type { CompletionPipeline } from '../completion/CompletionPipeline';
import { Disposable, toDisposable } from '../common/lifecycle';
import { completesScheme } from '../completion/documentSchemes';
import { REST_MS } from '../completion/readAhead';
import { completionInput } from './InlineCompletionProvider';

export class RestingCursor extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private reading: AbortController | undefined;
  /** Where the cursor was in each document, to tell a jump (another line, away from the run) from typing. */
  private readonly lines = new Map<string, number>();

  /**
   * `prepare`: work to do before the read (ContextRefresher gathers the definitions near the new place), so that the
   * prompt read holds them and the pause after it does not read it again.
   */
  constructor(
    private readonly pipeline: CompletionPipeline,
    private readonly prepare: (editor: vscode.TextEditor) => Promise<unknown> = async () => undefined,
  ) {
    super();
    this.register(vscode.window.onDidChangeTextEditorSelection((event) => this.moved(event.textEditor)));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.moved(editor, true)));
    this.register(toDisposable(() => this.stop()));
  }

  private moved(editor: vscode.TextEditor, switched = false): void {
    this.stop();
    const { document, selection } = editor;
    // The documents the provider serves: not output panes, diff sides or other virtual documents.
    if (!completesScheme(document.uri.scheme)) return;
    const uri = document.uri.toString();
    const before = this.lines.get(uri);
    this.lines.set(uri, selection.active.line);
    // Typing, Enter and Backspace move the cursor by a line at most; the provider is asked on every such edit.
    const jumped = switched || before === undefined || Math.abs(selection.active.line - before) > 1;
    if (!jumped || !selection.isEmpty) return;
    const reading = new AbortController();
    const stillHere = () => !reading.signal.aborted && vscode.window.activeTextEditor === editor && editor.selection.active.isEqual(selection.active);
    this.timer = setTimeout(() => {
      if (!stillHere()) return;
      this.reading = reading;
      void this.prepare(editor)
        .catch(() => undefined)
        .then(async () => {
          if (stillHere()) await this.pipeline.warm(completionInput(document, selection.active, 'automatic', reading.signal));
        });
    }, REST_MS);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.reading?.abort();
    this.reading = undefined;
  }
}
