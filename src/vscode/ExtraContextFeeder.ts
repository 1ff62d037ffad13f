// Feeds the extra-context ring from what the user does elsewhere: files opened or switched away from, saves, and
// text copied to the clipboard. Work is deferred off the keystroke path and never reads files from disk.
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { ExtraContextRing } from '../completion/ExtraContextRing';
import { documentLines } from './InlineCompletionProvider';

const CLIPBOARD_PATH = 'clipboard';
const MAX_CLIPBOARD_CHARS = 8_000;

export class ExtraContextFeeder extends Disposable {
  private lastClipboard = '';
  private previous: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ring: ExtraContextRing, private readonly enabled: () => boolean) {
    super();
    this.register(toDisposable(() => this.timers.forEach((timer) => clearTimeout(timer))));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => this.later(() => this.onSwitch(editor))));
    this.register(
      vscode.workspace.onDidSaveTextDocument((document) => this.later(() => this.addEditorOf(document))),
    );
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
    await this.addClipboard();
  }

  private addEditorOf(document: vscode.TextDocument): void {
    const editor = vscode.window.visibleTextEditors.find((visible) => visible.document === document);
    if (editor) this.addAround(editor);
  }

  private addAround(editor: vscode.TextEditor): void {
    const { document } = editor;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return;
    this.ring.addAround(vscode.workspace.asRelativePath(document.uri, false), documentLines(document), editor.selection.active.line);
  }

  private async addClipboard(): Promise<void> {
    const text = await vscode.env.clipboard.readText();
    if (!text || text === this.lastClipboard || text.length > MAX_CLIPBOARD_CHARS) return;
    this.lastClipboard = text;
    this.ring.add(CLIPBOARD_PATH, text);
  }
}
