// `pipit.explainSelection`: reads the editor (selection, else the function around the cursor, else the line),
// refuses excluded files, and hands the target to the explain panel.
import * as vscode from 'vscode';
import { exclusionMessage, type ExclusionVerdict } from '../../completion/exclusion';
import { chooseTarget } from '../../explain/target';
import type { ChatEngine } from '../../explain/types';
import { documentSymbols } from './documentSymbols';
import { ExplainPanel } from './ExplainPanel';

export const EXPLAIN_COMMAND = 'pipit.explainSelection';

/** What the command did, for tests and other commands: refused an excluded file, found nothing, or explains. */
export type ExplainOutcome = 'excluded' | 'nothing' | 'explaining';

export interface ExplainCommandDeps {
  extensionUri: vscode.Uri;
  engine: ChatEngine;
  /**
   * The exclusion test completion uses, with the settings of the document's own folder: a file refused there is
   * refused here.
   */
  exclusion: (uri: vscode.Uri, relativePath: string) => ExclusionVerdict;
  log: vscode.LogOutputChannel;
  /** pipit.explain.maxTokens now. */
  maxTokens: () => number;
}

export function registerExplainCommand(deps: ExplainCommandDeps): vscode.Disposable {
  const panel = new ExplainPanel(deps.extensionUri, deps.engine, deps.log, deps.maxTokens);
  // A plain command, not a text-editor one: VS Code drops what a text-editor command returns, and the editor's
  // context menu passes the document's URI, which names the editor to explain.
  const command = vscode.commands.registerCommand(EXPLAIN_COMMAND, async (uri?: unknown): Promise<ExplainOutcome> => {
    const editor = editorFor(uri);
    if (!editor) {
      void vscode.window.showInformationMessage('Pipit: open a file and select the code to explain.');
      return 'nothing';
    }
    const document = editor.document;
    const filePath = vscode.workspace.asRelativePath(document.uri, false);
    const verdict = deps.exclusion(document.uri, filePath);
    if (verdict.excluded) {
      deps.log.info(`explain refused for ${filePath}: excluded by ${verdict.pattern!}`);
      void vscode.window.showWarningMessage(exclusionMessage(filePath, verdict.pattern!));
      return 'excluded';
    }
    const selection = editor.selection;
    const symbols = await documentSymbols(document.uri);
    const choice = chooseTarget({
      filePath,
      languageId: document.languageId,
      text: document.getText(),
      selection: { start: selection.start, end: selection.end },
      ...(symbols ? { symbols } : {}),
    });
    if (!choice.ok) {
      void vscode.window.showInformationMessage(`Pipit: ${choice.message}`);
      return 'nothing';
    }
    deps.log.info(`explain ${choice.target.kind} ${filePath}:${choice.target.range.startLine + 1}-${choice.target.range.endLine + 1} (${choice.source})`);
    panel.show(choice.target, choice.context);
    return 'explaining';
  });
  return vscode.Disposable.from(command, panel);
}

/** The editor showing `uri` when the menu named one, else the active editor. */
function editorFor(uri: unknown): vscode.TextEditor | undefined {
  if (uri instanceof vscode.Uri) {
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
    if (shown) return shown;
  }
  return vscode.window.activeTextEditor;
}
