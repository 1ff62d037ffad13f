// Feeds the extra-context ring from what the user does elsewhere: files opened or switched away from, saves, the
// place last edited in each file (an edit outranks a visit), and text copied or cut in an editor. Work is deferred off the keystroke path and never reads files from disk.
// The system clipboard is read only to compare it with what was selected in an editor: text copied anywhere else
// (a password manager, a browser) never enters the ring (see CopiedTextTracker).
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../common/lifecycle';
import { EDITED_RECENTLY_MS } from '../completion/contextSources';
import { CopiedTextTracker, MAX_COPIED_CHARS } from '../completion/copiedText';
import { completesScheme } from '../completion/documentSchemes';
import type { ExclusionMatcher } from '../completion/exclusion';
import type { ExtraContextRing } from '../completion/ExtraContextRing';
import { documentLines } from './InlineCompletionProvider';

export class ExtraContextFeeder extends Disposable {
  private lastCopied = '';
  private previous: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly copied: CopiedTextTracker;
  /** Where and when each document was last edited: one map write per edit, read when the user leaves the file. */
  private readonly edits = new Map<string, { line: number; at: number }>();

  constructor(
    private readonly ring: ExtraContextRing,
    private readonly enabled: () => boolean,
    isExcluded: ExclusionMatcher,
  ) {
    super();
    this.copied = new CopiedTextTracker({ isExcluded });
    this.register(toDisposable(() => this.timers.forEach((timer) => clearTimeout(timer))));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => this.later(() => this.onSwitch(editor))));
    this.register(
      vscode.workspace.onDidSaveTextDocument((document) => this.later(() => this.addEditorOf(document))),
    );
    this.register(
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges[0] && completesScheme(document.uri.scheme)) this.edits.set(document.uri.toString(), { line: contentChanges[0].range.start.line, at: Date.now() });
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.edits.delete(document.uri.toString())));
    // Selections are read when they are made: a cut removes the text from the document before any later read.
    this.register(vscode.window.onDidChangeTextEditorSelection((event) => this.noteSelections(event.textEditor, event.selections)));
  }

  private later(work: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.isDisposed || !this.enabled()) return;
      // Best effort: a chunk that could not be read (closed editor, clipboard refused) is simply not added.
      void Promise.resolve(work()).catch(() => undefined);
    }, 0);
    this.timers.add(timer);
  }

  private async onSwitch(editor: vscode.TextEditor | undefined): Promise<void> {
    // The file left behind is what the user was just working in: the most useful context for the next one.
    if (this.previous && !this.previous.document.isClosed) this.addAround(this.previous);
    if (editor) this.addAround(editor);
    this.previous = editor;
    await this.addCopied();
  }

  private addEditorOf(document: vscode.TextDocument): void {
    const editor = vscode.window.visibleTextEditors.find((visible) => visible.document === document);
    if (editor) this.addAround(editor);
  }

  private addAround(editor: vscode.TextEditor): void {
    const { document } = editor;
    if (!completesScheme(document.uri.scheme)) return;
    const edit = this.edits.get(document.uri.toString());
    const edited = edit && Date.now() - edit.at <= EDITED_RECENTLY_MS && edit.line < document.lineCount ? edit : undefined;
    const path = vscode.workspace.asRelativePath(document.uri, false);
    this.ring.addAround(path, documentLines(document), edited?.line ?? editor.selection.active.line, edited ? 'edited' : 'visited', edited?.at);
  }

  private noteSelections(editor: vscode.TextEditor, selections: readonly vscode.Selection[]): void {
    if (this.isDisposed || !this.enabled() || selections.every((selection) => selection.isEmpty)) return;
    const { document } = editor;
    if (!completesScheme(document.uri.scheme)) return;
    const texts: string[] = [];
    for (const selection of selections) {
      if (selection.isEmpty) continue;
      // Measured before it is read: a select-all in a huge file costs nothing.
      if (document.offsetAt(selection.end) - document.offsetAt(selection.start) > MAX_COPIED_CHARS) return;
      texts.push(document.getText(selection));
    }
    this.copied.noteSelections(vscode.workspace.asRelativePath(document.uri, false), texts);
  }

  /** The clipboard, when it holds text copied or cut in an editor from a file that may enter a prompt. */
  private async addCopied(): Promise<void> {
    if (this.copied.empty) return;
    const copied = this.copied.copiedFrom(await vscode.env.clipboard.readText());
    if (!copied || copied.text === this.lastCopied) return;
    this.lastCopied = copied.text;
    this.ring.add(copied.filePath, copied.text);
  }
}
