// Where the middle of the prompt starts. Pipit lays out prefix-suffix-middle prompts (the order Qwen2.5-Coder and
// DeepSeek-Coder were trained on) as `<PRE> code before the anchor line <SUF> code after the cursor <MID> code from
// the anchor line's start up to the cursor`. The anchor is the line where the current run of typing began: while the
// user types, presses Enter or backspaces inside the run, only the tail of the prompt changes, so the engine's KV
// cache covers everything but the newly typed tokens. A middle that starts at a line start, with a suffix that starts
// at the cursor, is a span FIM training cuts at random all the time: in distribution.
//
// Moving the anchor re-reads the suffix once (it comes after the text that moved from the middle into the prefix), so
// it moves only when it must:
//  - the cursor leaves the run: above the anchor line (also a Backspace that joins the anchor line to the one above),
//    or MAX_RUN_LINES or more below it;
//  - the run grows past MAX_RUN_LINES lines or MAX_RUN_TOKENS tokens;
//  - the code before the anchor changed (an edit above the anchor re-reads everything after it anyway, so starting a
//    new run there costs nothing more);
//  - the prefix window no longer reaches the anchor line.
// Then the new anchor is the cursor's line.

import type { TokenEstimator } from './tokens';
import type { Position } from './types';

/**
 * Longest run in lines. A re-anchor re-reads the suffix window (256 tokens by default: about 1.5 s on a 0.5B model on
 * two cores), so it should be rare: at most once every 16 typed lines. 16 lines is also well within the middles FIM
 * training shows a model (random spans, often whole blocks).
 */
export const MAX_RUN_LINES = 16;
/** Longest run in tokens: keeps the middle a modest part of the default 1,024-token prefix budget. */
export const MAX_RUN_TOKENS = 256;

/** What a document's last request left behind, to decide the next anchor. */
export interface TypingRun {
  anchorLine: number;
  /** The prompt's code before the anchor line at that request (the prefix window's lines above the anchor). */
  before: string;
}

export interface AnchorInput {
  position: Position;
  /** The prefix window: the code from the start of line `windowStart` up to the cursor. */
  prefix: string;
  /** First line of the prefix window for this request. */
  windowStart: number;
  previous: TypingRun | undefined;
  estimate: TokenEstimator;
}

export interface Anchored {
  anchorLine: number;
  /** The prefix window's lines above the anchor line, each with its line break: the prompt's prefix part. */
  before: string;
  /** From the anchor line's start to the cursor: the prompt's middle part. */
  middle: string;
}

export function anchorRun(input: AnchorInput): Anchored {
  const { position, prefix, windowStart, previous, estimate } = input;
  const kept = previous?.anchorLine;
  if (kept !== undefined && kept >= windowStart && kept <= position.line && position.line - kept < MAX_RUN_LINES) {
    const split = splitAt(prefix, kept - windowStart);
    if (estimate(split.middle) <= MAX_RUN_TOKENS && sameCodeBefore(previous!.before, split.before)) {
      return { anchorLine: kept, ...split };
    }
  }
  return { anchorLine: position.line, ...splitAt(prefix, position.line - windowStart) };
}

/** Splits the window after its first `lines` line breaks. */
function splitAt(prefix: string, lines: number): { before: string; middle: string } {
  let at = 0;
  for (let count = 0; count < lines; count++) {
    const next = prefix.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  return { before: prefix.slice(0, at), middle: prefix.slice(at) };
}

/**
 * The code before the anchor is unchanged, or changed only at its start: the prefix window slid forward (lines left
 * at the top) or back (lines added at the top), which the engine's cache handles without re-reading what follows.
 */
function sameCodeBefore(previous: string, now: string): boolean {
  return previous === now || previous.endsWith(now) || now.endsWith(previous);
}
