import * as assert from 'node:assert/strict';
import { harness, inputAt, settle } from './harness';

// The fake engine answers by the last line of the prefix, like a model that knows what comes next.
const NEXT: Record<string, string> = {
  '  const a = 1;': '\n  const b = 2;',
  '  const b = 2;': '\n  return a + b;',
};
const script = (request: { prefix: string }) => NEXT[request.prefix.split('\n').pop()!] ?? '';

describe('prefetch', () => {
  it('serves the suggestion after an accepted one from the cache, with no new engine request', async () => {
    const { pipeline, engine, records } = harness(script, { multiline: 'always' });
    const first = await pipeline.provide(inputAt('function f() {\n  const a = 1;║\n}'));
    assert.equal(first.items[0]?.insertText, '\n  const b = 2;');
    await settle();
    assert.equal(engine.requestCount, 2, 'one request shown, one prefetched');
    // The user accepts (Tab) and pauses: VS Code asks at the end of the accepted text.
    const next = await pipeline.provide(inputAt('function f() {\n  const a = 1;\n  const b = 2;║\n}'));
    assert.equal(next.outcome, 'cache');
    assert.equal(next.items[0]?.insertText, '\n  return a + b;');
    assert.ok(records.some((record) => record.trigger === 'prefetch' && record.outcome === 'prefetched'));
  });

  it('waits for a prefetch still running for the same state instead of asking again', async () => {
    const { pipeline, engine } = harness(script, { multiline: 'always' });
    engine.holdRequest(1);
    await pipeline.provide(inputAt('function f() {\n  const a = 1;║\n}'));
    const next = pipeline.provide(inputAt('function f() {\n  const a = 1;\n  const b = 2;║\n}'));
    await settle();
    engine.release();
    assert.equal((await next).items[0]?.insertText, '\n  return a + b;');
    const asked = engine.requests.filter((request) => request.prefix.endsWith('const b = 2;'));
    assert.equal(asked.length, 1, 'the state after accepting was asked for once, by the prefetch');
  });

  it('is cancelled by a newer engine request for another state', async () => {
    const { pipeline, engine, records } = harness(script, { multiline: 'always' });
    engine.holdRequest(1);
    await pipeline.provide(inputAt('function f() {\n  const a = 1;║\n}'));
    const other = pipeline.provide(inputAt('function g() {\n  ║\n}'));
    engine.release();
    await other;
    await settle();
    assert.ok(records.some((record) => record.trigger === 'prefetch' && record.outcome === 'cancelled'));
    assert.equal(pipeline.counters.cacheHits, 0);
  });

  it('does nothing when pipit.prefetch is off', async () => {
    const { pipeline, engine } = harness(script, { multiline: 'always', prefetch: false });
    await pipeline.provide(inputAt('function f() {\n  const a = 1;║\n}'));
    await settle();
    assert.equal(engine.requestCount, 1);
  });
});
