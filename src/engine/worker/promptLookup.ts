// Prompt-lookup decoding on the completion sequence: node-llama-cpp's InputLookupTokenPredictor looks up the last
// generated tokens in the prompt and drafts the tokens that followed them there (a repeated call, a parallel branch,
// a name from above). `sequence.evaluate` then decodes the drafts in one batched step together with the real next
// token and keeps only the drafts that greedy decoding picks itself; the rest are erased from the KV cache.
import type { LlamaContextSequence, LlamaCpp, Token, TokenPredictor } from './llamaCpp';

export interface PromptLookup {
  /** Given to `context.getSequence({ tokenPredictor })`: the sequence asks it for drafts at every step. */
  readonly predictor: TokenPredictor;
  /** The prompt of the request about to generate: drafts are looked up in it. */
  begin(prompt: readonly number[]): void;
  /**
   * While paused, no drafts. A healed token is spelled under a token bias that changes with every token, and a drafted
   * position would be sampled under the bias of the step that drafted it, so drafting waits until healing is done.
   */
  pause(paused: boolean): void;
}

/**
 * A draft needs the last PATTERN_MIN tokens to occur in the prompt. With one token, any common token (`(`, ` =`)
 * drafts whatever followed it somewhere in the prompt, and every refuted draft makes its step cost more.
 */
const PATTERN_MIN = 2;
/**
 * Tokens drafted a step. node-llama-cpp 3.22.1 confirms only the first draft of a batch: `_speculativeEvaluate`
 * compares every later draft with the last entry of a `validatedTokens` list that nothing fills, so it refutes them
 * all and erases them again. Drafting more than one token therefore only costs (seen on the tiny scripted model: four
 * drafts a step on a copied line gave 3 confirmed and 9 refuted).
 */
const DRAFT_MAX = 1;

export function createPromptLookup(llamaCpp: Pick<LlamaCpp, 'InputLookupTokenPredictor'>): PromptLookup {
  class PausableInputLookup extends llamaCpp.InputLookupTokenPredictor {
    paused = false;

    override predictTokens(): Token[] {
      return this.paused ? [] : (super.predictTokens() as Token[]);
    }
  }
  const predictor = new PausableInputLookup({ patternLength: { min: PATTERN_MIN }, predictionLength: { max: DRAFT_MAX } });
  return {
    predictor,
    begin: (prompt) => predictor.updateInputTokens(prompt as Token[]),
    pause: (paused) => {
      predictor.paused = paused;
    },
  };
}

/**
 * Erases drafts that were validated but not used (generation stopped first) from the KV cache, so the cache holds
 * exactly the prompt and the accepted tokens. node-llama-cpp keeps such drafts loaded beyond `contextTokens` and
 * removes them only at the sequence's next evaluation; erasing a range that starts at the end of `contextTokens`
 * removes them now (and is a no-op when there are none).
 */
export async function dropUnusedDrafts(sequence: LlamaContextSequence): Promise<void> {
  const end = sequence.contextTokens.length;
  if (end > 0) await sequence.eraseContextTokenRanges([{ start: end, end: end + 1 }]);
}
