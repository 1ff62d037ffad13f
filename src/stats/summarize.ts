// Aggregates request records and generation samples into what the stats panel shows. Pure.
//
// Acceptance: VS Code runs an InlineCompletionItem's `command` after the user accepts the whole item (Tab), and
// nothing at all when it is dismissed; the provider attaches `pipit.accepted` to every item, and each call counts
// one acceptance. The denominator is the suggestions that were new to the user (`shown` from the engine and
// `cache` hits); typed-through continuations are the same suggestion shown again, so they do not count twice.
import { percentile } from './percentile';
import type { GenerationSample, StatsRecord } from './types';

export interface Percentiles {
  p50?: number;
  p95?: number;
}

export interface HistogramBucket {
  label: string;
  /** Upper bound in ms (Infinity for the last bucket). */
  upToMs: number;
  count: number;
}

export interface StatsSummary {
  /** Clock time of the oldest record kept. */
  since?: number;
  /** Requests VS Code made (prefetches excluded). */
  requests: number;
  /** Requests answered with a suggestion: from the engine, the cache, or typed through. */
  served: number;
  /** New suggestions put in front of the user (engine + cache). */
  suggestionsShown: number;
  accepted: number;
  acceptanceRate?: number;
  /** Time to a suggestion for served requests. */
  latencyMs: Percentiles;
  /** The same for requests the engine answered (no cache). */
  engineLatencyMs: Percentiles;
  cacheHitRate?: number;
  typedThroughRate?: number;
  /** Decoding speed over all samples (tokens after the first / time after the first). */
  tokensPerSecond?: number;
  /** Prompt tokens evaluated per second of time-to-first-token. */
  promptTokensPerSecond?: number;
  skipped: number;
  empty: number;
  cancelled: number;
  errors: number;
  prefetches: number;
  latencyHistogram: HistogramBucket[];
}

const BUCKETS: readonly [string, number][] = [
  ['<100 ms', 100],
  ['100–250', 250],
  ['250–500', 500],
  ['0.5–1 s', 1000],
  ['1–2 s', 2000],
  ['2–4 s', 4000],
  ['>4 s', Infinity],
];

export function summarize(records: readonly StatsRecord[], samples: readonly GenerationSample[], accepted: number): StatsSummary {
  // What the user asked for: not prefetches, not prompts read ahead where the cursor rests.
  const user = records.filter((record) => record.trigger === 'automatic' || record.trigger === 'explicit');
  const count = (outcome: StatsRecord['outcome']) => user.filter((record) => record.outcome === outcome).length;
  const servedRecords = user.filter((record) => record.outcome === 'shown' || record.outcome === 'cache' || record.outcome === 'typedThrough');
  const shown = count('shown');
  const cache = count('cache');
  const typed = count('typedThrough');
  const suggestionsShown = shown + cache;
  const served = servedRecords.length;
  const latencies = servedRecords.map((record) => record.totalMs);
  const engineLatencies = user.filter((record) => record.outcome === 'shown').map((record) => record.totalMs);
  const decodeTokens = samples.reduce((sum, sample) => sum + Math.max(0, sample.generatedTokens - 1), 0);
  const decodeMs = samples.reduce((sum, sample) => sum + sample.decodeMs, 0);
  const promptTokens = samples.reduce((sum, sample) => sum + sample.promptTokens, 0);
  const promptMs = samples.reduce((sum, sample) => sum + sample.promptMs, 0);
  return {
    ...(records.length ? { since: Math.min(...records.map((record) => record.at)) } : {}),
    requests: user.length,
    served,
    suggestionsShown,
    accepted,
    ...(suggestionsShown ? { acceptanceRate: Math.min(1, accepted / suggestionsShown) } : {}),
    latencyMs: percentiles(latencies),
    engineLatencyMs: percentiles(engineLatencies),
    ...(served ? { cacheHitRate: cache / served, typedThroughRate: typed / served } : {}),
    ...(decodeMs > 0 && decodeTokens > 0 ? { tokensPerSecond: (decodeTokens / decodeMs) * 1000 } : {}),
    ...(promptMs > 0 && promptTokens > 0 ? { promptTokensPerSecond: (promptTokens / promptMs) * 1000 } : {}),
    skipped: count('skipped'),
    empty: count('filteredEmpty'),
    cancelled: count('cancelled'),
    errors: count('error'),
    prefetches: records.length - user.length,
    latencyHistogram: BUCKETS.map(([label, upToMs], index) => {
      const from = index === 0 ? -Infinity : BUCKETS[index - 1]![1];
      return { label, upToMs, count: latencies.filter((ms) => ms >= from && ms < upToMs).length };
    }),
  };
}

function percentiles(values: number[]): Percentiles {
  const p50 = percentile(values, 50);
  const p95 = percentile(values, 95);
  return { ...(p50 !== undefined ? { p50 } : {}), ...(p95 !== undefined ? { p95 } : {}) };
}
