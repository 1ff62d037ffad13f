// Models leak their control tokens as text (end of text, FIM padding, file separators); whatever follows one is
// not meant for the document, so the suggestion ends where the first one begins. Only the loaded family's own token
// texts count: `"<filename> not found"` or `table[PREFIX]` is code for every model that has no such token.

import type { Filter } from './types';

export const stripSpecialTokens: Filter = (suggestion, context) => {
  let end = suggestion.length;
  for (const token of context.specialTokens ?? []) {
    const at = suggestion.indexOf(token);
    if (at >= 0 && at < end) end = at;
  }
  return suggestion.slice(0, end);
};
