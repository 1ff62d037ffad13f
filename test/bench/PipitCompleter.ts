// Pipit below the VS Code API: the real CompletionPipeline (context, prompt, cache, typed-through reuse, prefetch,
// filters) on the real engine process. The engine is wrapped to time every request, so the pipeline's own cost can
// be told apart from the time it spends awaiting the engine.
import { CompletionPipeline } from '../../src/completion/CompletionPipeline';
import { ExtraContextRing } from '../../src/completion/ExtraContextRing';
import { PromptContext } from '../../src/completion/PromptContext';
import { ContextSimulator } from './ContextSimulator';
import { estimateTokens } from '../../src/completion/tokens';
import { REST_MS } from '../../src/completion/readAhead';
import type { CompletionInput, Position, TextLines } from '../../src/completion/types';
import type { Settings } from '../../src/config/settings';
import type { EngineClient } from '../../src/engine/EngineClient';
import type { CompletionEngine, CompletionOptions, CompletionResult, ContextChunk, InfillRequest } from '../../src/engine/types';
import { peakRssBytes } from './procStatus';
import type { Completer, CompleterReply, EngineRequestStat, Keystroke, ReplyKind, SessionFile } from './types';

interface EngineCall {
  start: number;
  end?: number;
  signal: AbortSignal | undefined;
  /** A prefetch's call (its signal is not a keystroke's). */
  background: boolean;
}

/** Times every engine request and keeps what the engine reported about it. */
class TimedEngine implements CompletionEngine {
  readonly calls: EngineCall[] = [];
  readonly stats: EngineRequestStat[] = [];
  warmup = false;
  foreground: AbortSignal | undefined;
  /** The keystroke each request's signal belongs to. */
  readonly keystrokes = new WeakMap<AbortSignal, Keystroke>();

  constructor(private readonly inner: CompletionEngine) {}

  async complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    const background = options.signal !== this.foreground;
    const call: EngineCall = { start: performance.now(), signal: options.signal, background };
    const warmup = this.warmup;
    const keystroke = !background && options.signal ? this.keystrokes.get(options.signal) : undefined;
    this.calls.push(call);
    try {
      const result = await this.inner.complete(request, options);
      const generationMs = result.totalMs - result.timeToFirstTokenMs;
      this.stats.push({
        background,
        warmup,
        cancelled: result.stopReason === 'cancelled',
        evaluated: result.prompt.evaluated,
        // No token generated and no end of text sampled: the prompt was not read to its end.
        ...(result.generatedTokens === 0 && result.stopReason !== 'eos' && result.stopReason !== 'stopSequence' ? { promptCut: true } : {}),
        stopReason: result.stopReason,
        reused: result.prompt.reused,
        timeToFirstTokenMs: result.timeToFirstTokenMs,
        generatedTokens: result.generatedTokens,
        ...(result.generatedTokens > 1 && generationMs > 0 ? { tokensPerSecond: ((result.generatedTokens - 1) * 1000) / generationMs } : {}),
        ...(keystroke ? { keystroke } : {}),
      });
      return result;
    } finally {
      call.end = performance.now();
    }
  }

  /**
   * Time within [from, to] spent awaiting the engine: the request's own engine calls and, when it was served by a
   * prefetch it joined, the prefetch calls that ended inside the window; overlaps counted once.
   */
  awaitedMs(signal: AbortSignal, from: number, to: number, joinedPrefetch: boolean): number {
    const spans = this.calls
      .filter((call) => call.end !== undefined && (call.signal === signal || (joinedPrefetch && call.background && call.end > from && call.end <= to)))
      .map((call) => [Math.max(call.start, from), Math.min(call.end!, to)] as const)
      .filter(([start, end]) => end > start)
      .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let reach = from;
    for (const [start, end] of spans) {
      if (end <= reach) continue;
      total += end - Math.max(start, reach);
      reach = end;
    }
    return total;
  }

  /** Forgets calls that ended before `before`: they cannot overlap a later request. */
  prune(before: number): void {
    let keep = 0;
    for (const call of this.calls) if (call.end === undefined || call.end >= before) this.calls[keep++] = call;
    this.calls.length = keep;
  }
}

