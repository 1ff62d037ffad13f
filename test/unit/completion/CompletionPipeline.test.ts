import * as assert from 'node:assert/strict';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { MAX_ALTERNATIVES } from '../../../src/completion/fetchSuggestions';
import { estimateTokens } from '../../../src/completion/tokens';
import { harness, inputAt } from './harness';

describe('CompletionPipeline', () => {
  it('answers a state seen before from the cache', async () => {
    const { pipeline, engine } = harness((request) => (request.prefix.endsWith('a') ? ' + b;' : 'a + b;'), { prefetch: false });
    await pipeline.provide(inputAt('return ║'));
    await pipeline.provide(inputAt('return x║'));
    const again = await pipeline.provide(inputAt('return ║'));
    assert.equal(again.outcome, 'cache');
    assert.equal(again.items[0]?.insertText, 'a + b;');
    assert.equal(engine.requestCount, 2);
    assert.equal(pipeline.counters.cacheHits, 1);
  });

  it('asks for one line mid-line (stop at newline) and several on an empty line', async () => {
    const { pipeline, engine } = harness(() => 'x;\ny;', { prefetch: false });
    assert.equal((await pipeline.provide(inputAt('return ║'))).items[0]?.insertText, 'x;');
    assert.deepEqual(engine.requests[0]!.stop, ['\n']);
    assert.equal((await pipeline.provide(inputAt('a();\n║'))).items[0]?.insertText, 'x;\ny;');
    assert.equal(engine.requests[1]!.stop, undefined);
  });

  it('offers the answer and its other shape on an explicit request, and asks the engine no sampled duplicate', async () => {
    const answers = ['first();\n  second();', 'other();'];
    let call = 0;
    const { pipeline, engine } = harness(() => answers[call++ % answers.length]!, { prefetch: false });
    const response = await pipeline.provide(inputAt('function f() {\n  ║\n}', { trigger: 'explicit' }));
    assert.deepEqual(response.items.map((item) => item.insertText), ['first();\n  second();', 'first();']);
    assert.equal(response.items.length, MAX_ALTERNATIVES);
    assert.equal(engine.requestCount, 1, 'the first-line alternative needs no request, and nothing is sampled');

    const single = harness(() => answers[call++ % answers.length]!, { prefetch: false });
    const line = await single.pipeline.provide(inputAt('const total = ║', { trigger: 'explicit' }));
    assert.equal(single.engine.requestCount, 2, 'one line, then several');
    assert.ok(line.items.length <= MAX_ALTERNATIVES);
    assert.ok(single.engine.requests.every((request) => (request as { temperature?: number }).temperature === undefined));
  });

  it('writes one record per request with its outcome and prompt statistics', async () => {
    const { pipeline, records, clock } = harness(() => '1;', { prefetch: false });
    await pipeline.provide(inputAt('const a = ║'));
    clock.advance(10);
    await pipeline.provide(inputAt('const a = 1║'));
    await pipeline.provide(inputAt('x║y'));
    assert.deepEqual(records.map((record) => record.outcome), ['shown', 'typedThrough', 'skipped']);
    assert.equal(records[0]!.engineRequests, 1);
    assert.equal(records[0]!.promptTokensEvaluated, 'const a = '.length);
    assert.equal(records[0]!.timeToFirstTokenMs, 5);
    assert.equal(records[1]!.at, 1_010);
    assert.equal(records[2]!.reason, 'textAfterCursor');
    assert.deepEqual(pipeline.counters, { requests: 3, engineRequests: 1, cacheHits: 0, typedThroughHits: 1, prefetches: 0, readAheads: 0, contextChanges: 0, skipped: 1, errors: 0 });
  });

  it('reports cancellation and engine errors without caching them', async () => {
    const { pipeline, records } = harness(() => 'x', { prefetch: false });
    const controller = new AbortController();
    controller.abort();
    assert.equal((await pipeline.provide(inputAt('a = ║', { signal: controller.signal }))).outcome, 'cancelled');
    const failing = harness(() => {
      throw new Error('model crashed');
    });
    const response = await failing.pipeline.provide(inputAt('a = ║'));
    assert.deepEqual([response.outcome, response.error], ['error', 'model crashed']);
    assert.equal(records[0]!.outcome, 'cancelled');
    assert.equal(failing.pipeline.counters.errors, 1);
  });

  it('records a suggestion the filters emptied as filteredEmpty', async () => {
    const { pipeline } = harness(() => '<|endoftext|>', { prefetch: false });
    assert.equal((await pipeline.provide(inputAt('a = ║'))).outcome, 'filteredEmpty');
  });

  it('extends the suggest widget\'s selected item, replacing from where it starts', async () => {
    const { pipeline, engine } = harness(() => '(items);', { prefetch: false });
    const selected = { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 9 } }, text: 'console' };
    const response = await pipeline.provide(inputAt('return co║', { selected }));
    assert.equal(engine.requests[0]!.prefix, 'return console');
    assert.deepEqual(response.items[0], { insertText: 'console(items);', range: { start: { line: 0, character: 7 }, end: { line: 0, character: 9 } } });
  });

  it('sends extra context from other files, never from excluded ones, with a stable cache key', async () => {
    let exclude: string[] = [];
    const ring = new ExtraContextRing({ isExcluded: (path) => exclude.some((glob) => path.endsWith(glob)), estimate: estimateTokens });
    const { pipeline, engine } = harness(() => 'x', { prefetch: false }, { extraContext: ring });
    ring.add('src/util.ts', 'export const TAX = 0.2;\nexport const FEE = 1;');
    ring.add('src/file.ts', 'the current file itself');
    await pipeline.provide(inputAt('a = ║'));
    assert.deepEqual(engine.requests[0]!.extra, [{ filePath: 'src/util.ts', text: 'export const TAX = 0.2;\nexport const FEE = 1;' }]);
    await pipeline.provide(inputAt('a = ║'));
    assert.equal(engine.requestCount, 1, 'unchanged chunks keep the cache key');
    exclude = ['util.ts'];
    await pipeline.provide(inputAt('b = ║'));
    assert.equal(engine.requests[1]!.extra, undefined);
  });
});
