// Request records as the pipeline writes them, with only what a test cares about spelled out.
import type { RequestRecord } from '../../../src/completion/types';

let clock = 1_700_000_000_000;

export function record(outcome: RequestRecord['outcome'], totalMs: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  clock += 1000;
  return {
    at: clock,
    uri: 'file:///work/secret-project/app.ts',
    languageId: 'typescript',
    trigger: 'automatic',
    outcome,
    engineRequests: outcome === 'shown' ? 1 : 0,
    promptTokensEvaluated: outcome === 'shown' ? 20 : 0,
    promptTokensReused: 0,
    totalMs,
    items: outcome === 'shown' || outcome === 'cache' || outcome === 'typedThrough' ? 1 : 0,
    ...extra,
  };
}
