// Definitions of the symbols the cursor uses, as extra-context chunks: which identifiers to ask the language server
// about (the cursor line and the lines just above), how much of a definition to take, and a cache keyed by symbol and
// document version, so a pause in an unchanged document asks the language server nothing.
import { LRUCache } from 'lru-cache';
import type { SourcedChunk } from './contextSources';
import type { TokenEstimator } from './tokens';
import type { Position, TextLines } from './types';

export interface NearIdentifier {
  name: string;
  line: number;
  character: number;
}

/** Words that are syntax in the languages Pipit sees most: no definition to find. */
const KEYWORDS = new Set(
  ('abstract any as async await boolean break case catch class const continue def default del delete do elif else enum ' +
    'export extends false final finally fn for from func function go if impl implements import in instanceof interface ' +
    'is let match mod module mut new nil none not null number object of or package pass private protected pub public ' +
    'raise readonly return self static string struct super switch this throw true try type typeof undefined use var ' +
    'void where while with yield None True False').split(' '),
);

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
/** String literals on one line: blanked (same length, so positions hold), since no word in them has a definition. */
const STRING = /(["'`])(?:\\.|(?!\1).)*\1/g;

/**
 * Identifiers on the cursor line (nearest the cursor first) and on the `linesAbove` lines above it (nearest line
 * first), each once, at most `max`: the symbols whose definitions the next line most likely needs.
 */
export function identifiersNear(document: TextLines, position: Position, linesAbove = 2, max = 6): NearIdentifier[] {
  const found: NearIdentifier[] = [];
  const seen = new Set<string>();
  for (let line = position.line; line >= Math.max(0, position.line - linesAbove) && found.length < max; line--) {
    const text = document.lineAt(line).replace(STRING, (literal) => ' '.repeat(literal.length));
    const words = [...text.matchAll(IDENTIFIER)].map((match) => ({ name: match[0], line, character: match.index }));
    const ordered = line === position.line ? words.sort((a, b) => Math.abs(a.character - position.character) - Math.abs(b.character - position.character)) : words;
    for (const word of ordered) {
      if (word.name.length < 2 || KEYWORDS.has(word.name) || /^\d/.test(word.name) || seen.has(word.name)) continue;
      seen.add(word.name);
      found.push(word);
      if (found.length >= max) break;
    }
  }
  return found;
}

/**
 * The definition starting at `startLine`: that line and the block under it (deeper-indented lines and the line that
 * closes it), at most `maxLines` lines. A one-line definition (`const rate = 0.2;`) is that line.
 */
export function definitionSnippet(document: TextLines, startLine: number, maxLines = 12): { text: string; endLine: number } {
  const first = document.lineAt(startLine);
  const indent = indentation(first);
  const lines = [first];
  let line = startLine + 1;
  for (; line < document.lineCount && lines.length < maxLines; line++) {
    const text = document.lineAt(line);
    if (text.trim() === '') {
      lines.push(text);
      continue;
    }
    if (indentation(text) > indent) {
      lines.push(text);
      continue;
    }
    // The line that closes the block (`}`, `)`, `end`) belongs to it; anything else at that depth does not.
    if (/^\s*([}\])]|end\b)/.test(text) && lines.length > 1) lines.push(text);
    break;
  }
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return { text: lines.join('\n'), endLine: startLine + lines.length - 1 };
}

function indentation(text: string): number {
  return text.length - text.trimStart().length;
}

/** A definition chunk: labelled with its file's path, as every extra chunk is, and keyed by where it is. */
export function definitionChunk(
  definition: { filePath: string; symbol: string; startLine: number; text: string; endLine: number },
  estimate: TokenEstimator,
  at: number,
): SourcedChunk {
  const { filePath, symbol, startLine, endLine, text } = definition;
  return { filePath, text, tokens: estimate(text), key: `def:${filePath}:${startLine}`, origin: { kind: 'definition', symbol, startLine, endLine, at } };
}

/** Definitions found per symbol of one document version; an empty list is an answer too (nothing to ask again). */
export class DefinitionCache {
  private readonly entries = new LRUCache<string, SourcedChunk[]>({ max: 512 });

  private static key(uri: string, version: number, symbol: string): string {
    return `${uri}@${version}:${symbol}`;
  }

  get(uri: string, version: number, symbol: string): SourcedChunk[] | undefined {
    return this.entries.get(DefinitionCache.key(uri, version, symbol));
  }

  set(uri: string, version: number, symbol: string, chunks: SourcedChunk[]): void {
    this.entries.set(DefinitionCache.key(uri, version, symbol), chunks);
  }
}
