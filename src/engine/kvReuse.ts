// Plans how to turn what the KV cache holds into the next prompt with the fewest tokens evaluated: keep the longest
// common prefix, and where the new prompt is the old one with a span cut out (the prefix window slid forward), erase
// that span so what follows it stays cached too.

export interface TokenRange {
  /** Inclusive. */
  start: number;
  /** Exclusive. */
  end: number;
}

export interface ReusePlan {
  /** Ranges of the current context to erase, in current-context indices, ascending. */
  erase: TokenRange[];
  /** Tokens of the next prompt that are in the context once the ranges are erased. */
  reused: number;
  /** Tokens of the next prompt left to evaluate (`next.slice(reused)`); never empty. */
  evaluate: number;
}

export interface ReuseOptions {
  /** A kept span after a removed one must be at least this long to be worth the cache shift. */
  minSpanTokens?: number;
  /** Candidate alignments examined for a removed span (bounds the work on repetitive token runs). */
  maxCandidates?: number;
}

const ANCHOR = 4;

export function planReuse(current: readonly number[], next: readonly number[], options: ReuseOptions = {}): ReusePlan {
  const minSpan = options.minSpanTokens ?? 8;
  const maxCandidates = options.maxCandidates ?? 256;
  // At least one prompt token is always evaluated: generation needs the logits of the last one.
  const limit = Math.max(0, next.length - 1);

  let common = 0;
  while (common < limit && common < current.length && current[common] === next[common]) common++;

  let bestSkip = 0;
  let bestLength = 0;
  if (common < current.length && limit - common >= minSpan) {
    let candidates = 0;
    for (let from = common + 1; from + ANCHOR <= current.length && candidates < maxCandidates; from++) {
      if (current[from] !== next[common]) continue;
      candidates++;
      let length = 0;
      while (common + length < limit && from + length < current.length && current[from + length] === next[common + length]) {
        length++;
      }
      if (length > bestLength) {
        bestLength = length;
        bestSkip = from - common;
      }
    }
  }

  if (bestLength >= minSpan) {
    const erase: TokenRange[] = [{ start: common, end: common + bestSkip }];
    const keptEnd = common + bestSkip + bestLength;
    if (keptEnd < current.length) erase.push({ start: keptEnd, end: current.length });
    const reused = common + bestLength;
    return { erase, reused, evaluate: next.length - reused };
  }
  const erase = common < current.length ? [{ start: common, end: current.length }] : [];
  return { erase, reused: common, evaluate: next.length - common };
}
