// Small models fall into loops: the same line, or the same few lines, again and again. The suggestion keeps the
// first occurrence; a suggestion that only repeats the lines just above the cursor is dropped.

import type { Filter } from './types';

const MAX_BLOCK = 4;
const CLOSING_ONLY = /^[\s)\]};,]*$/;
const DECLARES_OR_ASSIGNS = /^\s*(?:(?:export\s+)?(?:let|const|var|def|class|function|import|from|using|#include)\b|[^=!<>]*[^=!<>]=[^=])/;

export const dropRepetition: Filter = (suggestion, context) => {
  const blankStart = context.linePrefix.trim() === '';
  // Whole lines as they will stand in the document: the first one starts after the cursor's indentation.
  const lines = suggestion.split('\n').map((line, index) => (index === 0 && blankStart ? context.linePrefix + line : line).trimEnd());
  if (repeatsLinesAbove(blankStart ? lines : lines.slice(1), context.prefix)) return undefined;
  for (let index = 1; index < lines.length; index++) {
    for (let size = 1; size <= MAX_BLOCK && size <= index; size++) {
      // One repeated line can be legitimate (`x++;` twice); three in a row is a loop.
      const copies = size === 1 ? 2 : 1;
      if (index + size * copies > lines.length) continue;
      const block = lines.slice(index - size, index);
      if (block.every((line) => CLOSING_ONLY.test(line))) continue;
      let repeated = true;
      for (let copy = 0; copy < copies && repeated; copy++) {
        repeated = block.every((line, offset) => lines[index + copy * size + offset] === line);
      }
      if (repeated) return suggestion.split('\n').slice(0, index).join('\n');
    }
  }
  return suggestion;
};

/**
 * Two or more lines that are exactly the lines before the cursor line: the model copied instead of continuing. One
 * copied line counts too when it declares or assigns something: the same declaration or assignment twice in a row
 * is never what was meant (a small model's typical loop), while `i++;` or `next();` twice can be.
 */
function repeatsLinesAbove(lines: string[], prefix: string): boolean {
  const written = lines.filter((line) => line.trim() !== '');
  if (written.length === 0 || (written.length === 1 && !DECLARES_OR_ASSIGNS.test(written[0]!))) return false;
  const above = prefix.split('\n').slice(0, -1).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  const tail = above.slice(-written.length);
  return tail.length === written.length && tail.every((line, index) => line.trim() === written[index]!.trim());
}
