// All filters, in the order they run. Order matters:
//  1. special tokens first: text after a leaked control token is not code at all;
//  2. single-line mode cuts at the first line break before anything reasons about lines;
//  3. indentation style next, so later filters compare indentation the document's way;
//  4. repeats of the text after the cursor, then 5. the block's indentation, then 6. loops: each cuts the tail;
//  7. closers are merged once the tail is settled (a cut may have removed the closer);
//  8. trailing whitespace, and 9. empty results last, since every cut above can leave either behind.

import { cutSuffixRepeat } from './cutSuffixRepeat';
import { dropEmpty } from './dropEmpty';
import { dropRepetition } from './dropRepetition';
import { keepIndentStyle } from './keepIndentStyle';
import { limitBlockByIndent } from './limitBlockByIndent';
import { mergeClosers } from './mergeClosers';
import { singleLine } from './singleLine';
import { stripSpecialTokens } from './stripSpecialTokens';
import { trimTrailingWhitespace } from './trimTrailingWhitespace';
import type { Filter, FilterContext } from './types';

export type { Filter, FilterContext } from './types';

export const FILTERS: ReadonlyArray<readonly [name: string, filter: Filter]> = [
  ['stripSpecialTokens', stripSpecialTokens],
  ['singleLine', singleLine],
  ['keepIndentStyle', keepIndentStyle],
  ['cutSuffixRepeat', cutSuffixRepeat],
  ['limitBlockByIndent', limitBlockByIndent],
  ['dropRepetition', dropRepetition],
  ['mergeClosers', mergeClosers],
  ['trimTrailingWhitespace', trimTrailingWhitespace],
  ['dropEmpty', dropEmpty],
];

/** The suggestion after every filter, or undefined when one of them dropped it. */
export function applyFilters(suggestion: string, context: FilterContext): string | undefined {
  let current: string | undefined = suggestion;
  for (const [, filter] of FILTERS) {
    if (current === undefined) return undefined;
    current = filter(current, context);
  }
  return current;
}
