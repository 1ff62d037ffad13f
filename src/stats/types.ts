// What the stats keep: a compact copy of each request record (no file names: stats stay on this machine and say
// nothing about which code was open) and one sample per engine generation, for the speed.
import type { Outcome, RequestRecord } from '../completion/types';

export interface StatsRecord {
  at: number;
  outcome: Outcome;
  trigger: RequestRecord['trigger'];
  totalMs: number;
  engineRequests: number;
  promptTokensEvaluated: number;
  timeToFirstTokenMs?: number;
}

/** One engine generation, measured around `CompletionEngine.complete`. */
export interface GenerationSample {
  at: number;
  generatedTokens: number;
  /** Time from the first token to the last: what decoding speed is measured over. */
  decodeMs: number;
  promptTokens: number;
  /** Time to the first token: mostly prompt evaluation. */
  promptMs: number;
}

export function toStatsRecord(record: RequestRecord): StatsRecord {
  return {
    at: record.at,
    outcome: record.outcome,
    trigger: record.trigger,
    totalMs: record.totalMs,
    engineRequests: record.engineRequests,
    promptTokensEvaluated: record.promptTokensEvaluated,
    ...(record.timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs: record.timeToFirstTokenMs } : {}),
  };
}
