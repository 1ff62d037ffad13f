// Indentation measured in columns and the document's style (tabs or spaces, and how many), detected from text.

import type { IndentStyle } from './types';

/** Tab width when nothing says otherwise. */
const DEFAULT_TAB_SIZE = 4;

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Width of a line's indentation in columns, a tab counting up to the next multiple of `tabSize`. */
export function indentColumns(line: string, tabSize: number): number {
  let columns = 0;
  for (const char of leadingWhitespace(line)) columns = char === '\t' ? columns - (columns % tabSize) + tabSize : columns + 1;
  return columns;
}

/**
 * Tabs or spaces by majority of indented lines; size by the most common step between consecutive indents.
 * Undefined when no line is indented: then nothing is known, and the model's own indentation is kept.
 */
export function detectIndentStyle(text: string): IndentStyle | undefined {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const whitespace = leadingWhitespace(line);
    if (whitespace.startsWith('\t')) tabs++;
    else if (whitespace.length > 0) spaces++;
    const width = whitespace.startsWith('\t') ? previous : whitespace.length;
    const step = Math.abs(width - previous);
    if (!whitespace.startsWith('\t') && step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs === 0 && spaces === 0) return undefined;
  if (tabs > spaces) return { insertSpaces: false, size: DEFAULT_TAB_SIZE };
  const size = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? DEFAULT_TAB_SIZE;
  return { insertSpaces: true, size };
}

/** Indentation of `columns` width in the given style. */
export function makeIndent(columns: number, style: IndentStyle): string {
  if (style.insertSpaces) return ' '.repeat(columns);
  return '\t'.repeat(Math.floor(columns / style.size)) + ' '.repeat(columns % style.size);
}

/** Tab width for measuring indentation in `context`. */
export function tabSize(context: { indent?: IndentStyle }): number {
  return context.indent?.size ?? DEFAULT_TAB_SIZE;
}
