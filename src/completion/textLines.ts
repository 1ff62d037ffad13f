// TextLines over a string, and over a document with one edit applied (the "as if accepted" state prefetch needs).

import type { Range, TextLines } from './types';

/** `document` with `range` (on one line) replaced by `text`, without copying the untouched lines. */
export function withEdit(document: TextLines, range: Range, text: string): TextLines {
  const line = range.start.line;
  const current = document.lineAt(line);
  const inserted = (current.slice(0, range.start.character) + text + current.slice(range.end.character)).split('\n');
  const added = inserted.length - 1;
  return {
    lineCount: document.lineCount + added,
    lineAt(index) {
      if (index < line) return document.lineAt(index);
      if (index <= line + added) return inserted[index - line]!;
      return document.lineAt(index - added);
    },
    length:
      document.length === undefined ? undefined : document.length + text.length - (range.end.character - range.start.character),
  };
}

/** Where the cursor lands after inserting `text` at `range.start`. */
export function endOfInsert(range: Range, text: string): { line: number; character: number } {
  const parts = text.split('\n');
  const last = parts[parts.length - 1]!;
  return parts.length === 1
    ? { line: range.start.line, character: range.start.character + last.length }
    : { line: range.start.line + parts.length - 1, character: last.length };
}
