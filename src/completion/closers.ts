// Which characters of a suggestion close something opened before the cursor (a bracket, the string the cursor is
// in, or a statement separator at the top level). They are what can duplicate closers already right of the cursor.

const OPENING = '([{';
const CLOSING = ')]}';
const QUOTES = `"'\``;
const SEPARATORS = ';,';

export interface OuterCloser {
  index: number;
  char: string;
  /** `;` or `,` at the top level: may match text right of the cursor, never contradicts it. */
  separator: boolean;
}

/** The quote of the string literal the cursor is in, if any, judged from the cursor line alone. */
function openQuote(linePrefix: string): string | undefined {
  let quote: string | undefined;
  for (let index = 0; index < linePrefix.length; index++) {
    const char = linePrefix[index]!;
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (QUOTES.includes(char)) quote = char;
  }
  return quote;
}

export function outerClosers(suggestion: string, linePrefix: string): OuterCloser[] {
  const found: OuterCloser[] = [];
  let outerQuote = openQuote(linePrefix);
  let innerQuote: string | undefined;
  let depth = 0;
  for (let index = 0; index < suggestion.length; index++) {
    const char = suggestion[index]!;
    const quote = innerQuote ?? outerQuote;
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) {
        if (innerQuote === undefined) found.push({ index, char, separator: false });
        innerQuote = outerQuote = undefined;
      }
    } else if (OPENING.includes(char)) depth++;
    else if (CLOSING.includes(char)) {
      if (depth > 0) depth--;
      else found.push({ index, char, separator: false });
    } else if (QUOTES.includes(char)) innerQuote = char;
    else if (SEPARATORS.includes(char) && depth === 0) found.push({ index, char, separator: true });
  }
  return found;
}

/**
 * How many characters right of the cursor the suggestion should replace: the closers there that the suggestion
 * writes again, in order. VS Code shows such a replacement as ghost text around the kept characters.
 */
export function closersToReplace(suggestion: string, linePrefix: string, lineSuffix: string): number {
  let matched = 0;
  for (const closer of outerClosers(suggestion, linePrefix)) {
    if (matched < lineSuffix.length && closer.char === lineSuffix[matched]) matched++;
    else if (!closer.separator) break;
  }
  return matched;
}
