// The completion pipeline: from one editor state to suggestions, asking the engine only when typed-through
// reuse, the cache or a running prefetch cannot answer. Plain data in and out; the VS Code provider is a thin shell.

import { LRUCache } from 'lru-cache';
import type { IDisposable } from '../common/lifecycle';
import type { Settings } from '../config/settings';
import type { CompletionEngine } from '../engine/types';
import { buildState, type CompletionState } from './completionState';
import { toItems, withSelectedCompletion } from './editorItems';
import { exclusionChecks, type ExclusionMatcher } from './exclusion';
import type { ExtraContextSource } from './ExtraContextRing';
import { fetchSuggestions } from './fetchSuggestions';
import { Prefetcher } from './Prefetcher';
import { recordingPrompts, type PromptRecord } from './promptRecord';
import { cursorSkipReason, settingsSkipReason, windowSkipReason } from './skipReasons';
import { endOfInsert, withEdit } from './textLines';
import { estimateTokens, type TokenEstimator } from './tokens';
import { typedThrough, type ShownSuggestions } from './typedThrough';
import type { TypingRun } from './typingRun';
import type { Clock, CompletionInput, CompletionMode, CompletionResponse, PipelineCounters, Position, RecordSink } from './types';
import type { RequestRecord, SettingsSource, SkipReason, Suggestion, TextLines } from './types';

export interface CompletionPipelineOptions {
  engine: CompletionEngine;
  settings: SettingsSource;
  clock: Clock;
  record: RecordSink;
  /** Chunks of other files; a source that commits (PromptContext) changes them only at pauses (refreshContext). */
  extraContext?: ExtraContextSource & { commit?(tokenBudget: number, currentPath?: string): boolean };
  /** Until when the user snoozed suggestions (clock time), if they did. */
  snoozedUntil?: () => number | undefined;
  estimateTokens?: TokenEstimator;
  cacheSize?: number;
  /**
   * The engine that answers a request of this mode now (routing), with its model: part of the cache key, so that an
   * answer of one engine or model is never served for another.
   */
  answeringEngine?: (mode: CompletionMode) => string;
}

type RecordFields = Omit<RequestRecord, 'at' | 'uri' | 'languageId' | 'trigger' | 'totalMs'>;
type EngineStats = Pick<RequestRecord, 'engineRequests' | 'promptTokensEvaluated' | 'promptTokensReused' | 'timeToFirstTokenMs'>;
const NO_ENGINE: EngineStats = { engineRequests: 0, promptTokensEvaluated: 0, promptTokensReused: 0 };

/** What every step of one request needs: its input, the settings read once for it, and its record. */
interface Scope {
  input: CompletionInput;
  settings: Settings;
  log: (fields: RecordFields) => void;
}

export class CompletionPipeline implements IDisposable {
  readonly counters: PipelineCounters = { requests: 0, engineRequests: 0, cacheHits: 0, typedThroughHits: 0, prefetches: 0, readAheads: 0, contextChanges: 0, skipped: 0, errors: 0 };
  /** Excluded files never enter a prompt: each request is checked with its own document's `pipit.exclude`. */
  private readonly exclusion = exclusionChecks();
  private readonly cache: LRUCache<string, Suggestion[]>;
  /**
   * Per document: the prefix window's first line (kept so the prompt start stays put while typing) and the typing
   * run (where the prompt's middle starts), as the last request the user waited on left them.
   */
  private readonly runs = new LRUCache<string, { windowStart: number; run: TypingRun }>({ max: 64 });
  private readonly prefetcher = new Prefetcher<Suggestion[]>();
  private readonly estimate: TokenEstimator;
  private shown: ShownSuggestions | undefined;
  /** A resting place's prompt being read ahead (warm()); any request stops it. */
  private warming: AbortController | undefined;
  /** Requests in provide() now: a read-ahead never starts while one runs. */
  private providing = 0;
  /** The prompt of the last request the user waited on, as the engine got it, with its parts' origins (Show Last Prompt). */
  lastPrompt: PromptRecord | undefined;
  /** A pause that found the engine busy: its context refresh runs once the engine is free, unless a key comes first. */
  private pendingRefresh: CompletionInput | undefined;

