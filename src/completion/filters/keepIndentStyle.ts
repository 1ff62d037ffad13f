// The model indents the way its training data did; the suggestion must indent the way this document does
// (tabs or spaces, and the width of one level), or accepting it leaves mixed indentation behind.

import { indentColumns, leadingWhitespace, makeIndent } from '../indentation';
import type { Filter } from './types';

export const keepIndentStyle: Filter = (suggestion, context) => {
  const lines = suggestion.split('\n');
  const style = context.indent;
  if (lines.length === 1 || !style) return suggestion;
  const base = indentColumns(context.linePrefix.trim() === '' ? context.linePrefix + lines[0] : context.linePrefix, style.size);
  const body = lines.slice(1).map((line) => ({ line, columns: indentColumns(line, style.size), blank: line.trim() === '' }));
  const step = modelStep(base, body.filter((entry) => !entry.blank).map((entry) => entry.columns));
  const rescale = step !== undefined && step !== style.size;
  const rewritten = body.map(({ line, columns, blank }) => {
    if (blank) return line;
    const width = rescale ? base + ((columns - base) / step) * style.size : columns;
    return makeIndent(width, style) + line.slice(leadingWhitespace(line).length);
  });
  return [lines[0], ...rewritten].join('\n');
};

/**
 * The width of one level in the suggestion, when every line sits a whole number of such levels from the cursor
 * line; undefined when lines are aligned some other way (continuation lines), which then are left as they are.
 */
function modelStep(base: number, widths: number[]): number | undefined {
  let step: number | undefined;
  let previous = base;
  for (const width of widths) {
    const change = Math.abs(width - previous);
    if (change > 0 && (step === undefined || change < step)) step = change;
    previous = width;
  }
  if (step === undefined || step === 1) return undefined;
  return widths.every((width) => width >= base && (width - base) % step! === 0) ? step : undefined;
}
