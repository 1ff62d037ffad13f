// A suggestion should finish the block it is in, not wander into the code after it: it stops where indentation
// falls below the level it started at. A block opened at the cursor may still get its closing line.

import { endsWithBlockOpener } from '../completionMode';
import { indentColumns, tabSize } from '../indentation';
import type { Filter } from './types';

const CLOSING_LINE = /^\s*(?:[)\]}][)\]};,]*|end|fi|done|esac)\s*$/;

export const limitBlockByIndent: Filter = (suggestion, context) => {
  const lines = suggestion.split('\n');
  if (lines.length === 1) return suggestion;
  const tab = tabSize(context);
  const firstLine = context.linePrefix + lines[0];
  const startIndent = indentColumns(context.linePrefix.trim() === '' ? firstLine : context.linePrefix, tab);
  const openedHere = endsWithBlockOpener(firstLine, context.languageId);
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const indent = indentColumns(line, tab);
    if (openedHere && indent <= startIndent) {
      const end = CLOSING_LINE.test(line) ? index + 1 : index;
      return lines.slice(0, end).join('\n');
    }
    if (!openedHere && indent < startIndent) return lines.slice(0, index).join('\n');
  }
  return suggestion;
};
