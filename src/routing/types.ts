// Routing's plain data: which kind of request goes to which engine, and what happened to one request.
import type { EngineKind } from '../external/types';

/** Inline single-line, inline multi-line, or an Explain Selection chat. */
export type RequestKind = 'singleLine' | 'multiLine' | 'explain';

export const REQUEST_KINDS: readonly RequestKind[] = ['singleLine', 'multiLine', 'explain'];

export type RouteRules = Readonly<Record<RequestKind, EngineKind>>;

/** Small first: everything on the built-in engine until the user routes a kind elsewhere. */
export const DEFAULT_RULES: RouteRules = { singleLine: 'builtin', multiLine: 'builtin', explain: 'builtin' };

export type FallbackReason =
  /** The engine failed recently and is skipped until its cool-down ends. */
  | 'down'
  /** It failed on this request (its error is in `error`). */
  | 'failed'
  /** No first token within the time budget. */
  | 'slow'
  /** The rules name an engine that is not configured. */
  | 'notConfigured';

export interface RouteDecision {
  kind: RequestKind;
  /** The engine the rules chose. */
  wanted: EngineKind;
  /** The engine that answered (or was answering when the request ended). */
  answeredBy: EngineKind;
  fallback?: { reason: FallbackReason; error?: string };
  /** Whether the answering engine sent the code off this machine. */
  leftMachine: boolean;
}
