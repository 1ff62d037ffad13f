// Where an extra-context chunk came from, and how much it is worth. Definitions of the symbols the cursor uses come
// first (the model cannot guess a signature), then ranges the user edited in the last minutes (the code they work on),
// then text they copied or cut in an editor, then files they merely visited.
import type { ContextChunk } from '../engine/types';

export type ChunkOrigin =
  /** What the language server gave for a symbol near the cursor (definition or type definition). */
  | { kind: 'definition'; symbol: string; startLine: number; endLine: number; at: number }
  /** Lines around where the user edited the file. */
  | { kind: 'edited'; startLine: number; endLine: number; at: number }
  /** Text copied or cut in an editor. */
  | { kind: 'copied'; at: number }
  /** Lines around where the cursor was in a file the user opened, switched away from or saved. */
  | { kind: 'visited'; startLine: number; endLine: number; at: number };

/** A chunk with what the selection needs: its origin, its estimated size and an identity that survives re-adding. */
export interface SourcedChunk extends ContextChunk {
  origin: ChunkOrigin;
  tokens: number;
  /** Same key, same chunk: a chunk already in the prompt keeps its place. */
  key: string;
}

/**
 * An edit older than this counts as a visit: "the last minutes" of the issue. Five minutes covers going to look
 * something up and coming back; longer, and the edit is as stale as any other visited place.
 */
export const EDITED_RECENTLY_MS = 5 * 60_000;

/** Lower is more valuable. */
function priorityOf(origin: ChunkOrigin, now: number): number {
  switch (origin.kind) {
    case 'definition':
      return 0;
    case 'edited':
      return now - origin.at <= EDITED_RECENTLY_MS ? 1 : 3;
    case 'copied':
      return 2;
    case 'visited':
      return 3;
  }
}

/** Most valuable first; among equals, the most recent first. */
export function byPriority(now: number): (a: SourcedChunk, b: SourcedChunk) => number {
  return (a, b) => priorityOf(a.origin, now) - priorityOf(b.origin, now) || b.origin.at - a.origin.at;
}

/** What the chunk carries across the process boundary: the engine needs only its path and text. */
export function plainChunk(chunk: ContextChunk): ContextChunk {
  return { filePath: chunk.filePath, text: chunk.text };
}
