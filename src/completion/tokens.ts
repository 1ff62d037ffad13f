// Token counts for budgets. The pipeline only needs an estimate that is cheap and the same for the same text;
// an exact tokenizer can be passed in where one is at hand.

export type TokenEstimator = (text: string) => number;

/** About three characters a token for code in the BPE vocabularies of current code models. */
export const estimateTokens: TokenEstimator = (text) => Math.ceil(text.length / 3);
