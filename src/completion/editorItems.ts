// Between the editor's view and the pipeline's: the suggest widget's selected item is applied to the document
// before anything is computed, and suggestions go back as items that start where that selected item starts.

import { endOfInsert, withEdit } from './textLines';
import type { CompletionInput, CompletionItem, Position, Suggestion, TextLines } from './types';

/** The document and cursor as if the selected completion were already inserted. */
export function withSelectedCompletion(input: CompletionInput): { document: TextLines; position: Position } {
  if (!input.selected) return { document: input.document, position: input.position };
  const { range, text } = input.selected;
  return { document: withEdit(input.document, range, text), position: endOfInsert(range, text) };
}

/** Items VS Code can show: the range covers the selected item's text and the closers the suggestion rewrites. */
export function toItems(suggestions: Suggestion[], input: CompletionInput): CompletionItem[] {
  const start = input.selected?.range.start ?? input.position;
  const after = input.selected?.range.end ?? input.position;
  return suggestions.map((suggestion) => ({
    insertText: (input.selected?.text ?? '') + suggestion.text,
    range: { start, end: { line: after.line, character: after.character + suggestion.replace } },
  }));
}
