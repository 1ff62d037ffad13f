// Token healing: a prompt that ends mid-word or after indentation ends in a token the model would not have seen
// there in training (`    return tot` is `   `, ` return`, ` tot`, but the training text `    return total` was
// `   `, ` return`, ` total`). So the prompt's last token is taken back, and the first generated tokens are constrained
// to spell it again: the model picks ` total` itself, as it would have in training. The text the constrained tokens
// repeat is already in the editor, so the answer shown starts after it. (Trimming the prompt and discarding answers
// that do not re-align was the other option; it throws away every answer that spells the word differently.)

/** Token ids by the text they detokenize to, for the candidates of a constrained step. */
export class PieceIndex {
  /** Ids sorted by their text, so that every text starting with a given string is one contiguous run. */
  private readonly sorted: number[];
  private readonly exact = new Map<string, number[]>();

  /** `pieces[id]` is token `id`'s text as it reads in running text ('' for control tokens, never candidates). */
  constructor(private readonly pieces: readonly string[]) {
    this.sorted = [];
    for (let id = 0; id < pieces.length; id++) {
      const piece = pieces[id]!;
      if (piece === '' || piece.includes('\uFFFD')) continue;
      this.sorted.push(id);
      const same = this.exact.get(piece);
      if (same) same.push(id);
      else this.exact.set(piece, [id]);
    }
    this.sorted.sort((a, b) => compare(pieces[a]!, pieces[b]!));
  }

  /**
   * Tokens that may come next while `text` is still to be spelled: those whose text starts with all of it, and those
   * whose text is a proper, non-empty start of it (the rest is spelled by the tokens after).
   */
  candidates(text: string): number[] {
    const found: number[] = [];
    for (let length = 1; length < text.length; length++) found.push(...(this.exact.get(text.slice(0, length)) ?? []));
    for (let at = this.lowerBound(text); at < this.sorted.length; at++) {
      const id = this.sorted[at]!;
      if (!this.pieces[id]!.startsWith(text)) break;
      found.push(id);
    }
    return found;
  }

  private lowerBound(text: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(this.pieces[this.sorted[mid]!]!, text) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** What is left to spell after a token with text `piece` was generated ('' once the healed text is covered). */
export function remainingAfter(remaining: string, piece: string): string {
  return piece.length >= remaining.length ? '' : remaining.slice(piece.length);
}

/** Code-unit order, the order `startsWith` runs are contiguous in (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
