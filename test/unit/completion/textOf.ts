// A document for the completion tests, as plain text: what the VS Code glue hands the pipeline, without VS Code.
import type { TextLines } from '../../../src/completion/types';

export function linesOf(text: string): TextLines {
  const lines = text.split(/\r?\n/);
  return { lineCount: lines.length, lineAt: (line) => lines[line] ?? '', length: text.length };
}
