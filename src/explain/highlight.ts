// A small syntax highlighter for code blocks in explanations: comments, strings, numbers, keywords and calls.
// It only labels spans of text; it never produces markup, so it cannot be a way in for hostile text.

export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'function';

export interface Token {
  kind: TokenKind;
  text: string;
}

interface Grammar {
  lineComment: string[];
  blockComment?: [string, string];
  /** Triple-quoted strings (Python). */
  tripleQuotes?: boolean;
  keywords: Set<string>;
}

const words = (list: string): Set<string> => new Set(list.split(/\s+/).filter(Boolean));

const C_LIKE_KEYWORDS =
  'if else for while do switch case default break continue return function const let var new delete typeof ' +
  'instanceof in of class extends implements interface type enum import export from as async await yield try ' +
  'catch finally throw this super null undefined true false void static public private protected readonly ' +
  'abstract get set declare namespace module struct union typedef sizeof int long short char float double ' +
  'unsigned signed bool boolean string number any unknown never auto goto extern register volatile inline ' +
  'template typename using virtual override final package func go defer chan map range select fallthrough fn ' +
  'let mut impl trait pub use mod crate self Self match loop where dyn ref move unsafe nil val fun object when ' +
  'is lateinit companion data sealed internal open throws synchronized native transient assert elif';

const GRAMMARS: Record<string, Grammar> = {
  c: { lineComment: ['//'], blockComment: ['/*', '*/'], keywords: words(C_LIKE_KEYWORDS) },
  python: {
    lineComment: ['#'],
    tripleQuotes: true,
    keywords: words(
      'def class return if elif else for while break continue pass import from as with try except finally raise ' +
        'lambda yield async await global nonlocal in is not and or None True False self del assert match case',
    ),
  },
  shell: {
    lineComment: ['#'],
    keywords: words('if then else elif fi for while until do done case esac function return in local export readonly echo exit set unset'),
  },
  ruby: {
    lineComment: ['#'],
    keywords: words('def end class module if elsif else unless while until for in do return yield begin rescue ensure raise self nil true false and or not then lambda require'),
  },
  sql: {
    lineComment: ['--'],
    blockComment: ['/*', '*/'],
    keywords: words(
      'select from where join left right inner outer on group by order having limit offset insert into values ' +
        'update set delete create table index view drop alter add primary key foreign references not null and or ' +
        'as distinct union all case when then else end is in like between exists count sum avg min max',
    ),
  },
};

const ALIASES: Record<string, string> = {
  py: 'python', python: 'python', python3: 'python',
  sh: 'shell', bash: 'shell', zsh: 'shell', shell: 'shell', shellscript: 'shell', console: 'shell',
  rb: 'ruby', ruby: 'ruby',
  sql: 'sql', mysql: 'sql', postgresql: 'sql', sqlite: 'sql',
};

function grammarFor(language: string): Grammar {
  return GRAMMARS[ALIASES[language.toLowerCase()] ?? 'c']!;
}

/** Splits code into labelled spans whose texts, joined, are exactly the input. */
export function highlight(code: string, language: string): Token[] {
  const grammar = grammarFor(language);
  const sqlLike = grammar === GRAMMARS.sql;
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else if (text) tokens.push({ kind, text });
  };
  let i = 0;
  while (i < code.length) {
    const rest = code.slice(i, i + 3);
    const lineComment = grammar.lineComment.find((marker) => code.startsWith(marker, i));
    if (lineComment) {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      push('comment', code.slice(i, stop));
      i = stop;
      continue;
    }
    if (grammar.blockComment && code.startsWith(grammar.blockComment[0], i)) {
      const end = code.indexOf(grammar.blockComment[1], i + grammar.blockComment[0].length);
      const stop = end < 0 ? code.length : end + grammar.blockComment[1].length;
      push('comment', code.slice(i, stop));
      i = stop;
      continue;
    }
    if (grammar.tripleQuotes && (rest === '"""' || rest === "'''")) {
      const end = code.indexOf(rest, i + 3);
      const stop = end < 0 ? code.length : end + 3;
      push('string', code.slice(i, stop));
      i = stop;
      continue;
    }
    const ch = code[i]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== ch && (ch === '`' || code[j] !== '\n')) j += code[j] === '\\' ? 2 : 1;
      const stop = Math.min(code.length, j + 1);
      push('string', code.slice(i, stop));
      i = stop;
      continue;
    }
    const number = /^(?:0[xX][\da-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[a-zA-Z]*/.exec(code.slice(i, i + 64));
    if (number && !/[\w$]/.test(code[i - 1] ?? '')) {
      push('number', number[0]);
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(code.slice(i, i + 256));
    if (word) {
      const text = word[0];
      const after = code.slice(i + text.length).match(/^\s*(.)/)?.[1];
      if (grammar.keywords.has(sqlLike ? text.toLowerCase() : text)) push('keyword', text);
      else if (after === '(') push('function', text);
      else push('plain', text);
      i += text.length;
      continue;
    }
    push('plain', ch);
    i++;
  }
  return tokens;
}
