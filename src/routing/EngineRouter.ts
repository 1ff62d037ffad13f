// Sends each request to the engine its kind is routed to, and falls back to the built-in engine when the external
// one is down, fails, or sends no first token within the time budget. An engine that failed or was slow is skipped
// for a cool-down, so a stopped server costs one failed request, not one per keystroke. Every request's route is
// reported through `onDecision` (the status bar says which engine answered and whether code left the machine).
import type {
  ChatEngine,
  ChatOptions,
  ChatRequest,
  ChatResult,
  CompletionEngine,
  CompletionOptions,
  CompletionResult,
  InfillRequest,
} from '../engine/types';
import { redact } from '../external/redact';
import type { EngineKind, PipitEngine } from '../external/types';
import { chooseEngine } from './chooseEngine';
import { requestKind } from './requestKind';
import type { FallbackReason, RequestKind, RouteDecision, RouteRules } from './types';

export interface RouterTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RouterOptions {
  builtin: PipitEngine;
  /** External engines that are configured (and confirmed, where the privacy guard asks). */
  engines: () => Partial<Record<Exclude<EngineKind, 'builtin'>, PipitEngine>>;
  rules: () => RouteRules;
  /** Most time an external engine may take to its first token of a suggestion before the built-in one answers. */
  firstTokenBudgetMs: () => number;
  /** How long a failed or slow engine is skipped. */
  coolDownMs?: number;
  onDecision?: (decision: RouteDecision) => void;
  timers?: RouterTimers;
}

export type RoutedCompletionResult = CompletionResult & { engine: EngineKind };
export type RoutedChatResult = ChatResult & { engine: EngineKind };

const DEFAULT_COOL_DOWN_MS = 30_000;
const REAL_TIMERS: RouterTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

class SlowEngine extends Error {}

export class EngineRouter implements CompletionEngine, ChatEngine {
  private readonly downUntil = new Map<EngineKind, { until: number; error: string }>();
  private readonly timers: RouterTimers;

  constructor(private readonly options: RouterOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** Forgets failures, so the next request tries every routed engine again (after settings change or a health check). */
  resetFailures(): void {
    this.downUntil.clear();
  }

  /** The engine a request kind would go to now, and why not the one the rules name, for the status bar and reports. */
  route(kind: RequestKind): { wanted: EngineKind; engine: EngineKind; fallback?: FallbackReason; error?: string } {
    const choice = chooseEngine(kind, this.options.rules(), {
      configured: (engine) => this.engine(engine) !== undefined,
      down: (engine) => this.isDown(engine),
    });
    const error = this.downUntil.get(choice.wanted)?.error;
    return choice.fallback === 'down' && error ? { ...choice, error } : choice;
  }

  async complete(request: InfillRequest, options: CompletionOptions = {}): Promise<RoutedCompletionResult> {
    // Reading a resting place's prompt ahead (maxTokens 0) is for the built-in engine's cache only: no code goes to
    // an external engine for it, and no routing decision is recorded.
    if (request.maxTokens === 0) return { ...(await this.options.builtin.complete(request, options)), engine: 'builtin' };
    const kind = requestKind(request);
    const choice = this.route(kind);
    const builtin = this.options.builtin;
    if (choice.engine === 'builtin') {
      const result = await builtin.complete(request, options);
      this.decide(kind, choice.wanted, 'builtin', choice.fallback ? { reason: choice.fallback, ...(choice.error ? { error: choice.error } : {}) } : undefined);
      return { ...result, engine: 'builtin' };
    }
    const external = this.engine(choice.engine)!;
    try {
      const result = await this.withBudget(external, request, options);
      this.decide(kind, choice.wanted, external.kind);
      return { ...result, engine: external.kind };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const slow = error instanceof SlowEngine;
      const message = slow ? `no first token within ${this.options.firstTokenBudgetMs()} ms` : errorText(error);
      this.markDown(external.kind, message);
      const result = await builtin.complete(request, options);
      this.decide(kind, choice.wanted, 'builtin', { reason: slow ? 'slow' : 'failed', error: message });
      return { ...result, engine: 'builtin' };
    }
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<RoutedChatResult> {
    const choice = this.route('explain');
    const builtin = this.options.builtin;
    if (choice.engine !== 'builtin') {
      const external = this.engine(choice.engine)!;
      let streamed = false;
      const onText = (text: string) => {
        streamed = true;
        options.onText?.(text);
      };
      try {
        const result = await external.chat(request, { ...options, onText });
        this.decide('explain', choice.wanted, external.kind);
        return { ...result, engine: external.kind };
      } catch (error) {
        const message = errorText(error);
        if (!options.signal?.aborted) this.markDown(external.kind, message);
        // Text the failed engine streamed is already on screen; a fallback answer after it would read as one.
        if (options.signal?.aborted || streamed) throw error;
        const result = await builtin.chat(request, options);
        this.decide('explain', choice.wanted, 'builtin', { reason: 'failed', error: message });
        return { ...result, engine: 'builtin' };
      }
    }
    const result = await builtin.chat(request, options);
    this.decide('explain', choice.wanted, 'builtin', choice.fallback ? { reason: choice.fallback, ...(choice.error ? { error: choice.error } : {}) } : undefined);
    return { ...result, engine: 'builtin' };
  }

  /** Runs `engine`; rejects with SlowEngine (after aborting it) when no text arrived within the budget. */
  private async withBudget(engine: PipitEngine, request: InfillRequest, options: CompletionOptions): Promise<CompletionResult> {
    const budget = this.options.firstTokenBudgetMs();
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    let slow = false;
    let timer: unknown = this.timers.setTimeout(() => {
      slow = true;
      controller.abort();
    }, budget);
    const stopTimer = () => {
      if (timer !== undefined) this.timers.clearTimeout(timer);
      timer = undefined;
    };
    try {
      const result = await engine.complete(request, {
        signal,
        onText: (text) => {
          stopTimer();
          options.onText?.(text);
        },
      });
      if (slow) throw new SlowEngine();
      return result;
    } catch (error) {
      if (slow && !options.signal?.aborted) throw new SlowEngine();
      throw error;
    } finally {
      stopTimer();
    }
  }

  private engine(kind: EngineKind): PipitEngine | undefined {
    if (kind === 'builtin') return this.options.builtin;
    return this.options.engines()[kind];
  }

  private isDown(kind: EngineKind): boolean {
    const down = this.downUntil.get(kind);
    if (!down) return false;
    if (this.timers.now() < down.until) return true;
    this.downUntil.delete(kind);
    return false;
  }

  private markDown(kind: EngineKind, error: string): void {
    this.downUntil.set(kind, { until: this.timers.now() + (this.options.coolDownMs ?? DEFAULT_COOL_DOWN_MS), error });
  }

  private decide(kind: RequestKind, wanted: EngineKind, answeredBy: EngineKind, fallback?: RouteDecision['fallback']): void {
    const engine = this.engine(answeredBy);
    this.options.onDecision?.({
      kind,
      wanted,
      answeredBy,
      ...(fallback ? { fallback } : {}),
      leftMachine: engine?.describe().leavesMachine ?? false,
    });
  }
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