export interface PipitCompleterOptions {
  /** The column's name in the report, e.g. `pipit (anchored psm)`. */
  name?: string;
  engine: EngineClient;
  settings: Settings;
  /** Size of the suggestion cache (1 all but turns it off: only the state just computed is kept). */
  cacheSize?: number;
  /** Read a resting cursor's place ahead, as the editor glue does (RestingCursor); default on. */
  readAhead?: boolean;
  /**
   * Extra context as the editor has it: chunks change only at pauses, with definitions near the cursor from a
   * language server simulated from the file's own symbols (ContextSimulator). Off: the ring's chunks, as before.
   */
  context?: boolean;
}

export class PipitCompleter implements Completer {
  readonly name: string;
  private readonly timed: TimedEngine;
  private readonly ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens });
  private readonly pipeline: CompletionPipeline;
  private restTimer: NodeJS.Timeout | undefined;
  /** The `--context` mode's pauses (ContextSimulator). */
  readonly context: ContextSimulator | undefined;

  constructor(private readonly options: PipitCompleterOptions) {
    this.name = options.name ?? 'pipit';
    this.timed = new TimedEngine(options.engine);
    const promptContext = options.context ? new PromptContext({ ring: this.ring, isExcluded: () => false, now: Date.now }) : undefined;
    this.pipeline = new CompletionPipeline({
      engine: this.timed,
      settings: () => options.settings,
      clock: { now: () => performance.now() },
      record: () => undefined,
      extraContext: promptContext ?? this.ring,
      ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
    });
    this.context = promptContext ? new ContextSimulator(this.pipeline, promptContext) : undefined;
  }

  get engineRequests(): EngineRequestStat[] {
    return this.timed.stats;
  }

  get counters() {
    return this.pipeline.counters;
  }

  openFile(file: SessionFile, extra: ContextChunk[]): void {
    for (const chunk of extra) this.ring.add(chunk.filePath, chunk.text, { kind: 'visited', startLine: 0, endLine: chunk.text.split('\n').length - 1, at: Date.now() });
    this.context?.open(file);
  }

  setWarmup(warmup: boolean): void {
    this.timed.warmup = warmup;
  }

  /** As RestingCursor does in VS Code: after REST_MS without a key or a move, read the place's prompt ahead. */
  rest(document: TextLines, position: Position, file: SessionFile, version: number): void {
    this.context?.rest(() => this.input(document, position, file, version, new AbortController().signal));
    if (this.options.readAhead === false) return;
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => {
      this.restTimer = undefined;
      void this.pipeline.warm(this.input(document, position, file, version, new AbortController().signal));
    }, REST_MS);
  }

  private input(document: TextLines, position: Position, file: SessionFile, version: number, signal: AbortSignal): CompletionInput {
    return { document, position, languageId: file.languageId, relativePath: file.relativePath, uri: `file:///bench/${file.relativePath}`, version, trigger: 'automatic', signal };
  }

  async complete(document: TextLines, position: Position, file: SessionFile, version: number, signal: AbortSignal, keystroke?: Keystroke): Promise<CompleterReply> {
    clearTimeout(this.restTimer);
    this.restTimer = undefined;
    this.timed.foreground = signal;
    if (keystroke) this.timed.keystrokes.set(signal, keystroke);
    this.context?.keystroke(keystroke?.id, () => this.input(document, position, file, version, new AbortController().signal));
    const started = performance.now();
    const response = await this.pipeline.provide(this.input(document, position, file, version, signal));
    const ended = performance.now();
    const overheadMs = ended - started - this.timed.awaitedMs(signal, started, ended, response.outcome === 'cache');
    this.timed.prune(started - 60_000);
    return { items: response.items, kind: replyKind(response.outcome, response.items.length), overheadMs, ...(response.error ? { error: response.error } : {}) };
  }

  async idle(): Promise<void> {
    const until = performance.now() + 120_000;
    while (this.timed.calls.some((call) => call.end === undefined) && performance.now() < until) {
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  peakRssBytes(): number | undefined {
    return peakRssBytes(this.options.engine.pid);
  }

  async dispose(): Promise<void> {
    clearTimeout(this.restTimer);
    this.context?.dispose();
    this.pipeline.dispose();
  }
}

function replyKind(outcome: string, items: number): ReplyKind {
  switch (outcome) {
    case 'shown':
    case 'typedThrough':
    case 'cache':
    case 'cancelled':
    case 'error':
    case 'skipped':
      return items > 0 || outcome === 'cancelled' || outcome === 'error' || outcome === 'skipped' ? outcome : 'empty';
    default:
      return 'empty';
  }
}
