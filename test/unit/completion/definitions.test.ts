// Definitions near the cursor: which symbols are asked about, how much of a definition becomes a chunk, and the
// time-boxed, cached gathering (a language server stands in as a scripted lookup: none runs in plain Node).
import * as assert from 'node:assert/strict';
import { DefinitionCache, definitionSnippet, identifiersNear } from '../../../src/completion/definitions';
import { gatherDefinitions, type DefinitionLookup, type GatherInput } from '../../../src/completion/gatherDefinitions';
import { GEOMETRY_SOURCE as GEOMETRY } from './geometrySource';
import { linesOf } from './textOf';
import { estimateTokens } from '../../../src/completion/tokens';

const MAIN = ['import { distance, ORIGIN } from "./geometry";', 'const here = ORIGIN;', 'const far = distance(here, '].join('\n');

/** The language server, scripted: definitions of `distance`, `Point` and `ORIGIN` in src/geometry.ts. */
function scriptedLookup(delayMs = 0): DefinitionLookup & { asked: string[] } {
  const lines: Record<string, number> = { distance: 5, ORIGIN: 9, Point: 0 };
  const asked: string[] = [];
  return {
    asked,
    async find(identifier) {
      asked.push(identifier.name);
      if (delayMs) await new Promise((done) => setTimeout(done, delayMs));
      const line = lines[identifier.name];
      return line === undefined ? [] : [{ filePath: 'src/geometry.ts', startLine: line, read: () => linesOf(GEOMETRY) }];
    },
  };
}

const input = (lookup: DefinitionLookup, overrides: Partial<GatherInput> = {}): GatherInput => ({
  document: linesOf(MAIN),
  position: { line: 2, character: 27 },
  uri: 'file:///w/src/main.ts',
  version: 1,
  currentPath: 'src/main.ts',
  lookup,
  cache: new DefinitionCache(),
  estimate: estimateTokens,
  isExcluded: () => false,
  now: 0,
  timeBoxMs: 1000,
  ...overrides,
});

describe('definitions near the cursor', () => {
  it('asks about the identifiers of the cursor line first, nearest the cursor, then the lines above, without keywords or strings', () => {
    const names = identifiersNear(linesOf(MAIN), { line: 2, character: 27 }).map((each) => each.name);
    assert.deepEqual(names, ['here', 'distance', 'far', 'ORIGIN']);
  });

  it('takes a definition with its block and closing line, and a one-line definition alone', () => {
    const lines = linesOf(GEOMETRY);
    assert.deepEqual(definitionSnippet(lines, 0).text.split('\n'), ['export interface Point {', '  x: number;', '  y: number;', '}']);
    assert.equal(definitionSnippet(lines, 9).text, 'export const ORIGIN: Point = { x: 0, y: 0 };');
    assert.equal(definitionSnippet(lines, 5, 2).text.split('\n').length, 2, 'cut at maxLines');
  });

  it('turns definitions in other files into chunks labelled with their path, and skips excluded and current files', async () => {
    const gathered = await gatherDefinitions(input(scriptedLookup()));
    assert.deepEqual(gathered.chunks.map((chunk) => [chunk.filePath, chunk.origin.kind === 'definition' && chunk.origin.symbol]), [
      ['src/geometry.ts', 'distance'],
      ['src/geometry.ts', 'ORIGIN'],
    ]);
    assert.match(gathered.chunks[0]!.text, /^export function distance\(a: Point, b: Point\): number \{/);
    const excluded = await gatherDefinitions(input(scriptedLookup(), { isExcluded: (path) => path === 'src/geometry.ts' }));
    assert.deepEqual(excluded.chunks, []);
    const inItself = await gatherDefinitions(input(scriptedLookup(), { currentPath: 'src/geometry.ts' }));
    assert.deepEqual(inItself.chunks, []);
  });

  it('asks the language server nothing again for the same document version, and again once it changed', async () => {
    const lookup = scriptedLookup();
    const cache = new DefinitionCache();
    await gatherDefinitions(input(lookup, { cache }));
    const first = lookup.asked.length;
    const again = await gatherDefinitions(input(lookup, { cache }));
    assert.equal(lookup.asked.length, first, 'served from the cache');
    assert.equal(again.asked, 0);
    assert.equal(again.chunks.length, 2);
    await gatherDefinitions(input(lookup, { cache, version: 2 }));
    assert.equal(lookup.asked.length, first * 2);
  });

  it('answers within its time box, and keeps what came late for the next pause', async () => {
    const lookup = scriptedLookup(60);
    const cache = new DefinitionCache();
    const boxed = await gatherDefinitions(input(lookup, { cache, timeBoxMs: 5 }));
    assert.deepEqual(boxed.chunks, [], 'nothing answered within the box');
    assert.ok(boxed.late > 0);
    await new Promise((done) => setTimeout(done, 120));
    const next = await gatherDefinitions(input(lookup, { cache, timeBoxMs: 5 }));
    assert.equal(next.chunks.length, 2, 'the late answers were cached');
    assert.equal(next.asked, 0);
  });
});
