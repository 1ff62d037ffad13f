// Which chunks of other files the prompt holds after a pause: the most valuable that fit the budget, with the ones
// already in the prompt keeping their places (the engine's KV cache keeps everything before the first change).
import * as assert from 'node:assert/strict';
import { selectChunks } from '../../../src/completion/chunkSelection';
import type { ChunkOrigin, SourcedChunk } from '../../../src/completion/contextSources';
import { EDITED_RECENTLY_MS } from '../../../src/completion/contextSources';

const NOW = 10 * 60_000;
const chunk = (key: string, origin: Partial<ChunkOrigin> & { kind: ChunkOrigin['kind'] }, tokens = 100): SourcedChunk => ({
  key,
  filePath: `src/${key}.ts`,
  text: `// ${key}`,
  tokens,
  origin: { startLine: 0, endLine: 9, symbol: key, at: NOW - 1000, ...origin } as ChunkOrigin,
});
const keys = (chunks: SourcedChunk[]) => chunks.map((each) => each.key);

describe('choosing the extra-context chunks at a pause', () => {
  it('prefers definitions, then recent edits, then copied text, then visited files, when the budget is short', () => {
    const candidates = [
      chunk('visited', { kind: 'visited', at: NOW - 10 }),
      chunk('copied', { kind: 'copied' }),
      chunk('edited', { kind: 'edited' }),
      chunk('definition', { kind: 'definition' }),
    ];
    assert.deepEqual(keys(selectChunks({ candidates, current: [], tokenBudget: 250, now: NOW })).sort(), ['definition', 'edited']);
    assert.deepEqual(keys(selectChunks({ candidates, current: [], tokenBudget: 350, now: NOW })).sort(), ['copied', 'definition', 'edited']);
  });

  it('ranks an edit older than a few minutes as a visit, and a newer visit before it', () => {
    const candidates = [chunk('oldEdit', { kind: 'edited', at: NOW - EDITED_RECENTLY_MS - 1 }), chunk('visit', { kind: 'visited', at: NOW - 5 })];
    assert.deepEqual(keys(selectChunks({ candidates, current: [], tokenBudget: 100, now: NOW })), ['visit']);
  });

  it('never goes over the token budget, and fills what is left with a smaller chunk', () => {
    const candidates = [chunk('big', { kind: 'definition' }, 600), chunk('large', { kind: 'edited' }, 500), chunk('small', { kind: 'visited' }, 300)];
    const chosen = selectChunks({ candidates, current: [], tokenBudget: 1000, now: NOW });
    assert.deepEqual(keys(chosen).sort(), ['big', 'small']);
    assert.ok(chosen.reduce((sum, each) => sum + each.tokens, 0) <= 1000);
    assert.deepEqual(selectChunks({ candidates, current: [], tokenBudget: 0, now: NOW }), []);
  });

  it('keeps the chunks already in the prompt in their places and adds new ones after them', () => {
    const a = chunk('a', { kind: 'visited' });
    const b = chunk('b', { kind: 'visited', at: NOW - 500 });
    const definition = chunk('def', { kind: 'definition' });
    const chosen = selectChunks({ candidates: [definition, b, a], current: [a, b], tokenBudget: 1000, now: NOW });
    assert.deepEqual(keys(chosen), ['a', 'b', 'def'], 'a more valuable newcomer does not push in front of chunks the cache holds');
  });

  it('puts the most valuable newcomer last, nearest the code', () => {
    const chosen = selectChunks({ candidates: [chunk('visit', { kind: 'visited' }), chunk('def', { kind: 'definition' })], current: [], tokenBudget: 1000, now: NOW });
    assert.deepEqual(keys(chosen), ['visit', 'def']);
  });

  it('drops a chunk that lost its place to more valuable ones, keeping the order of the rest', () => {
    const a = chunk('a', { kind: 'visited', at: NOW - 900 });
    const b = chunk('b', { kind: 'visited', at: NOW - 100 });
    const definition = chunk('def', { kind: 'definition' });
    assert.deepEqual(keys(selectChunks({ candidates: [a, b, definition], current: [a, b], tokenBudget: 200, now: NOW })), ['b', 'def']);
  });

  it('takes the new text of a chunk that kept its key (a range edited again) in the same place', () => {
    const old = chunk('a', { kind: 'edited' });
    const renewed = { ...old, text: '// a, edited again' };
    const chosen = selectChunks({ candidates: [renewed, chunk('b', { kind: 'visited' })], current: [old], tokenBudget: 1000, now: NOW });
    assert.deepEqual(keys(chosen), ['a', 'b']);
    assert.equal(chosen[0]!.text, '// a, edited again');
  });
});
