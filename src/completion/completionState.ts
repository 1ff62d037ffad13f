// Everything one completion state (a document and a cursor) implies: windows, mode, the engine request, the filter
// context and the cache key. Built the same way for the request the user waits on and for a prefetch, so that the
// state a prefetch imagined and the state after accepting produce the same key.

import type { Settings } from '../config/settings';
import type { InfillRequest } from '../engine/types';
import { cacheKey } from './cacheKey';
import { decideMode } from './completionMode';
import { buildWindows, type ContextWindows } from './contextWindow';
import type { ChunkOrigin } from './contextSources';
import type { ExtraContextSnapshot } from './ExtraContextRing';
import type { FilterContext } from './filters/types';
import { detectIndentStyle } from './indentation';
import type { TokenEstimator } from './tokens';
import { anchorRun, type TypingRun } from './typingRun';
import type { CompletionMode, IndentStyle, Position, TextLines } from './types';

export interface StateInput {
  document: TextLines;
  position: Position;
  languageId: string;
  relativePath: string;
  repoName?: string;
  settings: Settings;
  extra: ExtraContextSnapshot;
  estimate: TokenEstimator;
  /** What the previous request for this document left: its prefix window's first line and its typing run. */
  previous: { windowStart: number; run: TypingRun } | undefined;
  alternatives: boolean;
  indent?: IndentStyle;
  /** The engine (and its model) that answers a request of this mode now; the model path setting when not given. */
  engineFor?: (mode: CompletionMode) => string;
}

export interface CompletionState {
  document: TextLines;
  position: Position;
  windows: ContextWindows;
  /** The typing run this state belongs to; the next request for the document starts from it. */
  run: TypingRun;
  mode: CompletionMode;
  request: InfillRequest;
  filterContext: FilterContext;
  key: string;
  /** Where each extra chunk of `request.extra` came from, when known (Show Last Prompt). */
  extraSources: ChunkOrigin[];
}

export function buildState(input: StateInput): CompletionState {
  const { settings } = input;
  const windows = buildWindows(input.document, input.position, settings, input.estimate, input.previous?.windowStart);
  const anchored = anchorRun({
    position: input.position,
    prefix: windows.prefix,
    windowStart: windows.startLine,
    previous: input.previous?.run,
    estimate: input.estimate,
  });
  const mode = decideMode(settings.multiline, windows.linePrefix, windows.lineSuffix, input.languageId);
  const request: InfillRequest = {
    prefix: anchored.before,
    middle: anchored.middle,
    suffix: promptSuffix(windows),
    filePath: input.relativePath,
    ...(input.repoName ? { repoName: input.repoName } : {}),
    maxTokens: settings.maxTokens,
    maxTimeMs: settings.maxTimeMs,
    ...(input.extra.chunks.length > 0 ? { extra: input.extra.chunks } : {}),
    ...(mode === 'single' ? { stop: ['\n'] } : {}),
  };
  const filterContext: FilterContext = {
    mode,
    linePrefix: windows.linePrefix,
    lineSuffix: windows.lineSuffix,
    prefix: windows.prefix,
    suffix: windows.suffix,
    ...indentOf(input.indent ?? detectIndentStyle(windows.prefix + windows.suffix)),
    languageId: input.languageId,
  };
  const key = cacheKey({
    engine: input.engineFor?.(mode) ?? settings.modelPath,
    filePath: input.relativePath,
    repoName: input.repoName ?? '',
    prefix: windows.prefix,
    middleLength: anchored.middle.length,
    suffix: windows.suffix,
    extraVersion: input.extra.version,
    maxTokens: settings.maxTokens,
    mode,
    variant: input.alternatives ? 'alternatives' : 'single',
  });
  const run = { anchorLine: anchored.anchorLine, before: anchored.before };
  const extraSources = input.extra.sources ?? [];
  return { document: input.document, position: input.position, windows, run, mode, request, filterContext, key, extraSources };
}

/** Text right of the cursor that is only closers and separators, as VS Code's auto-closing leaves after `(`, `"`... */
const CLOSERS_ONLY = /^[)\]}"'`;,]*\s*$/;

/**
 * The suffix as the model sees it. When the rest of the cursor line is only closers and separators (what VS Code
 * inserts when it auto-closes a bracket or quote), it stays out of the prompt: the model writes its own closers, and
 * the closer-merging filter matches them with the ones already there. So auto-closing never changes the prompt, and
 * never costs the engine a re-read of the suffix.
 */
function promptSuffix(windows: ContextWindows): string {
  if (windows.lineSuffix === '' || !CLOSERS_ONLY.test(windows.lineSuffix)) return windows.suffix;
  return windows.suffix.slice(windows.lineSuffix.length);
}

const indentOf = (indent: IndentStyle | undefined) => (indent ? { indent } : {});
