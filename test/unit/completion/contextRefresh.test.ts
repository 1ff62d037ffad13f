// New extra context enters the prompt at a pause and is read then, in the background: keystrokes before the pause keep
// the chunks their KV cache holds, and the keystroke after it asks for a prompt that extends the one read.
import * as assert from 'node:assert/strict';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { PromptContext } from '../../../src/completion/PromptContext';
import { estimateTokens } from '../../../src/completion/tokens';
import { harness, inputAt, settle } from './harness';

const UTIL = 'export const TAX = 0.2;\nexport const FEE = 1;';
const OTHER = 'export function round(value: number) {\n  return Math.round(value * 100) / 100;\n}';

function setup() {
  const ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens });
  const context = new PromptContext({ ring, isExcluded: () => false, now: () => 0 });
  const parts = harness(() => 'x', { prefetch: false }, { extraContext: context });
  return { ring, context, ...parts };
}

describe('extra context at a pause', () => {
  it('keeps the chunks of the prompt while typing, even when a new one arrives', async () => {
    const { ring, pipeline, engine } = setup();
    ring.add('src/util.ts', UTIL);
    await pipeline.refreshContext(inputAt('total = ║'));
    await pipeline.provide(inputAt('total = a║'));
    ring.add('src/other.ts', OTHER);
    await pipeline.provide(inputAt('total = am║'));
    const typed = engine.asked.filter((request) => request.maxTokens > 0);
    assert.deepEqual(typed.map((request) => request.extra?.map((chunk) => chunk.filePath)), [['src/util.ts'], ['src/util.ts']]);
  });

  it('adds the new chunk at the pause after the ones there, and reads the new prompt in the background', async () => {
    const { ring, pipeline, engine } = setup();
    ring.add('src/util.ts', UTIL);
    await pipeline.refreshContext(inputAt('total = ║'));
    ring.add('src/other.ts', OTHER);
    assert.equal(await pipeline.refreshContext(inputAt('total = a║')), 'refreshed');
    const read = engine.asked[engine.asked.length - 1]!;
    assert.equal(read.maxTokens, 0, 'read only, nothing generated');
    assert.deepEqual(read.extra?.map((chunk) => chunk.filePath), ['src/util.ts', 'src/other.ts']);
    assert.equal(pipeline.counters.readAheads, 0, 'not counted as a jump read-ahead');
    await pipeline.provide(inputAt('total = am║'));
    const next = engine.asked[engine.asked.length - 1]!;
    assert.deepEqual(next.extra, read.extra, 'the keystroke after the pause sends the chunks that were read');
    assert.equal(next.prefix, read.prefix);
    assert.equal(next.middle, `${read.middle}m`, 'and only its own new text after them');
  });

  it('reads nothing at a pause that brings nothing new', async () => {
    const { ring, pipeline, engine } = setup();
    ring.add('src/util.ts', UTIL);
    await pipeline.refreshContext(inputAt('total = ║'));
    const asked = engine.asked.length;
    assert.equal(await pipeline.refreshContext(inputAt('total = ║')), 'unchanged');
    assert.equal(engine.asked.length, asked);
  });

  it('waits for a request in flight instead of changing the prompt under it, then refreshes when it ends', async () => {
    const { ring, pipeline, engine } = setup();
    engine.holdRequest(0);
    const typing = pipeline.provide(inputAt('total = a║'));
    await settle();
    ring.add('src/util.ts', UTIL);
    assert.equal(await pipeline.refreshContext(inputAt('total = a║')), 'busy');
    assert.equal(engine.asked.length, 1, 'nothing read while the request runs');
    engine.release();
    await typing;
    await settle();
    assert.equal(pipeline.counters.contextChanges, 1);
    const read = engine.asked[1]!;
    assert.equal(read.maxTokens, 0);
    assert.deepEqual(read.extra?.map((chunk) => chunk.filePath), ['src/util.ts']);
  });

  it('drops a waiting refresh when a key comes first: the pause is over', async () => {
    const { ring, pipeline, engine } = setup();
    engine.holdRequest(0);
    const typing = pipeline.provide(inputAt('total = a║'));
    await settle();
    ring.add('src/util.ts', UTIL);
    await pipeline.refreshContext(inputAt('total = a║'));
    const next = pipeline.provide(inputAt('total = am║'));
    engine.release();
    await Promise.all([typing, next]);
    await settle();
    assert.equal(pipeline.counters.contextChanges, 0);
    assert.ok(engine.asked.every((request) => request.extra === undefined), 'the chunk waits for the next pause');
  });

  it('does nothing with extra context turned off', async () => {
    const ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens });
    const context = new PromptContext({ ring, isExcluded: () => false, now: () => 0 });
    const { pipeline, engine } = harness(() => 'x', { prefetch: false, extraContext: false }, { extraContext: context });
    ring.add('src/util.ts', UTIL);
    assert.equal(await pipeline.refreshContext(inputAt('total = ║')), 'off');
    await pipeline.provide(inputAt('total = a║'));
    assert.equal(engine.asked[0]!.extra, undefined);
  });

  it('brings new context in at a jump read-ahead too: the whole prompt is read then anyway', async () => {
    const { ring, pipeline, engine } = setup();
    ring.add('src/util.ts', UTIL);
    await pipeline.warm(inputAt('total = ║'));
    assert.deepEqual(engine.asked[0]!.extra?.map((chunk) => chunk.filePath), ['src/util.ts']);
    assert.equal(pipeline.counters.contextChanges, 1);
  });
});
