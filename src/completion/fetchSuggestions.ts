// Asks the engine for one state and turns its text into filtered suggestions. For an explicit request it gathers
// up to MAX_ALTERNATIVES different ones: the answer and its other shape (one line or several). No sampled request:
// the built-in engine decodes greedily, so a sampled request would cost a generation and repeat the first answer.

import { fimFormatByFamily, specialTexts } from '../engine/fimFormats';
import type { CompletionEngine, CompletionResult, InfillRequest, StopReason } from '../engine/types';
import { closersToReplace } from './closers';
import type { CompletionState } from './completionState';
import { applyFilters, type FilterContext } from './filters';
import type { Suggestion } from './types';

export const MAX_ALTERNATIVES = 2;

export interface FetchResult {
  suggestions: Suggestion[];
  /**
   * Every answer is one the same request would get again: it ended by itself, or was cut at maxTokens (the same cut
   * every time). An answer cut by time, or a prompt the time ran out on, must not be served again from the cache.
   */
  cacheable: boolean;
  /** Why nothing could be shown, when a limit is the reason: the prompt took too long, or the answer was cut short. */
  limited?: 'promptTimeout' | 'cutShort';
  engineRequests: number;
  promptTokensEvaluated: number;
  promptTokensReused: number;
  timeToFirstTokenMs?: number;
  cancelled: boolean;
}

export async function fetchSuggestions(
  engine: CompletionEngine,
  state: CompletionState,
  alternatives: boolean,
  signal: AbortSignal,
): Promise<FetchResult> {
  const result: FetchResult = { suggestions: [], cacheable: true, engineRequests: 0, promptTokensEvaluated: 0, promptTokensReused: 0, cancelled: false };
  const ask = async (request: InfillRequest, context: FilterContext): Promise<boolean> => {
    const answer: CompletionResult = await engine.complete(request, { signal });
    result.engineRequests++;
    result.promptTokensEvaluated += answer.prompt.evaluated;
    result.promptTokensReused += answer.prompt.reused;
    result.timeToFirstTokenMs ??= answer.timeToFirstTokenMs;
    if (signal.aborted || answer.stopReason === 'cancelled') return !(result.cancelled = true);
    if (answer.stopReason === 'maxTime' || answer.stopReason === 'promptTimeout') result.cacheable = false;
    if (answer.stopReason === 'promptTimeout') {
      result.limited ??= 'promptTimeout';
      return false;
    }
    const text = completeLines(answer.text, answer.stopReason);
    if (text === undefined) {
      result.limited ??= 'cutShort';
      return true;
    }
    const format = fimFormatByFamily(answer.family);
    addSuggestion(result.suggestions, text, { ...context, specialTokens: format ? specialTexts(format) : [] });
    return true;
  };
  if (!(await ask(state.request, state.filterContext)) || !alternatives) return result;
  const first = result.suggestions[0]?.text;
  if (state.mode === 'multi' && first?.includes('\n')) addSuggestion(result.suggestions, first.split('\n')[0]!, state.filterContext);
  if (state.mode === 'single') {
    const { stop: _singleLineStop, ...multi } = state.request;
    if (!(await ask(multi, { ...state.filterContext, mode: 'multi' }))) return result;
  }
  result.suggestions.splice(MAX_ALTERNATIVES);
  return result;
}

/**
 * The part of an answer that is whole. An answer cut by maxTokens or maxTime stopped wherever it was: a multi-line
 * answer keeps its complete lines and drops the broken last one; an answer with no complete line (a single line cut
 * mid-way, `return tot`) is not shown at all (undefined).
 */
export function completeLines(text: string, stopReason: StopReason): string | undefined {
  if (stopReason !== 'maxTokens' && stopReason !== 'maxTime') return text;
  const end = text.lastIndexOf('\n');
  return end < 0 ? undefined : text.slice(0, end);
}

function addSuggestion(into: Suggestion[], text: string, context: FilterContext): void {
  const filtered = applyFilters(text, context);
  if (filtered === undefined || into.some((suggestion) => suggestion.text === filtered)) return;
  into.push({ text: filtered, replace: closersToReplace(filtered, context.linePrefix, context.lineSuffix) });
}
