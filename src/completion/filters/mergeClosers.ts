// Closers already right of the cursor are merged with the suggestion's own (the pipeline replaces them, see
// closersToReplace). A suggestion that closes with a different bracket than the one waiting there is wrong from
// that point on, so it ends just before it. Once it has rewritten every closer there, the statement the cursor
// was in is complete, and the suggestion ends with that line instead of running on into new code.

import { outerClosers } from '../closers';
import type { Filter } from './types';

const WAITING_CLOSER = /^[)\]}"'`]$/;

export const mergeClosers: Filter = (suggestion, context) => {
  const rest = context.lineSuffix.trimEnd();
  let matched = 0;
  for (const closer of outerClosers(suggestion, context.linePrefix)) {
    const waiting = rest[matched];
    if (waiting === undefined) break;
    if (closer.char === waiting) {
      if (++matched === rest.length) return endOfLine(suggestion, closer.index);
    } else if (closer.separator) continue;
    else if (WAITING_CLOSER.test(waiting)) return suggestion.slice(0, closer.index);
    else break;
  }
  return suggestion;
};

function endOfLine(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return end < 0 ? text : text.slice(0, end);
}
