// A suggestion of only whitespace shows nothing a user could want; drop it so no empty item reaches VS Code.

import type { Filter } from './types';

export const dropEmpty: Filter = (suggestion) => (suggestion.trim() === '' ? undefined : suggestion);
