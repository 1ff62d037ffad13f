// The stats panel's numbers from request records: what a user reads as acceptance, latency and hit rates.
import * as assert from 'node:assert/strict';
import { percentile } from '../../../src/stats/percentile';
import { summarize } from '../../../src/stats/summarize';
import { toStatsRecord } from '../../../src/stats/types';
import { record } from './records';

describe('summarize', () => {
  const records = [
    record('shown', 400),
    record('shown', 600),
    record('shown', 2500),
    record('cache', 5),
    record('typedThrough', 2),
    record('typedThrough', 3),
    record('skipped', 0, { reason: 'excluded' }),
    record('filteredEmpty', 300),
    record('cancelled', 50),
    record('error', 10, { error: 'boom' }),
    record('prefetched', 700, { trigger: 'prefetch' }),
  ].map(toStatsRecord);

  it('counts acceptance against new suggestions (engine + cache), not typed-through repeats', () => {
    const summary = summarize(records, [], 2);
    assert.equal(summary.suggestionsShown, 4);
    assert.equal(summary.acceptanceRate, 0.5);
  });

  it('gives latency percentiles over answered requests, and separately for the engine', () => {
    const summary = summarize(records, [], 0);
    assert.deepEqual(summary.latencyMs, { p50: 5, p95: 2500 });
    assert.deepEqual(summary.engineLatencyMs, { p50: 600, p95: 2500 });
  });

  it('gives cache and typed-through hit rates over answered requests, and leaves prefetches out of them', () => {
    const summary = summarize(records, [], 0);
    assert.equal(summary.served, 6);
    assert.equal(summary.cacheHitRate, 1 / 6);
    assert.equal(summary.typedThroughRate, 2 / 6);
    assert.equal(summary.requests, 10);
    assert.equal(summary.prefetches, 1);
    assert.deepEqual([summary.skipped, summary.empty, summary.cancelled, summary.errors], [1, 1, 1, 1]);
  });

  it('measures decoding speed from the tokens after the first and prompt speed from the time to it', () => {
    const summary = summarize([], [
      { at: 1, generatedTokens: 11, decodeMs: 1000, promptTokens: 100, promptMs: 500 },
      { at: 2, generatedTokens: 21, decodeMs: 1000, promptTokens: 100, promptMs: 500 },
    ], 0);
    assert.equal(summary.tokensPerSecond, 15);
    assert.equal(summary.promptTokensPerSecond, 200);
  });

  it('puts every answered request in one latency bucket', () => {
    const summary = summarize(records, [], 0);
    assert.equal(summary.latencyHistogram.reduce((sum, bucket) => sum + bucket.count, 0), summary.served);
    assert.deepEqual(summary.latencyHistogram.map((bucket) => bucket.count), [3, 0, 1, 1, 0, 1, 0]);
  });

  it('shows nothing rather than zero when nothing was measured', () => {
    const summary = summarize([], [], 0);
    assert.equal(summary.acceptanceRate, undefined);
    assert.deepEqual(summary.latencyMs, {});
    assert.equal(summary.tokensPerSecond, undefined);
  });

  it('uses nearest-rank percentiles (a reported p95 is a latency someone saw)', () => {
    assert.equal(percentile([1, 2, 3, 4, 100], 95), 100);
    assert.equal(percentile([10, 20], 50), 10);
    assert.equal(percentile([], 50), undefined);
  });

  it('keeps no file names in what it stores', () => {
    assert.equal(JSON.stringify(records).includes('secret-project'), false);
  });
});
