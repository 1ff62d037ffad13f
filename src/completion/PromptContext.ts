// The extra context the prompt holds, changed only at pauses. Every request reads the chunks committed at the last
// pause (snapshot, a filter over a handful of chunks); a pause commits what the ring and the definitions near the
// cursor now offer (commit). So typing never changes the chunks at the head of the prompt, and the engine's KV cache
// keeps them, while what the user did elsewhere reaches the prompt at the next pause.
import { byPriority, plainChunk, type SourcedChunk } from './contextSources';
import { sameChunks, selectChunks } from './chunkSelection';
import type { ExtraContextSnapshot, ExtraContextSource } from './ExtraContextRing';

export interface PromptContextOptions {
  /** Visited, edited and copied chunks (ExtraContextRing). */
  ring: { candidates(): SourcedChunk[] };
  /** Consulted on every snapshot, so a newly excluded file drops out at once, pause or not. */
  isExcluded: (relativePath: string) => boolean;
  now: () => number;
  /** Definitions remembered from the last gatherings (the newest kept). */
  maxDefinitions?: number;
}

export class PromptContext implements ExtraContextSource {
  private committed: SourcedChunk[] = [];
  private definitions: SourcedChunk[] = [];
  /** Changes with every commit that changes the chunks: part of the cache key. */
  private revision = 0;
  private readonly maxDefinitions: number;

  constructor(private readonly options: PromptContextOptions) {
    this.maxDefinitions = options.maxDefinitions ?? 8;
  }

  /**
   * Definitions gathered near the cursor (most relevant first). They join the ones remembered from earlier pauses,
   * so moving a few lines does not churn the prompt; nothing changes in the prompt before the next commit.
   */
  offerDefinitions(chunks: readonly SourcedChunk[]): void {
    const fresh = new Set(chunks.map((chunk) => chunk.key));
    this.definitions = [...chunks, ...this.definitions.filter((chunk) => !fresh.has(chunk.key))].slice(0, this.maxDefinitions);
  }

  /** At a pause: chooses the chunks for the prompt. Returns whether the prompt's chunks changed. */
  commit(tokenBudget: number, currentPath?: string): boolean {
    const now = this.options.now();
    const eligible = (chunk: SourcedChunk) => chunk.filePath !== currentPath && !this.options.isExcluded(chunk.filePath);
    const candidates = [...this.definitions, ...this.options.ring.candidates()].filter(eligible);
    // Chunks of the current file left the candidates only because the user is in that file: they keep no place.
    const current = this.committed.filter(eligible);
    const next = selectChunks({ candidates, current, tokenBudget, now });
    // The snapshot already left the dropped current-file chunks out: only a change of what it returns counts.
    const changed = !sameChunks(next, current);
    this.committed = next;
    if (changed) this.revision++;
    return changed;
  }

  /** What a request sends: the committed chunks still allowed, within the budget (read on every keystroke). */
  snapshot(tokenBudget: number, currentPath?: string): ExtraContextSnapshot {
    const picked: SourcedChunk[] = [];
    let used = 0;
    for (const chunk of this.committed) {
      if (chunk.filePath === currentPath || this.options.isExcluded(chunk.filePath) || used + chunk.tokens > tokenBudget) continue;
      used += chunk.tokens;
      picked.push(chunk);
    }
    return {
      chunks: picked.map(plainChunk),
      version: picked.length === 0 ? '' : `${this.revision}:${picked.map((chunk) => chunk.key).join(',')}`,
      sources: picked.map((chunk) => chunk.origin),
    };
  }

  /** The chunks in the prompt now, most valuable first (for the log and tests). */
  get chunks(): readonly SourcedChunk[] {
    return [...this.committed].sort(byPriority(this.options.now()));
  }
}
