// What Show Last Prompt needs of the last request the user waited on: the request exactly as the engine got it, the
// engine that answered and its format family, and where each part came from (other files' chunks by origin, the
// current file's parts by line).
import type { CompletionEngine, CompletionResult, InfillRequest } from '../engine/types';
import type { CompletionState } from './completionState';
import type { ChunkOrigin } from './contextSources';
import type { Clock, CompletionInput } from './types';

export interface PromptRecord {
  at: number;
  relativePath: string;
  request: InfillRequest;
  /** Origin of each of `request.extra`'s chunks, in order (absent when the source did not say). */
  sources: (ChunkOrigin | undefined)[];
  /** The FIM format family the engine laid the prompt out in, when it said. */
  family?: string;
  /** Which engine answered (`builtin`, `ollama`...), when routed. */
  engine?: string;
  /** Document lines (0-based, inclusive) of the current file's parts. */
  lines: { prefix: [number, number]; middle: [number, number]; suffix: [number, number] };
  evaluated: number;
  reused: number;
}

export function promptRecord(state: CompletionState, input: CompletionInput, request: InfillRequest, result: CompletionResult, at: number): PromptRecord {
  const cursorLine = state.position.line;
  const anchor = state.run.anchorLine;
  const suffixLines = request.suffix.split('\n').length - 1;
  const engine = (result as CompletionResult & { engine?: string }).engine;
  return {
    at,
    relativePath: input.relativePath,
    request,
    sources: (request.extra ?? []).map((_, index) => state.extraSources[index]),
    ...(result.family ? { family: result.family } : {}),
    ...(engine ? { engine } : {}),
    lines: { prefix: [state.windows.startLine, anchor - 1], middle: [anchor, cursorLine], suffix: [cursorLine, cursorLine + suffixLines] },
    evaluated: result.prompt.evaluated,
    reused: result.prompt.reused,
  };
}

/** `engine`, keeping the record of every request of `state` it answers (not one it dropped for a newer one). */
export function recordingPrompts(engine: CompletionEngine, state: CompletionState, input: CompletionInput, clock: Clock, keep: (record: PromptRecord) => void): CompletionEngine {
  return {
    complete: async (request, options) => {
      const result = await engine.complete(request, options);
      if (result.stopReason !== 'cancelled') keep(promptRecord(state, input, request, result, clock.now()));
      return result;
    },
  };
}
