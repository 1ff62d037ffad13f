// A notebook cell as the completion pipeline sees it: the notebook's code cells of the cell's language joined into
// one document (cells above before it, cells below after it), and where the cell starts in it.
import * as vscode from 'vscode';
import { joinLines } from '../completion/joinedLines';
import type { TextLines } from '../completion/types';

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

export interface CellView {
  lines: TextLines;
  /** The joined line where the cell's first line is. */
  lineOffset: number;
  notebookUri: vscode.Uri;
}

/** The joined view of `document`'s notebook, or undefined when `document` is not a notebook cell. */
export function notebookCellView(document: vscode.TextDocument, linesOf: (document: vscode.TextDocument) => TextLines): CellView | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.uri.path !== document.uri.path) continue;
    // Markdown cells and cells of another language would read as broken code to the model.
    const cells = notebook
      .getCells()
      .filter((cell) => cell.document === document || (cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === document.languageId));
    const index = cells.findIndex((cell) => cell.document === document);
    if (index < 0) continue;
    const joined = joinLines(cells.map((cell) => linesOf(cell.document)));
    return { lines: joined.lines, lineOffset: joined.startOf(index), notebookUri: notebook.uri };
  }
  return undefined;
}
