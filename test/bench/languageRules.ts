// What the bench's editor knows about a language to behave like VS Code with its default settings: the auto-closing
// pairs and `autoCloseBefore` of VS Code's own language-configuration.json files (typescript-basics, python), and
// enough of a line lexer to tell code from strings and comments (the pairs' `notIn`).

export type Scope = 'code' | 'string' | 'comment';

export interface QuoteRule {
  quote: string;
  /** Scopes (of the character before the cursor) where typing the quote does not insert its pair. */
  notIn: Scope[];
}

export interface LanguageRules {
  /** Brackets that auto-close and that Enter and the outdent on typing a closer know. Empty: no auto-closing. */
  brackets: Record<string, string>;
  quotes: QuoteRule[];
  /** A pair is auto-closed only before one of these characters or at the end of the line. */
  autoCloseBefore: string;
  lineComment?: string;
  blockComment?: [string, string];
  /** Python: `'''` and `"""` strings. */
  tripleQuotes: boolean;
  /** Python's string prefixes (`f"`, `r'`...): these pairs auto-close right after the prefix letter. */
  stringPrefixes: string;
  /** Python: Enter after a line ending in `:` indents. */
  colonIndents: boolean;
}

const BRACKETS = { '(': ')', '[': ']', '{': '}' };

const TYPESCRIPT: LanguageRules = {
  brackets: BRACKETS,
  quotes: [
    { quote: "'", notIn: ['string', 'comment'] },
    { quote: '"', notIn: ['string'] },
    { quote: '`', notIn: ['string', 'comment'] },
  ],
  autoCloseBefore: ';:.,=}])>` \n\t',
  lineComment: '//',
  blockComment: ['/*', '*/'],
  tripleQuotes: false,
  stringPrefixes: '',
  colonIndents: false,
};

const PYTHON: LanguageRules = {
  brackets: BRACKETS,
  quotes: [
    { quote: '"', notIn: ['string'] },
    { quote: "'", notIn: ['string', 'comment'] },
  ],
  // Python's configuration sets none: the editor's default.
  autoCloseBefore: ';:.,=}])> \n\t',
  lineComment: '#',
  tripleQuotes: true,
  stringPrefixes: 'rRuUfFbB',
  colonIndents: true,
};

const PLAIN: LanguageRules = { brackets: {}, quotes: [], autoCloseBefore: '', tripleQuotes: false, stringPrefixes: '', colonIndents: false };

export function languageRules(languageId: string): LanguageRules {
  if (/^(typescript|javascript)(react)?$/.test(languageId)) return TYPESCRIPT;
  if (languageId === 'python') return PYTHON;
  return PLAIN;
}

/** VS Code's default `editor.wordSeparators`: a character outside these (and not whitespace) is part of a word. */
const WORD_SEPARATORS = '`~!@#$%^&*()-=+[{]}\\|;:\'",.<>/?';

export function isWordCharacter(char: string | undefined): boolean {
  return char !== undefined && !/\s/.test(char) && !WORD_SEPARATORS.includes(char);
}

/**
 * The scope of each character of `line`: quotes and comment markers belong to their string or comment. Line by line,
 * as VS Code's tokenizer sees a line that starts in code (a string or comment opened on an earlier line is not seen).
 */
export function lineScopes(line: string, rules: LanguageRules): Scope[] {
  const scopes: Scope[] = [];
  let index = 0;
  const mark = (length: number, scope: Scope) => {
    for (let end = Math.min(line.length, index + length); index < end; index++) scopes.push(scope);
  };
  while (index < line.length) {
    const rest = line.slice(index);
    if (rules.lineComment && rest.startsWith(rules.lineComment)) {
      mark(rest.length, 'comment');
    } else if (rules.blockComment && rest.startsWith(rules.blockComment[0])) {
      const close = rest.indexOf(rules.blockComment[1], rules.blockComment[0].length);
      mark(close < 0 ? rest.length : close + rules.blockComment[1].length, 'comment');
    } else if (rules.tripleQuotes && (rest.startsWith('"""') || rest.startsWith("'''"))) {
      const close = rest.indexOf(rest.slice(0, 3), 3);
      mark(close < 0 ? rest.length : close + 3, 'string');
    } else if (rules.quotes.some((rule) => rule.quote === rest[0])) {
      let end = 1;
      while (end < rest.length && rest[end] !== rest[0]) end += rest[end] === '\\' ? 2 : 1;
      mark(end + 1, 'string');
    } else {
      mark(1, 'code');
    }
  }
  return scopes;
}
