// Typing through a shown suggestion: while what the user types matches it, the rest is served at once with no
// engine request; backspacing within it (back to where it was shown) serves the longer rest again.

import type { Suggestion } from './types';

export interface ShownSuggestions {
  uri: string;
  /** Prefix and suffix windows when the suggestions were shown. */
  prefix: string;
  suffix: string;
  suggestions: Suggestion[];
}

/** What is left of the shown suggestions at the new state, or undefined when the user went elsewhere. */
export function typedThrough(shown: ShownSuggestions | undefined, uri: string, prefix: string, suffix: string): Suggestion[] | undefined {
  if (!shown || shown.uri !== uri || shown.suffix !== suffix || !prefix.startsWith(shown.prefix)) return undefined;
  const typed = prefix.slice(shown.prefix.length);
  const rest = shown.suggestions
    .filter((suggestion) => suggestion.text.startsWith(typed) && suggestion.text.length > typed.length)
    .map((suggestion) => ({ text: suggestion.text.slice(typed.length), replace: suggestion.replace }));
  return rest.length > 0 ? rest : undefined;
}
