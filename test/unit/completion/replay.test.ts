import * as assert from 'node:assert/strict';
import { completesTo } from './FakeEngine';
import { harness, inputAt, settle } from './harness';

// Replays typing one line character by character, as the benchmark will: the pipeline is driven from plain
// (text, cursor) states, and typed-through reuse and the cache must answer almost every keystroke.
describe('replay: typing a line character by character', () => {
  it('asks the engine only a few times for a whole line', async () => {
    const line = 'const total = prices.reduce((sum, price) => sum + price, 0);';
    const { pipeline, engine, records } = harness(completesTo(line));
    for (let typed = 1; typed <= line.length; typed++) {
      const response = await pipeline.provide(inputAt(`function f(prices) {\n  ${line.slice(0, typed)}║\n}`));
      if (typed < line.length) assert.equal(response.items[0]?.insertText, line.slice(typed), `after ${typed} characters`);
      await settle();
    }
    const foreground = records.filter((record) => record.trigger !== 'prefetch');
    assert.equal(foreground.length, line.length, 'one record per keystroke');
    // One request for the first keystroke, one prefetch for the state after the line; nothing else.
    assert.equal(engine.requestCount, 2, `${engine.requestCount} engine requests for ${line.length} keystrokes`);
    assert.equal(pipeline.counters.typedThroughHits, line.length - 2);
    assert.equal(foreground[foreground.length - 1]!.outcome, 'cache', 'the end of the line was prefetched');
  });
});
