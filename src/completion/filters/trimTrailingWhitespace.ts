// Trailing whitespace in a suggestion only shows up as noise in the diff once accepted.

import type { Filter } from './types';

export const trimTrailingWhitespace: Filter = (suggestion) =>
  suggestion
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
