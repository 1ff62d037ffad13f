// What a completion that was cancelled before it produced anything answers, on both sides of the process boundary.
import type { CompletionResult } from './types';

export function cancelledResult(): CompletionResult {
  return { text: '', stopReason: 'cancelled', prompt: { evaluated: 0, reused: 0 }, generatedTokens: 0, timeToFirstTokenMs: 0, totalMs: 0 };
}
