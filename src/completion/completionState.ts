// Everything one completion state (a document and a cursor) implies: windows, mode, the engine request, the filter
// context and the cache key. Built the same way for the request the user waits on and for a prefetch, so that the
// state a prefetch imagined and the state after accepting produce the same key.

import type { Settings } from '../config/settings';
import type { InfillRequest } from '../engine/types';
import { cacheKey } from './cacheKey';
import { decideMode } from './completionMode';
import { buildWindows, type ContextWindows } from './contextWindow';
import type { ExtraContextSnapshot } from './ExtraContextRing';
import type { FilterContext } from './filters/types';
import { detectIndentStyle } from './indentation';
import type { TokenEstimator } from './tokens';
import type { CompletionMode, IndentStyle, Position, TextLines } from './types';

export interface StateInput {
  document: TextLines;
  position: Position;
  languageId: string;
  relativePath: string;
  settings: Settings;
  extra: ExtraContextSnapshot;
  estimate: TokenEstimator;
  /** The prefix window's previous first line for this document. */
  anchor: number | undefined;
  alternatives: boolean;
  indent?: IndentStyle;
}

export interface CompletionState {
  document: TextLines;
  position: Position;
  windows: ContextWindows;
  mode: CompletionMode;
  request: InfillRequest;
  filterContext: FilterContext;
  key: string;
}

export function buildState(input: StateInput): CompletionState {
  const { settings } = input;
  const windows = buildWindows(input.document, input.position, settings, input.estimate, input.anchor);
  const mode = decideMode(settings.multiline, windows.linePrefix, windows.lineSuffix, input.languageId);
  const request: InfillRequest = {
    prefix: windows.prefix,
    suffix: windows.suffix,
    filePath: input.relativePath,
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
    modelId: settings.modelPath,
    filePath: input.relativePath,
    prefix: windows.prefix,
    suffix: windows.suffix,
    extraVersion: input.extra.version,
    mode,
    variant: input.alternatives ? 'alternatives' : 'single',
  });
  return { document: input.document, position: input.position, windows, mode, request, filterContext, key };
}

const indentOf = (indent: IndentStyle | undefined) => (indent ? { indent } : {});
