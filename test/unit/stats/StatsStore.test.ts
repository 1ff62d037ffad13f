// Stats survive a restart through their JSON form, stay bounded, and are measured around the engine.
import * as assert from 'node:assert/strict';
import type { CompletionEngine, CompletionResult } from '../../../src/engine/types';
import { meteredEngine } from '../../../src/stats/meteredEngine';
import { MAX_RECORDS, StatsStore } from '../../../src/stats/StatsStore';
import type { GenerationSample } from '../../../src/stats/types';
import { record } from './records';

const result = (overrides: Partial<CompletionResult> = {}): CompletionResult => ({
  text: 'x',
  stopReason: 'eos',
  prompt: { evaluated: 30, reused: 100 },
  generatedTokens: 11,
  timeToFirstTokenMs: 150,
  totalMs: 650,
  ...overrides,
});

describe('StatsStore', () => {
  it('comes back after a restart from what globalState kept', () => {
    const store = new StatsStore();
    store.addRecord(record('shown', 300));
    store.addRecord(record('cache', 4));
    store.accepted();
    const restored = new StatsStore(JSON.parse(JSON.stringify(store.toJSON())));
    assert.deepEqual(restored.summary(), store.summary());
    assert.equal(restored.summary().accepted, 1);
  });

  it('starts afresh from a damaged saved value instead of failing', () => {
    for (const saved of [undefined, null, 'nonsense', { version: 2 }, { version: 1, records: 'x', samples: [] }]) {
      assert.equal(new StatsStore(saved).summary().requests, 0);
    }
  });

  it('keeps only the most recent records', () => {
    const store = new StatsStore();
    for (let i = 0; i < MAX_RECORDS + 50; i++) store.addRecord(record('shown', i));
    assert.equal(store.toJSON().records.length, MAX_RECORDS);
    assert.equal(store.toJSON().records[0]!.totalMs, 50);
  });

  it('tells listeners about every change, and Reset forgets everything', () => {
    const store = new StatsStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    store.addRecord(record('shown', 1));
    store.accepted();
    store.reset();
    assert.equal(changes, 3);
    assert.equal(store.summary().requests, 0);
    assert.equal(store.summary().accepted, 0);
  });
});

describe('meteredEngine', () => {
  it('samples each finished generation and passes the result through unchanged', async () => {
    const samples: GenerationSample[] = [];
    const answer = result();
    const inner: CompletionEngine = { complete: async () => answer };
    const engine = meteredEngine(inner, (sample) => samples.push(sample), () => 42);
    assert.equal(await engine.complete({ prefix: 'a', suffix: '', maxTokens: 8, maxTimeMs: 100 }), answer);
    assert.deepEqual(samples, [{ at: 42, generatedTokens: 11, decodeMs: 500, promptTokens: 30, promptMs: 150 }]);
  });

  it('does not sample cancelled or one-token answers, which say nothing about speed', async () => {
    const samples: GenerationSample[] = [];
    let next = result({ stopReason: 'cancelled' });
    const engine = meteredEngine({ complete: async () => next }, (sample) => samples.push(sample));
    await engine.complete({ prefix: '', suffix: '', maxTokens: 1, maxTimeMs: 1 });
    next = result({ generatedTokens: 1 });
    await engine.complete({ prefix: '', suffix: '', maxTokens: 1, maxTimeMs: 1 });
    assert.deepEqual(samples, []);
  });

  it('lets engine errors through to the pipeline', async () => {
    const engine = meteredEngine({ complete: async () => Promise.reject(new Error('model gone')) }, () => assert.fail('no sample'));
    await assert.rejects(engine.complete({ prefix: '', suffix: '', maxTokens: 1, maxTimeMs: 1 }), /model gone/);
  });
});
