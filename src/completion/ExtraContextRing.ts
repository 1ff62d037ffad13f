// Chunks of files the user recently opened, edited, saved or copied from, offered to the model as extra context,
// each with where it came from (contextSources.ts). The engine places them first in the prompt, so their set must not
// change per keystroke: `snapshot().version` changes only when the chunks it returns change, and re-adding a chunk
// already held changes nothing. PromptContext.ts takes its candidates from here at pauses only.

import type { ContextChunk } from '../engine/types';
import type { ChunkOrigin, SourcedChunk } from './contextSources';
import { lineSet, lineSimilarity } from './lineSimilarity';
import type { TokenEstimator } from './tokens';
import type { TextLines } from './types';

export interface ExtraContextRingOptions {
  /** Consulted on every add and every snapshot, so a newly excluded file drops out at once. */
  isExcluded: (relativePath: string) => boolean;
  estimate: TokenEstimator;
  maxChunks?: number;
  chunkLines?: number;
  /** Line-set similarity at or above which a new chunk replaces an old one instead of joining it. */
  duplicateSimilarity?: number;
  /** Clock of the origins' times (ms). */
  now?: () => number;
}

interface Chunk extends ContextChunk {
  id: number;
  /** Kept when the chunk is replaced in place: the same place in the ring, and so in the prompt. */
  slot: number;
  lines: Set<string>;
  tokens: number;
  origin: ChunkOrigin;
}

export interface ExtraContextSnapshot {
  chunks: ContextChunk[];
  version: string;
  /** Where each chunk came from, when the source knows (for Show Last Prompt). */
  sources?: ChunkOrigin[];
}

/** What the pipeline reads extra context from on every request. */
export interface ExtraContextSource {
  snapshot(tokenBudget: number, currentPath?: string): ExtraContextSnapshot;
}

export class ExtraContextRing implements ExtraContextSource {
  private readonly chunks: Chunk[] = [];
  private nextId = 1;
  private readonly now: () => number;
  private readonly maxChunks: number;
  private readonly chunkLines: number;
  private readonly duplicateSimilarity: number;

  constructor(private readonly options: ExtraContextRingOptions) {
    this.maxChunks = options.maxChunks ?? 16;
    this.chunkLines = options.chunkLines ?? 32;
    this.duplicateSimilarity = options.duplicateSimilarity ?? 0.9;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.chunks.length;
  }

  /**
   * The chunk of `chunkLines` lines around `line`: a file opened, switched away from or saved there (`visited`), or
   * edited there (`edited`, which outranks a visit while it is recent).
   */
  addAround(filePath: string, document: TextLines, line: number, kind: 'visited' | 'edited' = 'visited', at = this.now()): boolean {
    const start = Math.max(0, Math.min(line - Math.floor(this.chunkLines / 2), document.lineCount - this.chunkLines));
    const end = Math.min(document.lineCount, start + this.chunkLines);
    const lines: string[] = [];
    for (let index = start; index < end; index++) lines.push(document.lineAt(index));
    return this.add(filePath, lines.join('\n'), { kind, startLine: start, endLine: end - 1, at });
  }

  /** Text the user copied (its first `chunkLines` lines), unless told otherwise. Returns whether the chunk set changed. */
  add(filePath: string, text: string, origin: ChunkOrigin = { kind: 'copied', at: this.now() }): boolean {
    if (this.options.isExcluded(filePath)) return false;
    const trimmed = text.split('\n').slice(0, this.chunkLines).join('\n');
    const lines = lineSet(trimmed);
    if (lines.size === 0) return false;
    const chunk: Chunk = { id: this.nextId, slot: this.nextId, filePath, text: trimmed, lines, tokens: this.options.estimate(trimmed), origin };
    const same = this.chunks.findIndex((old) => lineSimilarity(old.lines, lines) >= this.duplicateSimilarity);
    if (same >= 0) {
      const old = this.chunks[same]!;
      // A place the user edited stays an edit when they only look at it again.
      if (old.origin.kind === 'edited' && origin.kind === 'visited') chunk.origin = { ...origin, kind: 'edited', at: old.origin.at };
      if (old.filePath === filePath && old.text === trimmed) {
        if (origin.kind === 'edited') old.origin = origin;
        return false;
      }
      // In place: the chunks before it keep their place in the prompt, and with it their KV cache.
      chunk.slot = old.slot;
      this.chunks[same] = chunk;
    } else {
      this.chunks.push(chunk);
      if (this.chunks.length > this.maxChunks) this.chunks.shift();
    }
    this.nextId++;
    return true;
  }

  /** The newest chunks within `tokenBudget`, in ring order, leaving out the current file's own. */
  snapshot(tokenBudget: number, currentPath?: string): ExtraContextSnapshot {
    const picked: Chunk[] = [];
    let used = 0;
    for (let index = this.chunks.length - 1; index >= 0; index--) {
      const chunk = this.chunks[index]!;
      if (chunk.filePath === currentPath || this.options.isExcluded(chunk.filePath)) continue;
      if (used + chunk.tokens > tokenBudget) continue;
      used += chunk.tokens;
      picked.unshift(chunk);
    }
    return {
      chunks: picked.map(({ filePath, text }) => ({ filePath, text })),
      version: picked.map((chunk) => chunk.id).join(','),
      sources: picked.map((chunk) => chunk.origin),
    };
  }

  /** Every chunk held that may enter a prompt now, for PromptContext's selection at a pause. */
  candidates(): SourcedChunk[] {
    return this.chunks
      .filter((chunk) => !this.options.isExcluded(chunk.filePath))
      .map(({ filePath, text, tokens, origin, slot }) => ({ filePath, text, tokens, origin, key: `ring:${slot}` }));
  }

  clear(): void {
    this.chunks.length = 0;
  }
}
