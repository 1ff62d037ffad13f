// Measures every generation on its way back from the engine, without the pipeline knowing: the stats' tokens/s and
// the speed that `adaptSettings` reacts to come from here.
import type { CompletionEngine } from '../engine/types';
import type { GenerationSample } from './types';

export function meteredEngine(engine: CompletionEngine, onSample: (sample: GenerationSample) => void, now: () => number = Date.now): CompletionEngine {
  return {
    async complete(request, options) {
      const result = await engine.complete(request, options);
      // A cancelled or one-token answer says nothing about decoding speed.
      if (result.stopReason !== 'cancelled' && result.generatedTokens >= 2) {
        onSample({
          at: now(),
          generatedTokens: result.generatedTokens,
          decodeMs: Math.max(0, result.totalMs - result.timeToFirstTokenMs),
          promptTokens: result.prompt.evaluated,
          promptMs: result.timeToFirstTokenMs,
        });
      }
      return result;
    },
  };
}