  constructor(private readonly options: CompletionPipelineOptions) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 256 });
    this.estimate = options.estimateTokens ?? estimateTokens;
  }

  /** The one call the provider makes per inline-completion request. */
  async provide(input: CompletionInput): Promise<CompletionResponse> {
    this.warming?.abort();
    this.pendingRefresh = undefined;
    this.providing++;
    try {
      return await this.provideOnce(input);
    } finally {
      this.providing--;
      this.resumeRefresh();
    }
  }

  private async provideOnce(input: CompletionInput): Promise<CompletionResponse> {
    const startedAt = this.options.clock.now();
    this.counters.requests++;
    const scope: Scope = { input, settings: this.settingsOf(input), log: (fields) => this.log(input, input.trigger, startedAt, fields) };
    const skip =
      settingsSkipReason(input, scope.settings, this.isExcluded(scope.settings), this.options.snoozedUntil?.(), startedAt) ?? cursorSkipReason(input);
    if (skip) return this.skipped(skip, scope);
    const { document, position } = withSelectedCompletion(input);
    const alternatives = input.trigger === 'explicit';
    const state = this.stateFor(document, position, scope, alternatives);
    const windowSkip = windowSkipReason(state.windows);
    if (windowSkip) return this.skipped(windowSkip, scope);
    this.runs.set(input.uri, { windowStart: state.windows.startLine, run: state.run });

    const rest = alternatives ? undefined : typedThrough(this.shown, input.uri, state.windows.prefix, state.windows.suffix);
    if (rest) {
      this.counters.typedThroughHits++;
      return this.serve(rest, state, scope, 'typedThrough', NO_ENGINE);
    }
    const cached = this.cache.get(state.key) ?? (await this.prefetcher.join(state.key));
    if (input.signal.aborted) return this.cancelled(scope, NO_ENGINE);
    if (cached) {
      this.counters.cacheHits++;
      return this.show(cached, state, scope, 'cache', NO_ENGINE);
    }
    return this.askEngine(state, scope, alternatives);
  }

  /**
   * The cursor rests at a place whose prompt the engine has not read (a jump, another file; `context`: the chunks just
   * changed at a pause): read it now, so that the first keystroke there costs only its own tokens. Nothing is shown or
   * cached; the next request stops it. The place's typing run starts here, so the next prompt extends the one read.
   */
  async warm(input: CompletionInput, reason: 'jump' | 'context' = 'jump'): Promise<void> {
    const startedAt = this.options.clock.now();
    const scope: Scope = { input, settings: this.settingsOf(input), log: (fields) => this.log(input, 'rest', startedAt, fields) };
    // A request or a prefetch in flight is worth more than a read-ahead: the engine would stop it for this one.
    if (this.providing > 0 || this.prefetcher.inFlightKey !== undefined) return;
    // Not skipped for code right of the cursor: the place's prompt before the anchor line (most of it) is the same
    // wherever on the line the user then types.
    if (settingsSkipReason(input, scope.settings, this.isExcluded(scope.settings), this.options.snoozedUntil?.(), startedAt)) return;
    // A jump is a pause too: the whole prompt is read anyway, so new context costs nothing more now.
    if (reason === 'jump' && this.commitContext(scope)) this.counters.contextChanges++;
    const state = this.stateFor(input.document, input.position, scope, false);
    if (windowSkipReason(state.windows) || this.cache.has(state.key)) return;
    this.runs.set(input.uri, { windowStart: state.windows.startLine, run: state.run });
    this.warming?.abort();
    const controller = new AbortController();
    this.warming = controller;
    const abort = () => controller.abort();
    input.signal.addEventListener('abort', abort, { once: true });
    if (reason === 'jump') this.counters.readAheads++;
    try {
      const result = await this.options.engine.complete({ ...state.request, maxTokens: 0 }, { signal: controller.signal });
      const outcome = result.stopReason === 'cancelled' ? 'cancelled' : 'warmed';
      scope.log({ outcome, mode: state.mode, items: 0, engineRequests: 1, promptTokensEvaluated: result.prompt.evaluated, promptTokensReused: result.prompt.reused });
    } catch (error) {
      if (!controller.signal.aborted) scope.log({ outcome: 'error', items: 0, error: String(error), ...NO_ENGINE });
    } finally {
      input.signal.removeEventListener('abort', abort);
      if (this.warming === controller) this.warming = undefined;
    }
  }

  /**
   * The user paused: new extra context enters the prompt now and is read in the background, so the next keystroke
   * costs only its own tokens (typing never changes the chunks). 'busy': a request runs; the refresh runs when it ends.
   */
  async refreshContext(input: CompletionInput): Promise<'off' | 'busy' | 'unchanged' | 'refreshed'> {
    const scope: Scope = { input, settings: this.settingsOf(input), log: () => undefined };
    this.pendingRefresh = undefined;
    if (!this.options.extraContext?.commit || !scope.settings.extraContext) return 'off';
    if (this.providing > 0 || this.prefetcher.inFlightKey !== undefined) return void (this.pendingRefresh = input), 'busy';
    if (!this.commitContext(scope)) return 'unchanged';
    this.counters.contextChanges++;
    await this.warm(input, 'context');
    return 'refreshed';
  }

  /** The cursor moved: a refresh waiting for the engine would be for a place the user left. */
  cancelRefresh(): void {
    this.pendingRefresh = undefined;
  }

  private resumeRefresh(): void {
    const input = this.pendingRefresh;
    if (input && this.providing === 0 && this.prefetcher.inFlightKey === undefined) void this.refreshContext(input);
  }

  private commitContext(scope: Scope): boolean {
    const context = this.options.extraContext;
    if (!context?.commit || !scope.settings.extraContext) return false;
    return context.commit(scope.settings.extraContextTokens, scope.input.relativePath);
  }

  private async askEngine(state: CompletionState, scope: Scope, alternatives: boolean): Promise<CompletionResponse> {
    this.prefetcher.cancel();
    const { signal } = scope.input;
    try {
      const recorded = recordingPrompts(this.options.engine, state, scope.input, this.options.clock, (record) => (this.lastPrompt = record));
      const { suggestions, cancelled, cacheable, limited, ...stats } = await fetchSuggestions(recorded, state, alternatives, signal);
      this.counters.engineRequests += stats.engineRequests;
      if (cancelled || signal.aborted) return this.cancelled(scope, stats);
      if (cacheable) this.cache.set(state.key, suggestions);
      if (suggestions.length > 0) return this.show(suggestions, state, scope, 'shown', stats);
      const outcome = limited ?? 'filteredEmpty';
      scope.log({ outcome, mode: state.mode, items: 0, ...stats });
      return { items: [], outcome };
    } catch (error) {
      if (signal.aborted) return this.cancelled(scope, NO_ENGINE);
      this.counters.errors++;
      const message = error instanceof Error ? error.message : String(error);
      scope.log({ outcome: 'error', mode: state.mode, items: 0, error: message, ...NO_ENGINE });
      return { items: [], outcome: 'error', error: message };
    }
  }

  /** Shows suggestions computed for this very state, and remembers them for typing through. */
  private show(suggestions: Suggestion[], state: CompletionState, scope: Scope, outcome: 'shown' | 'cache', stats: EngineStats): CompletionResponse {
    if (suggestions.length > 0) this.shown = { uri: scope.input.uri, prefix: state.windows.prefix, suffix: state.windows.suffix, suggestions };
    return this.serve(suggestions, state, scope, outcome, stats);
  }

  private serve(suggestions: Suggestion[], state: CompletionState, scope: Scope, outcome: 'shown' | 'cache' | 'typedThrough', stats: EngineStats): CompletionResponse {
    scope.log({ outcome, mode: state.mode, items: suggestions.length, ...stats });
    if (suggestions[0] && scope.settings.prefetch) this.prefetch(state, suggestions[0], scope);
    return { items: toItems(suggestions, scope.input), outcome };
  }

  /** Computes, in the background, the suggestion for the state after accepting `suggestion`. */
  private prefetch(state: CompletionState, suggestion: Suggestion, scope: Scope): void {
    const { line, character } = state.position;
    const range = { start: state.position, end: { line, character: character + suggestion.replace } };
    const next = this.stateFor(withEdit(state.document, range, suggestion.text), endOfInsert(range, suggestion.text), scope, false);
    if (windowSkipReason(next.windows) || this.cache.has(next.key) || this.prefetcher.inFlightKey === next.key) return;
    const startedAt = this.options.clock.now();
    this.counters.prefetches++;
    const log = (fields: RecordFields) => this.log(scope.input, 'prefetch', startedAt, fields);
    this.prefetcher.start(next.key, async (signal) => {
      try {
        const { suggestions, cancelled, cacheable, limited: _limited, ...stats } = await fetchSuggestions(this.options.engine, next, false, signal);
        this.counters.engineRequests += stats.engineRequests;
        log({ outcome: cancelled ? 'cancelled' : 'prefetched', mode: next.mode, items: suggestions.length, ...stats });
        if (cancelled) return undefined;
        if (cacheable) this.cache.set(next.key, suggestions);
        // A prefetch the time ran out on is not an answer: the request that arrives for this state asks again.
        return cacheable || suggestions.length > 0 ? suggestions : undefined;
      } catch (error) {
        if (!signal.aborted) log({ outcome: 'error', mode: next.mode, items: 0, error: String(error), ...NO_ENGINE });
        return undefined;
      } finally {
        // Once the prefetcher has let go of it (after this task), a pause that waited may refresh the context.
        setTimeout(() => this.resumeRefresh(), 0);
      }
    });
  }

  private stateFor(document: TextLines, position: Position, scope: Scope, alternatives: boolean): CompletionState {
    const { input, settings } = scope;
    const ring = settings.extraContext ? this.options.extraContext : undefined;
    return buildState({
      document,
      position,
      languageId: input.languageId,
      relativePath: input.relativePath,
      ...(input.repoName ? { repoName: input.repoName } : {}),
      settings,
      extra: ring ? ring.snapshot(settings.extraContextTokens, input.relativePath) : { chunks: [], version: '' },
      estimate: this.estimate,
      previous: this.runs.get(input.uri),
      alternatives,
      ...(input.indent ? { indent: input.indent } : {}),
      ...(this.options.answeringEngine ? { engineFor: this.options.answeringEngine } : {}),
    });
  }

  /** The settings of the request's own document and language (folder values, language overrides). */
  private settingsOf(input: CompletionInput): Settings {
    return this.options.settings({ uri: input.uri, languageId: input.languageId });
  }

  private isExcluded(settings: Settings): ExclusionMatcher {
    const check = this.exclusion(settings.exclude);
    return (relativePath) => check(relativePath).excluded;
  }

  private skipped(reason: SkipReason, scope: Scope): CompletionResponse {
    this.counters.skipped++;
    scope.log({ outcome: 'skipped', reason, items: 0, ...NO_ENGINE });
    return { items: [], outcome: 'skipped', reason };
  }

  private cancelled(scope: Scope, stats: EngineStats): CompletionResponse {
    scope.log({ outcome: 'cancelled', items: 0, ...stats });
    return { items: [], outcome: 'cancelled' };
  }

  private log(input: CompletionInput, trigger: RequestRecord['trigger'], at: number, fields: RecordFields): void {
    const totalMs = this.options.clock.now() - at;
    this.options.record({ at, uri: input.uri, languageId: input.languageId, trigger, totalMs, ...fields });
  }

  dispose(): void {
    this.warming?.abort();
    this.prefetcher.cancel();
    this.shown = undefined;
    this.cache.clear();
  }
}
