import * as assert from 'node:assert/strict';
import { completesTo } from './FakeEngine';
import { harness, inputAt } from './harness';

const LINE = 'const total = prices.reduce((sum, price) => sum + price, 0);';
const at = (typed: string) => inputAt(`function f(prices) {\n  ${typed}║\n}`);
const shown = (response: { items: { insertText: string }[] }) => response.items[0]?.insertText;

describe('typing through a suggestion', () => {
  it('serves the rest of the suggestion as the user types it, with no engine request', async () => {
    const { pipeline, engine } = harness(completesTo(LINE), { prefetch: false });
    assert.equal(shown(await pipeline.provide(at('const t'))), LINE.slice('const t'.length));
    for (const typed of ['const to', 'const tot', 'const total = ']) {
      const response = await pipeline.provide(at(typed));
      assert.equal(response.outcome, 'typedThrough');
      assert.equal(shown(response), LINE.slice(typed.length));
    }
    assert.equal(engine.requestCount, 1);
    assert.equal(pipeline.counters.typedThroughHits, 3);
  });

  it('serves the longer rest again after backspace, back to where it was shown', async () => {
    const { pipeline, engine } = harness(completesTo(LINE), { prefetch: false });
    await pipeline.provide(at('const t'));
    await pipeline.provide(at('const tota'));
    const back = await pipeline.provide(at('const t'));
    assert.equal(shown(back), LINE.slice('const t'.length));
    assert.equal(engine.requestCount, 1);
  });

  it('asks the engine again once the typing diverges from the suggestion', async () => {
    const { pipeline, engine } = harness(completesTo(LINE), { prefetch: false });
    await pipeline.provide(at('const t'));
    const response = await pipeline.provide(at('const tx'));
    assert.equal(engine.requestCount, 2);
    assert.notEqual(response.outcome, 'typedThrough');
  });

  it('keeps replacing the closers right of the cursor while typing through', async () => {
    const { pipeline } = harness(() => 'a, b)', { prefetch: false });
    await pipeline.provide(inputAt('call(║)'));
    const response = await pipeline.provide(inputAt('call(a║)'));
    assert.equal(response.outcome, 'typedThrough');
    assert.deepEqual(response.items[0], { insertText: ', b)', range: { start: { line: 0, character: 6 }, end: { line: 0, character: 7 } } });
  });
});
