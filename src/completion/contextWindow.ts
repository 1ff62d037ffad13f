// The prefix and suffix windows around the cursor, cut at line boundaries within token budgets. The prefix
// window's first line stays put while the user types: the engine reuses its KV cache only for an unchanged prompt
// start, so the start moves only when the budget is exceeded, and then by a chunk, so it will not move again soon.

import type { TokenEstimator } from './tokens';
import type { Position, TextLines } from './types';

/** After a move, the window is refilled to this share of the budget, leaving room to type. */
const REFILL_SHARE = 0.75;
/** A kept start that leaves the window below this share (the cursor moved up) is recomputed. */
const UNDERFILL_SHARE = 0.5;

export interface WindowBudgets {
  prefixTokens: number;
  suffixTokens: number;
}

export interface ContextWindows {
  prefix: string;
  suffix: string;
  /** First document line of the prefix window; pass it back as `keptStart` on the next request for this document. */
  startLine: number;
  linePrefix: string;
  lineSuffix: string;
}

export function buildWindows(
  document: TextLines,
  position: Position,
  budgets: WindowBudgets,
  estimate: TokenEstimator,
  keptStart?: number,
): ContextWindows {
  const line = document.lineAt(position.line);
  const linePrefix = line.slice(0, position.character);
  const lineSuffix = line.slice(position.character);
  const startLine = prefixStart(document, position.line, estimate(linePrefix), budgets.prefixTokens, estimate, keptStart);
  const above: string[] = [];
  for (let index = startLine; index < position.line; index++) above.push(document.lineAt(index));
  const prefix = above.length ? `${above.join('\n')}\n${linePrefix}` : tail(linePrefix, budgets.prefixTokens, estimate);
  return { prefix, suffix: suffixWindow(document, position.line, lineSuffix, budgets.suffixTokens, estimate), startLine, linePrefix, lineSuffix };
}

function prefixStart(
  document: TextLines,
  cursorLine: number,
  cursorTokens: number,
  budget: number,
  estimate: TokenEstimator,
  keptStart: number | undefined,
): number {
  if (keptStart !== undefined && keptStart <= cursorLine) {
    const used = cursorTokens + tokensBetween(document, keptStart, cursorLine, estimate, budget - cursorTokens);
    if (used <= budget && (keptStart === 0 || used >= budget * UNDERFILL_SHARE)) return keptStart;
  }
  let total = cursorTokens;
  let start = cursorLine;
  const target = budget * REFILL_SHARE;
  while (start > 0) {
    const cost = estimate(document.lineAt(start - 1) + '\n');
    if (total + cost > target) break;
    total += cost;
    start--;
  }
  return start;
}

/** Tokens of lines [from, to), counted from the cursor upwards and given up once over `limit`. */
function tokensBetween(document: TextLines, from: number, to: number, estimate: TokenEstimator, limit: number): number {
  let total = 0;
  for (let index = to - 1; index >= from && total <= limit; index--) total += estimate(document.lineAt(index) + '\n');
  return total;
}

function suffixWindow(document: TextLines, cursorLine: number, lineSuffix: string, budget: number, estimate: TokenEstimator): string {
  let total = estimate(lineSuffix);
  if (total > budget) return '';
  const parts = [lineSuffix];
  for (let index = cursorLine + 1; index < document.lineCount; index++) {
    const text = document.lineAt(index);
    total += estimate('\n' + text);
    if (total > budget) break;
    parts.push(text);
  }
  return parts.join('\n');
}

/** A cursor line longer than the whole budget: keep its end (the only cut not at a line boundary). */
function tail(text: string, budget: number, estimate: TokenEstimator): string {
  const tokens = estimate(text);
  return tokens <= budget ? text : text.slice(text.length - Math.floor((text.length * budget) / tokens));
}
