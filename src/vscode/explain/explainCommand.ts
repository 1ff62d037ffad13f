// `pipit.explainSelection`: reads the editor (selection, else the function around the cursor, else the line),
// refuses excluded files, and hands the target to the explain panel.
import * as vscode from 'vscode';
import { exclusionMessage, type ExclusionVerdict } from '../../completion/exclusion';
import { chooseTarget } from '../../explain/target';
import type { ChatEngine } from '../../explain/types';
import { documentSymbols } from './documentSymbols';
import { ExplainPanel } from './ExplainPanel';

export const EXPLAIN_COMMAND = 'pipit.explainSelection';

export interface ExplainCommandDeps {
  extensionUri: vscode.Uri;
  engine: ChatEngine;
  /** The exclusion test completion and extra context use, so a file refused there is refused here. */
  exclusion: (relativePath: string) => ExclusionVerdict;
  log: vscode.LogOutputChannel;
}

export function registerExplainCommand(deps: ExplainCommandDeps): vscode.Disposable {
  const panel = new ExplainPanel(deps.extensionUri, deps.engine, deps.log);
  const command = vscode.commands.registerTextEditorCommand(EXPLAIN_COMMAND, async (editor) => {
    const document = editor.document;
    const filePath = vscode.workspace.asRelativePath(document.uri, false);
    const verdict = deps.exclusion(filePath);
    if (verdict.excluded) {
      deps.log.info(`explain refused for ${filePath}: excluded by ${verdict.pattern!}`);
      void vscode.window.showWarningMessage(exclusionMessage(filePath, verdict.pattern!));
      return;
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
      return;
    }
    deps.log.info(`explain ${choice.target.kind} ${filePath}:${choice.target.range.startLine + 1}-${choice.target.range.endLine + 1} (${choice.source})`);
    panel.show(choice.target, choice.context);
  });
  return vscode.Disposable.from(command, panel);
}
