// At every pause (CONTEXT_IDLE_MS without a key or a move) gathers the definitions of the symbols near the cursor
// from the language servers, within a time box and through a cache keyed by symbol and document version, then lets
// the pipeline commit the new extra context and read the changed prompt in the background. Nothing here runs on a
// keystroke but resetting a timer.
import * as vscode from 'vscode';
import type { CompletionPipeline } from '../completion/CompletionPipeline';
import { CONTEXT_IDLE_MS, DEFINITION_TIME_BOX_MS } from '../completion/contextIdle';
import { DefinitionCache } from '../completion/definitions';
import { gatherDefinitions, type Gathered } from '../completion/gatherDefinitions';
import type { PromptContext } from '../completion/PromptContext';
import { estimateTokens } from '../completion/tokens';
import { Disposable, toDisposable } from '../common/lifecycle';
import { languageServerLookup } from './definitionLookup';
import { completionInput, documentLines } from './InlineCompletionProvider';

export interface ContextRefresherOptions {
  enabled: () => boolean;
  isExcluded: (relativePath: string) => boolean;
  log: (line: string) => void;
}

export class ContextRefresher extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private reading: AbortController | undefined;
  private readonly cache = new DefinitionCache();

  constructor(
    private readonly pipeline: CompletionPipeline,
    private readonly context: PromptContext,
    private readonly options: ContextRefresherOptions,
  ) {
    super();
    const restart = () => this.schedule();
    this.register(vscode.window.onDidChangeTextEditorSelection(restart));
    this.register(vscode.window.onDidChangeActiveTextEditor(restart));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => event.document === vscode.window.activeTextEditor?.document && restart()));
    this.register(toDisposable(() => this.stop()));
  }

  private schedule(): void {
    this.stop();
    this.timer = setTimeout(() => void this.pause().catch((error: unknown) => this.options.log(`context: ${String(error)}`)), CONTEXT_IDLE_MS);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.reading?.abort();
    this.reading = undefined;
    this.pipeline.cancelRefresh();
  }

  private async pause(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const reading = new AbortController();
    this.reading = reading;
    const started = performance.now();
    const { document } = editor;
    const position = editor.selection.active;
    const version = document.version;
    const gathered = await this.gather(editor);
    // The user moved on while the language server answered: the next pause gathers for the new place.
    if (!gathered || reading.signal.aborted || document.version !== version || !editor.selection.active.isEqual(position)) return;
    const outcome = await this.pipeline.refreshContext(completionInput(document, position, 'automatic', reading.signal));
    // 'busy': the pipeline refreshes once the request in flight ends, unless the user moves on first.
    if (outcome === 'refreshed' || gathered.asked > 0) {
      const ms = Math.round(performance.now() - started);
      this.options.log(`context: ${outcome}; ${gathered.chunks.length} definitions near the cursor (${gathered.asked} asked, ${gathered.late} late) in ${ms} ms`);
    }
  }

  /**
   * Offers the definitions near the editor's cursor to the prompt context (for the next commit). Also what the
   * resting cursor does before it reads a jumped-to place.
   */
  async gather(editor: vscode.TextEditor): Promise<Gathered | undefined> {
    if (this.isDisposed || !this.options.enabled()) return undefined;
    const { document } = editor;
    if ((document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') || !editor.selection.isEmpty) return undefined;
    const position = editor.selection.active;
    const version = document.version;
    const relativePath = vscode.workspace.asRelativePath(document.uri, false);
    if (this.options.isExcluded(relativePath)) return undefined;
    const gathered = await gatherDefinitions({
      document: documentLines(document),
      position: { line: position.line, character: position.character },
      uri: document.uri.toString(),
      version,
      currentPath: relativePath,
      lookup: languageServerLookup(document),
      cache: this.cache,
      estimate: estimateTokens,
      isExcluded: this.options.isExcluded,
      now: Date.now(),
      timeBoxMs: DEFINITION_TIME_BOX_MS,
    });
    if (document.version === version) this.context.offerDefinitions(gathered.chunks);
    return gathered;
  }
}
