// Between the editor's view and the pipeline's: the suggest widget's selected item is applied to the document
// before anything is computed, and suggestions go back as items that start where that selected item starts.
// A cursor inside the indentation of a blank line (arrowed onto it at column 0) is taken to the end of that
// indentation: the suggestion belongs after the line's tabs or spaces, not before them.

import { endOfInsert, withEdit } from './textLines';
import type { CompletionInput, CompletionItem, Position, Range, Suggestion, TextLines } from './types';

/** What the editor's view puts before the suggestion: the range it covers and the text that stands there. */
interface Lead {
  range: Range;
  text: string;
  /** The text differs from the document's (a selected item): the pipeline sees the document with it applied. */
  edits: boolean;
}

function leadOf(input: CompletionInput): Lead {
  if (input.selected) return { ...input.selected, edits: true };
  const { line, character } = input.position;
  const lineText = input.document.lineAt(line);
  // Only on a line of whitespace alone: left of code, the cursor is where the user means to insert.
  const rest = /^[ \t]*$/.test(lineText) ? lineText.slice(character) : '';
  return { range: { start: input.position, end: { line, character: character + rest.length } }, text: rest, edits: false };
}

/** The document and cursor as if the selected completion were already inserted (the cursor past a blank indentation). */
export function withSelectedCompletion(input: CompletionInput): { document: TextLines; position: Position } {
  const lead = leadOf(input);
  const document = lead.edits ? withEdit(input.document, lead.range, lead.text) : input.document;
  return { document, position: endOfInsert(lead.range, lead.text) };
}

/**
 * Items VS Code can show: the range covers the selected item's text (or the indentation right of the cursor), which
 * the insert text repeats, and the closers the suggestion rewrites.
 */
export function toItems(suggestions: Suggestion[], input: CompletionInput): CompletionItem[] {
  const { range, text } = leadOf(input);
  return suggestions.map((suggestion) => ({
    insertText: text + suggestion.text,
    range: { start: range.start, end: { line: range.end.line, character: range.end.character + suggestion.replace } },
  }));
}
