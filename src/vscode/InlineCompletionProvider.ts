// VS Code's inline-completion entry point, kept thin: editor data in, pipeline call, InlineCompletionItems out.
import * as vscode from 'vscode';
import type { CompletionPipeline } from '../completion/CompletionPipeline';
import type { CompletionInput, CompletionResponse, Range, TextLines } from '../completion/types';
import { abortScopeFor } from './cancellation';
import { notebookCellView } from './notebookCells';
import { ACCEPTED_ITEM_COMMAND } from './stats/registerStats';

/** Who hears about requests as they start and end (the status bar). */
export interface RequestListener {
  onRequestStarted(): void;
  onResponse(response: CompletionResponse | undefined): void;
}

export class InlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly pipeline: CompletionPipeline,
    private readonly listener: RequestListener,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const abort = abortScopeFor(token);
    let response: CompletionResponse | undefined;
    this.listener.onRequestStarted();
    try {
      const selected = context.selectedCompletionInfo;
      const trigger = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke ? 'explicit' : 'automatic';
      const input = completionInput(document, position, trigger, abort.signal);
      // In a notebook cell the pipeline sees all the cells: its lines are moved back into the cell's own.
      const offset = input.position.line - position.line;
      response = await this.pipeline.provide({
        ...input,
        ...(selected ? { selected: { range: fromVsRange(selected.range, offset), text: selected.text } } : {}),
      });
      if (token.isCancellationRequested) return undefined;
      return response.items
        .filter((item) => item.range.start.line >= offset)
        .map((item) => new vscode.InlineCompletionItem(item.insertText, toVsRange(item.range, -offset), ACCEPTED_ITEM_COMMAND));
    } finally {
      abort.dispose();
      this.listener.onResponse(response);
    }
  }
}

/** Lines are read lazily: the pipeline looks only at its windows, so a keystroke never copies the whole file. */
export function documentLines(document: vscode.TextDocument): TextLines {
  return {
    lineCount: document.lineCount,
    lineAt: (line) => document.lineAt(line).text,
    get length() {
      return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    },
  };
}

/** What the pipeline needs of the editor for a request at `position` (also a read-ahead where the cursor rests). */
export function completionInput(document: vscode.TextDocument, position: vscode.Position, trigger: CompletionInput['trigger'], signal: AbortSignal): CompletionInput {
  const editor = vscode.window.activeTextEditor;
  const options = editor?.document === document ? editor.options : undefined;
  const cells = notebookCellView(document, documentLines);
  const fileUri = cells?.notebookUri ?? document.uri;
  return {
    document: cells?.lines ?? documentLines(document),
    position: { line: position.line + (cells?.lineOffset ?? 0), character: position.character },
    languageId: document.languageId,
    relativePath: vscode.workspace.asRelativePath(fileUri, false),
    ...repoNameOf(fileUri),
    uri: document.uri.toString(),
    version: document.version,
    trigger,
    signal,
    ...(options && typeof options.tabSize === 'number' && typeof options.insertSpaces === 'boolean'
      ? { indent: { insertSpaces: options.insertSpaces, size: options.tabSize } }
      : {}),
  };
}

/** The workspace folder's name: the repository name families with repo-level context were trained with. */
function repoNameOf(uri: vscode.Uri): { repoName?: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? { repoName: folder.name } : {};
}

function fromVsRange(range: vscode.Range, lineOffset = 0): Range {
  return {
    start: { line: range.start.line + lineOffset, character: range.start.character },
    end: { line: range.end.line + lineOffset, character: range.end.character },
  };
}

function toVsRange(range: Range, lineOffset = 0): vscode.Range {
  return new vscode.Range(range.start.line + lineOffset, range.start.character, range.end.line + lineOffset, range.end.character);
}
