// Reading ahead where the cursor rests (CompletionPipeline.warm): the engine reads the place's prompt and generates
// nothing; the first keystroke there then asks for a prompt that extends the one read; any request stops the read.
import * as assert from 'node:assert/strict';
import { harness, inputAt, settle } from './harness';

const PLACE = 'function total(items) {\n  let sum = 0;\n  ║\n}\n';
const TYPED = 'function total(items) {\n  let sum = 0;\n  f║\n}\n';

describe('reading ahead where the cursor rests', () => {
  it('asks the engine to read the prompt and generate nothing, and shows and caches nothing', async () => {
    const { pipeline, engine, records } = harness(() => 'for (const item of items) sum += item;', { prefetch: false });
    await pipeline.warm(inputAt(PLACE));
    assert.equal(engine.requestCount, 1);
    assert.equal(engine.asked[0]!.maxTokens, 0, 'read only');
    assert.equal(records[0]!.trigger, 'rest');
    assert.equal(records[0]!.outcome, 'warmed');
    assert.equal((await pipeline.provide(inputAt(PLACE))).outcome, 'shown', 'the place is asked for, not served from a cache');
  });

  it('starts the typing run where the cursor rests, so the first keystroke extends the prompt read', async () => {
    const { pipeline, engine } = harness(() => 'x', { prefetch: false });
    await pipeline.warm(inputAt(PLACE));
    await pipeline.provide(inputAt(TYPED));
    const [read, typed] = engine.asked;
    assert.equal(typed!.prefix, read!.prefix);
    assert.equal(typed!.suffix, read!.suffix);
    assert.equal(typed!.middle, `${read!.middle}f`);
  });

  it('is stopped by the next request', async () => {
    const { pipeline, engine } = harness(() => 'x', { prefetch: false });
    engine.holdRequest(0);
    const reading = pipeline.warm(inputAt(PLACE));
    await settle();
    const typed = pipeline.provide(inputAt(TYPED));
    engine.release();
    await Promise.all([reading, typed]);
    assert.equal(engine.asked.length, 2);
    assert.equal(engine.cancelled[0], true, 'the read ahead was aborted when the keystroke came');
  });

  it('reads nothing where no suggestion would be asked for (a file turned off)', async () => {
    const { pipeline, engine } = harness(() => 'x', { enable: false });
    await pipeline.warm(inputAt(PLACE));
    assert.equal(engine.requestCount, 0);
  });

  it('never starts while a request is in flight: the engine would stop that request for it', async () => {
    const { pipeline, engine } = harness(() => 'x', { prefetch: false });
    engine.holdRequest(0);
    const typed = pipeline.provide(inputAt(TYPED));
    await settle();
    await pipeline.warm(inputAt(PLACE));
    engine.release();
    assert.equal((await typed).outcome, 'shown');
    assert.equal(engine.asked.length, 1, 'no read-ahead was sent');
  });
});
