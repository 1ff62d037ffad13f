// What a real model does at the limits, and what the user must see then: an answer cut by maxTokens or maxTime shows
// only its complete lines; a single line cut mid-way is not shown; a prompt the time ran out on shows nothing and
// says why; nothing cut by time is served again from the cache. The engine is a fake (no model runs in a unit test)
// that answers with the stop reason a real engine reports; the engine-process tests run the same through a model.
import * as assert from 'node:assert/strict';
import { completeLines } from '../../../src/completion/fetchSuggestions';
import { noSuggestionReason } from '../../../src/status/reasons';
import { harness, inputAt } from './harness';

const EMPTY_LINE_IN_FUNCTION = 'function total(items) {\n  ║\n}';
const MID_LINE = 'const total = ║';

describe('honest stops: answers cut by a limit', () => {
  it('keeps the complete lines of a multi-line answer cut by maxTokens, and drops its broken last line', async () => {
    const { pipeline } = harness(() => ({ text: 'let sum = 0;\n  for (const item of items) sum += item.price;\n  return tot', stopReason: 'maxTokens' }), { prefetch: false });
    const response = await pipeline.provide(inputAt(EMPTY_LINE_IN_FUNCTION));
    assert.equal(response.outcome, 'shown');
    assert.equal(response.items[0]?.insertText, 'let sum = 0;\n  for (const item of items) sum += item.price;');
  });

  it('does not show a single line cut mid-way, and says why', async () => {
    const { pipeline } = harness(() => ({ text: 'items.reduce((sum, item) => sum + it', stopReason: 'maxTokens' }), { prefetch: false });
    const response = await pipeline.provide(inputAt(MID_LINE));
    assert.equal(response.items.length, 0);
    assert.equal(response.outcome, 'cutShort');
    assert.match(noSuggestionReason(response) ?? '', /cut by pipit\.maxTokens or pipit\.maxTimeMs/);
  });

  it('caches an answer cut by maxTokens (the same cut every time) but never one cut by time', async () => {
    let stopReason: 'maxTokens' | 'maxTime' = 'maxTokens';
    const { pipeline, engine } = harness(() => ({ text: 'first();\n  second', stopReason }), { prefetch: false });
    const elsewhere = 'const other = ║';
    await pipeline.provide(inputAt(EMPTY_LINE_IN_FUNCTION));
    const otherFile = { uri: 'file:///work/src/other.ts', relativePath: 'src/other.ts' };
    await pipeline.provide(inputAt(elsewhere, otherFile));
    assert.equal((await pipeline.provide(inputAt(EMPTY_LINE_IN_FUNCTION))).outcome, 'cache');
    assert.equal(engine.requestCount, 2);

    stopReason = 'maxTime';
    const other = 'function other(items) {\n  ║\n}';
    assert.equal((await pipeline.provide(inputAt(other))).items[0]?.insertText, 'first();', 'shown without its broken line');
    await pipeline.provide(inputAt('let third = ║', otherFile));
    assert.equal((await pipeline.provide(inputAt(other))).outcome, 'shown', 'asked again: not from the cache');
    assert.equal(engine.requestCount, 5);
  });

  it('shows nothing when the time ran out during the prompt, says why, and asks again next time', async () => {
    const { pipeline, engine } = harness(() => ({ text: '', stopReason: 'promptTimeout' }), { prefetch: false });
    const response = await pipeline.provide(inputAt(MID_LINE));
    assert.equal(response.outcome, 'promptTimeout');
    assert.match(noSuggestionReason(response) ?? '', /prompt took longer than pipit\.maxTimeMs/);
    await pipeline.provide(inputAt(MID_LINE));
    assert.equal(engine.requestCount, 2, 'an empty answer because time ran out is not cached');
  });

  it('caches an answer the model ended itself, empty ones too', async () => {
    const { pipeline, engine } = harness(() => '', { prefetch: false });
    await pipeline.provide(inputAt(MID_LINE));
    assert.equal((await pipeline.provide(inputAt(MID_LINE))).outcome, 'cache');
    assert.equal(engine.requestCount, 1);
  });

  it('cuts at the last line break only for answers a limit cut', () => {
    assert.equal(completeLines('a\nb', 'eos'), 'a\nb');
    assert.equal(completeLines('a\nb', 'stopSequence'), 'a\nb');
    assert.equal(completeLines('a\nb', 'maxTokens'), 'a');
    assert.equal(completeLines('a\nb', 'maxTime'), 'a');
    assert.equal(completeLines('ab', 'maxTime'), undefined);
  });
});
