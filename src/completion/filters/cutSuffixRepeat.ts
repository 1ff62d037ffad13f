// Models often write past the hole and repeat what already follows the cursor. The suggestion ends where it starts
// repeating the rest of the cursor line or the next non-blank line of the document.

import { indentColumns, tabSize } from '../indentation';
import type { Filter, FilterContext } from './types';

/** Closing brackets, quotes and separators are merged (see mergeClosers), not cut. */
const ONLY_CLOSERS = /^[)\]}>"'`;,.:\s]*$/;

export const cutSuffixRepeat: Filter = (suggestion, context) => {
  const lines = suggestion.split('\n');
  const rest = context.lineSuffix.trim();
  if (rest !== '' && !ONLY_CLOSERS.test(rest)) {
    const at = lines[0]!.indexOf(rest);
    if (at >= 0) return lines[0]!.slice(0, at);
  }
  const next = nextNonBlankLine(context.suffix);
  if (next === undefined) return suggestion;
  const first = context.linePrefix.trim() === '' ? 0 : 1;
  for (let index = first; index < lines.length; index++) {
    const line = index === 0 ? context.linePrefix + lines[0] : lines[index]!;
    if (line.trim() !== '' && sameLine(line, next, context)) return lines.slice(0, index).join('\n');
  }
  return suggestion;
};

function nextNonBlankLine(suffix: string): string | undefined {
  return suffix
    .split('\n')
    .slice(1)
    .find((line) => line.trim() !== '');
}

/** Same text at the same indentation (tabs and spaces compared by width). */
function sameLine(a: string, b: string, context: FilterContext): boolean {
  return a.trim() === b.trim() && indentColumns(a, tabSize(context)) === indentColumns(b, tabSize(context));
}
