// Syntax highlighting of code blocks in explanations, by highlight.js: its core and the languages listed below only,
// to keep the bundle small. It only labels spans of text: the panel gets kinds and text, never markup.
export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'function' | 'type';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** VS Code language ids (fences often carry them) that highlight.js knows by another name. */
const VSCODE_IDS: Record<string, string[]> = {
  typescript: ['typescriptreact'],
  javascript: ['javascriptreact'],
  bash: ['shellscript'],
  python: ['python3'],
};

/** highlight.js scopes -> the few kinds the panel colours; a scope not listed takes the kind of the one around it. */
const KINDS: Record<string, TokenKind> = {
  comment: 'comment',
  quote: 'comment',
  string: 'string',
  regexp: 'string',
  // Code inside a template string is code again.
  subst: 'plain',
  number: 'number',
  keyword: 'keyword',
  literal: 'keyword',
  meta: 'keyword',
  name: 'keyword',
  'selector-tag': 'keyword',
  'variable.language': 'keyword',
  'title.function': 'function',
  built_in: 'function',
  type: 'type',
  'title.class': 'type',
};

/**
 * The part of highlight.js used here. The library is required, not imported: its type declarations pull in the DOM
 * library, which this code base (it runs in Node) is type-checked without.
 */
interface HighlightJs {
  registerLanguage(name: string, language: unknown): void;
  registerAliases(aliases: string[], options: { languageName: string }): void;
  getLanguage(name: string): unknown;
  highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string; illegal: boolean; errorRaised?: Error };
}

let hljs: HighlightJs | undefined;

/** Loads highlight.js and its languages on first use: activation does not pay for them. */
function languages(): HighlightJs {
  if (hljs) return hljs;
  hljs = require('highlight.js/lib/core') as HighlightJs;
  const definitions: Record<string, unknown> = {
    bash: require('highlight.js/lib/languages/bash'),
    c: require('highlight.js/lib/languages/c'),
    cpp: require('highlight.js/lib/languages/cpp'),
    csharp: require('highlight.js/lib/languages/csharp'),
    css: require('highlight.js/lib/languages/css'),
    diff: require('highlight.js/lib/languages/diff'),
    dockerfile: require('highlight.js/lib/languages/dockerfile'),
    go: require('highlight.js/lib/languages/go'),
    ini: require('highlight.js/lib/languages/ini'),
    java: require('highlight.js/lib/languages/java'),
    javascript: require('highlight.js/lib/languages/javascript'),
    json: require('highlight.js/lib/languages/json'),
    kotlin: require('highlight.js/lib/languages/kotlin'),
    makefile: require('highlight.js/lib/languages/makefile'),
    markdown: require('highlight.js/lib/languages/markdown'),
    php: require('highlight.js/lib/languages/php'),
    python: require('highlight.js/lib/languages/python'),
    ruby: require('highlight.js/lib/languages/ruby'),
    rust: require('highlight.js/lib/languages/rust'),
    shell: require('highlight.js/lib/languages/shell'),
    sql: require('highlight.js/lib/languages/sql'),
    typescript: require('highlight.js/lib/languages/typescript'),
    xml: require('highlight.js/lib/languages/xml'),
    yaml: require('highlight.js/lib/languages/yaml'),
  };
  for (const [name, definition] of Object.entries(definitions)) hljs.registerLanguage(name, definition);
  for (const [languageName, aliases] of Object.entries(VSCODE_IDS)) hljs.registerAliases(aliases, { languageName });
  return hljs;
}

/** Whether code in `language` (a fence's info word or a VS Code language id) is highlighted. */
function knowsLanguage(language: string): boolean {
  return language !== '' && languages().getLanguage(language.toLowerCase()) !== undefined;
}

/** Splits code into labelled spans whose texts, joined, are exactly the input (plain text for unknown languages). */
export function highlight(code: string, language: string): Token[] {
  const plain: Token[] = code ? [{ kind: 'plain', text: code }] : [];
  if (!code || !knowsLanguage(language)) return plain;
  const result = languages().highlight(code, { language: language.toLowerCase(), ignoreIllegals: true });
  if (result.errorRaised || result.illegal) return plain;
  const tokens = tokensOf(result.value);
  // The spans must give back the code to the letter; if anything in the output was not understood, show it plain.
  return tokens.map((token) => token.text).join('') === code ? tokens : plain;
}

// highlight.js's output is the code, escaped, inside `<span class="hljs-…">` elements and nothing else.
const OUTPUT = /<span class="([^"]*)">|<\/span>|([^<]+)/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'" };

function tokensOf(html: string): Token[] {
  const tokens: Token[] = [];
  const open: (TokenKind | undefined)[] = [];
  for (const [, className, text] of html.matchAll(OUTPUT)) {
    if (className !== undefined) open.push(kindOf(className));
    else if (text === undefined) open.pop();
    else {
      const kind = open.findLast((candidate) => candidate !== undefined) ?? 'plain';
      const value = text.replace(/&(?:amp|lt|gt|quot|#x27);/g, (entity) => ENTITIES[entity]!);
      const last = tokens[tokens.length - 1];
      if (last?.kind === kind) last.text += value;
      else tokens.push({ kind, text: value });
    }
  }
  return tokens;
}

/** `hljs-title function_ invoke__` is scope `title.function.invoke`: the kind of its longest listed prefix. */
function kindOf(className: string): TokenKind | undefined {
  const [base, ...subs] = className.split(' ');
  if (!base?.startsWith('hljs-')) return undefined;
  const parts = [base.slice('hljs-'.length), ...subs.map((sub) => sub.replace(/_+$/, ''))];
  for (let length = parts.length; length > 0; length--) {
    const kind = KINDS[parts.slice(0, length).join('.')];
    if (kind) return kind;
  }
  return undefined;
}
