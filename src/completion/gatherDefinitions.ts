// Gathers the definitions of the symbols near the cursor at a pause, within a time box, from whatever answers
// "where is this defined" (VS Code's language servers in the editor, the replayed file's own symbols in the bench).
// Never on the keystroke path: the editor glue calls it when the cursor rests.
import type { SourcedChunk } from './contextSources';
import { definitionChunk, definitionSnippet, identifiersNear, type DefinitionCache, type NearIdentifier } from './definitions';
import type { TokenEstimator } from './tokens';
import type { Position, TextLines } from './types';

/** Where a symbol is defined: a file (workspace-relative) and its first line there. */
export interface DefinitionLocation {
  filePath: string;
  startLine: number;
  /** The defining file's lines (read only for locations that are used). */
  read(): Promise<TextLines> | TextLines;
}

export interface DefinitionLookup {
  /** Definitions (and type definitions) of the symbol at `identifier` in the current document. */
  find(identifier: NearIdentifier): Promise<DefinitionLocation[]>;
}

export interface GatherInput {
  document: TextLines;
  position: Position;
  /** The document's identity and version: the cache key with the symbol. */
  uri: string;
  version: number;
  currentPath: string;
  lookup: DefinitionLookup;
  cache: DefinitionCache;
  estimate: TokenEstimator;
  isExcluded: (relativePath: string) => boolean;
  now: number;
  /** Longest wait for the language server; what answers later is cached for the next pause. */
  timeBoxMs: number;
}

export interface Gathered {
  /** Most relevant first (the identifier nearest the cursor first). */
  chunks: SourcedChunk[];
  /** Symbols asked about now (not in the cache). */
  asked: number;
  /** Lookups still running when the time box closed. */
  late: number;
}

export async function gatherDefinitions(input: GatherInput): Promise<Gathered> {
  const identifiers = identifiersNear(input.document, input.position);
  let asked = 0;
  let pending = 0;
  const answers = identifiers.map((identifier) => {
    const cached = input.cache.get(input.uri, input.version, identifier.name);
    if (cached) return Promise.resolve(cached);
    asked++;
    pending++;
    return resolve(identifier, input).then(
      (chunks) => {
        pending--;
        input.cache.set(input.uri, input.version, identifier.name, chunks);
        return chunks;
      },
      () => {
        pending--;
        return [] as SourcedChunk[];
      },
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), input.timeBoxMs)));
  const settled = await Promise.all(answers.map((answer) => Promise.race([answer, closed])));
  clearTimeout(timer);
  const seen = new Set<string>();
  const chunks = settled.flatMap((each) => each ?? []).filter((chunk) => !seen.has(chunk.key) && seen.add(chunk.key));
  return { chunks, asked, late: pending };
}

/** The chunks of one symbol's definitions in other files that may enter a prompt. */
async function resolve(identifier: NearIdentifier, input: GatherInput): Promise<SourcedChunk[]> {
  const locations = await input.lookup.find(identifier);
  const chunks: SourcedChunk[] = [];
  for (const location of locations) {
    // The current file's own definitions are in its windows, or far from the cursor; other files are what is missing.
    if (location.filePath === input.currentPath || input.isExcluded(location.filePath)) continue;
    const lines = await location.read();
    if (location.startLine >= lines.lineCount) continue;
    const snippet = definitionSnippet(lines, location.startLine);
    chunks.push(definitionChunk({ filePath: location.filePath, symbol: identifier.name, startLine: location.startLine, ...snippet }, input.estimate, input.now));
  }
  return chunks;
}
