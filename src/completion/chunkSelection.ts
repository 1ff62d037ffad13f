// Which extra-context chunks the prompt holds after a pause, and in what order. The most valuable chunks that fit the
// budget are chosen (contextSources.ts: definitions, recent edits, copied text, visits); the order is what keeps the
// engine's KV cache: chunks already in the prompt keep their places, and new ones join at the end of the chunks,
// so the prompt up to the first change is read from the cache.
import { byPriority, type SourcedChunk } from './contextSources';

export interface SelectionInput {
  candidates: readonly SourcedChunk[];
  /** The chunks in the prompt now, in prompt order. */
  current: readonly SourcedChunk[];
  tokenBudget: number;
  now: number;
}

export function selectChunks(input: SelectionInput): SourcedChunk[] {
  const unique = new Map<string, SourcedChunk>();
  for (const chunk of input.candidates) if (!unique.has(chunk.key)) unique.set(chunk.key, chunk);
  const ranked = [...unique.values()].sort(byPriority(input.now));
  const chosen = new Set<string>();
  let used = 0;
  for (const chunk of ranked) {
    // A chunk that does not fit leaves room for a smaller, less valuable one.
    if (used + chunk.tokens > input.tokenBudget) continue;
    used += chunk.tokens;
    chosen.add(chunk.key);
  }
  const kept = input.current.filter((chunk) => chosen.has(chunk.key)).map((chunk) => unique.get(chunk.key)!);
  const keptKeys = new Set(kept.map((chunk) => chunk.key));
  // Newcomers after the kept chunks, the most valuable last: nearest the code, where a model attends most.
  const added = ranked.filter((chunk) => chosen.has(chunk.key) && !keptKeys.has(chunk.key)).reverse();
  return [...kept, ...added];
}

/** The same chunks with the same texts in the same order: nothing in the prompt would change. */
export function sameChunks(a: readonly SourcedChunk[], b: readonly SourcedChunk[]): boolean {
  return a.length === b.length && a.every((chunk, index) => chunk.key === b[index]!.key && chunk.text === b[index]!.text && chunk.filePath === b[index]!.filePath);
}
