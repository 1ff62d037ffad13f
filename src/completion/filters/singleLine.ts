// Single-line mode: the suggestion ends at the first line break, whatever the model went on to write.

import type { Filter } from './types';

export const singleLine: Filter = (suggestion, context) => {
  if (context.mode !== 'single') return suggestion;
  const end = suggestion.search(/\r?\n/);
  return end < 0 ? suggestion : suggestion.slice(0, end);
};
