// Runs infill requests on one loaded model's completion sequence: lays out the prompt as tokens in the model's FIM
// format, heals its last token when it ends mid-word or after indentation, then runs generation.ts's steps (cache
// reuse across keystrokes, a prompt read in steps of about PROMPT_STEP_MS, greedy streaming) within the request's
// time limit, which covers reading the prompt too.
import type { DetectedFormat } from '../fimDetect';
import { layoutPrompt, type PromptTokenizer } from '../promptLayout';
import { indentationAtCursor } from '../promptEnd';
import { PieceIndex } from '../tokenHealing';
import type { CompletionResult, FimOrder, InfillRequest, StopReason } from '../types';
import { evaluatePrompt, generate, reuseCache } from './generation';
import type { LlamaContextSequence, LlamaModel, Token, TokenBias } from './llamaCpp';
import type { PromptLookup } from './promptLookup';

export interface InfillSessionOptions {
  order: FimOrder;
  /** Engine work between cancellation and deadline checks while the prompt is read. */
  promptStepMs?: number;
  now?: () => number;
  /** Builds a token bias for the model (node-llama-cpp's TokenBias); without it, prompts are not healed. */
  tokenBias?: () => TokenBias;
  /** Tokens in the model's vocabulary (from its GGUF header): the heal index covers them all. */
  vocabularySize?: number;
  /** The sequence's prompt-lookup predictor (given to it at `getSequence`), when drafting is on. */
  lookup?: PromptLookup;
}

/**
 * Engine work between cancellation and deadline checks while the prompt is read. On a CPU every decode step pays a
 * fixed cost (the weights stream through memory once a step: ~30 ms for the 0.5B Q8_0 proxy on two cores), so small
 * steps waste most of the time. Measured on two EPYC cores, 0.5B Q8_0: 4-token steps read 75 tok/s (53 ms a step),
 * 16-token steps 249 tok/s (64 ms), 32 273 (117 ms), 64 328 (195 ms), 256 372 (688 ms); 1.5B Q4_0: 8-token steps
 * 114 tok/s (70 ms), 16 146 (110 ms), 64 197 (325 ms). At ~100 ms a step, a cold prompt reads at about 70% of the
 * best speed (50 ms would be about 40%), and a keystroke, Stop or the deadline is noticed within about 100 ms where
 * the 64-token chunks of before took over a second on the 1.5B model.
 */
const PROMPT_STEP_MS = 100;
/** First prompt step before any speed is known: small, so a slow model is measured before it commits to much. */
const FIRST_PROMPT_STEP = 16;
const MAX_PROMPT_STEP = 256;
/** Logit added to the tokens that may spell the healed text: far above any real logit, so the best of them wins. */
const HEAL_LOGIT = 1000;
/** Vocabulary entries detokenized per slice while the heal index is built (the engine stays responsive). */
const INDEX_SLICE = 8192;

export class InfillSession {
  private readonly tokenizer: PromptTokenizer;
  private readonly now: () => number;
  /** Prompt speed measured by the last request: sizes the first step of the next one. */
  private msPerToken: number | undefined;
  private pieces: PieceIndex | undefined;
  private piecesBuilding: Promise<void> | undefined;
  /** Reading the rest of a prompt the time ran out on, until it is done or the next request comes. */
  private warming: { stop: AbortController; done: Promise<void> } | undefined;

  constructor(
    private readonly model: LlamaModel,
    private readonly sequence: LlamaContextSequence,
    private readonly format: DetectedFormat,
    private readonly options: InfillSessionOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const withoutLeadingSpace = sentencePieceInfilling(model);
    this.tokenizer = {
      // Plain text only (specialTokens false); SentencePiece's implicit leading space only where the family wants it.
      tokenize: (text, leadingSpace) => (!text ? [] : leadingSpace ? (model.tokenize(text, false) as number[]) : withoutLeadingSpace(text)),
      ...(bos !== null ? { bos: bos as number } : {}),
    };
  }

  /** The completion sequence (tests check what a request leaves in its KV cache). */
  get completionSequence(): LlamaContextSequence {
    return this.sequence;
  }

  /** The prompt tokens a request lays out to, before healing (for tests and the log). */
  promptTokens(request: InfillRequest): number[] {
    return this.layout(request).tokens;
  }

  /**
   * Builds the vocabulary index token healing needs (about half a second for a 150k vocabulary, in slices). Until it
   * is ready, prompts are not healed.
   */
  prepareHealing(): Promise<void> {
    const size = this.options.vocabularySize ?? 0;
    if (!this.options.tokenBias || size === 0) return Promise.resolve();
    this.piecesBuilding ??= (async () => {
      const context = this.model.tokenize('a', false, 'trimLeadingSpace');
      const pieces: string[] = new Array(size);
      for (let start = 0; start < size; start += INDEX_SLICE) {
        for (let id = start; id < Math.min(size, start + INDEX_SLICE); id++) {
          // In running text (after a token), so SentencePiece pieces keep their leading space.
          pieces[id] = this.model.isSpecialToken(id as Token) ? '' : this.model.detokenize([id as Token], false, context);
        }
        await new Promise((done) => setImmediate(done));
      }
      this.pieces = new PieceIndex(pieces);
    })();
    return this.piecesBuilding;
  }

  /**
   * The prompt the engine evaluates for a request (see promptEnd.ts): the text its first tokens must spell again when
   * the last token is healed, or the indentation trimmed from its end.
   */
  preparedPrompt(request: InfillRequest): { tokens: number[]; healText?: string; align?: string } {
    const { prompt, heal, align } = this.prepare(request);
    return { tokens: prompt, ...(heal ? { healText: heal.text } : {}), ...(align ? { align } : {}) };
  }

  private prepare(request: InfillRequest) {
    const align = indentationAtCursor(`${request.prefix}${request.middle ?? ''}`);
    const trimmed = align ? withoutIndentation(request, align.length) : request;
    const layout = this.layout(trimmed);
    const heal = align ? undefined : this.healing(layout.tokens, layout.endsInCode, `${request.prefix}${request.middle ?? ''}`);
    return { prompt: heal ? layout.tokens.slice(0, -1) : layout.tokens, heal, align };
  }

  async run(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult> {
    const started = this.now();
    const deadline = started + request.maxTimeMs;
    const { prompt, heal, align } = this.prepare(request);
    await this.stopWarming();
    const reused = await reuseCache(this.sequence, prompt);

    // maxTokens 0 reads the prompt into the cache and answers nothing: the cursor rests at a new place, and the next
    // keystroke's prompt shares all of it but its tail. It has no deadline: the next request stops it.
    const warmOnly = request.maxTokens === 0;
    const evaluation = await this.readPrompt(prompt, reused, signal, warmOnly ? undefined : deadline);
    const result = (stopReason: StopReason, text: string, generated: number, firstTokenAt?: number, drafts?: CompletionResult['drafts']): CompletionResult => {
      const end = this.now();
      return {
        text,
        stopReason,
        // The prompt's last token is evaluated together with sampling the first generated one.
        prompt: { evaluated: evaluation.evaluated + (firstTokenAt === undefined ? 0 : 1), reused },
        generatedTokens: generated,
        timeToFirstTokenMs: Math.round((firstTokenAt ?? end) - started),
        totalMs: Math.round(end - started),
        ...(this.format.mode === 'fim' ? { family: this.format.format.family } : {}),
        ...(drafts ? { drafts } : {}),
      };
    };
    if (evaluation.aborted) return result('cancelled', '', 0);
    if (warmOnly) return result('maxTokens', '', 0);
    if (evaluation.timedOut) {
      this.warmOn(prompt, reused + evaluation.evaluated);
      return result('promptTimeout', '', 0);
    }

    const lookup = this.options.lookup;
    lookup?.begin(prompt);
    const generated = await generate(this.model, this.sequence, {
      lastPromptToken: prompt[prompt.length - 1]!,
      detokenizeContext: prompt.slice(-4),
      stopTokenIds: this.format.stopTokenIds,
      stopTexts: [...this.format.stopTexts, ...(request.stop ?? [])],
      maxTokens: this.maxTokens(request) + (heal ? 1 : 0),
      deadline,
      signal,
      onText,
      now: this.now,
      ...(heal ? { heal } : {}),
      ...(align ? { align } : {}),
      ...(lookup ? { lookup } : {}),
    });
    return result(generated.stopReason, generated.text, generated.generatedTokens, generated.firstTokenAt, lookup ? generated.drafts : undefined);
  }

  /** Stops reading a prompt in the background (within one step) and waits until the sequence is free. */
  async stopWarming(): Promise<void> {
    const warming = this.warming;
    this.warming = undefined;
    if (!warming) return;
    warming.stop.abort();
    await warming.done;
  }

  private async readPrompt(prompt: readonly number[], from: number, signal: AbortSignal, deadline?: number) {
    const evaluation = await evaluatePrompt(this.sequence, prompt, from, {
      chunkTokens: FIRST_PROMPT_STEP,
      signal,
      ...(deadline !== undefined ? { deadline } : {}),
      stepBudget: {
        ms: this.options.promptStepMs ?? PROMPT_STEP_MS,
        now: this.now,
        minTokens: 1,
        maxTokens: MAX_PROMPT_STEP,
        ...(this.msPerToken !== undefined ? { msPerToken: this.msPerToken } : {}),
      },
    });
    if (evaluation.msPerToken !== undefined) this.msPerToken = evaluation.msPerToken;
    return evaluation;
  }

  /**
   * The time ran out while the prompt was read: the request answers now (nothing), and the rest of the prompt is read
   * in the background, so that the next keystroke, which shares all but its last tokens, finds it in the cache. A cold
   * prompt (a new file, a jump) on a slow machine then costs its reading time once, not a time-out on every pause.
   */
  private warmOn(prompt: readonly number[], from: number): void {
    const stop = new AbortController();
    const done = this.readPrompt(prompt, from, stop.signal).then(
      () => undefined,
      () => undefined,
    );
    this.warming = { stop, done };
  }

  /**
   * Heals the prompt's last token when the prompt ends in code that is not at a line start (mid-word, after
   * indentation or an operator): that token is taken back and generation must spell it again.
   */
  private healing(tokens: readonly number[], endsInCode: boolean, codeBeforeCursor: string): { text: string; bias(remaining: string): TokenBias } | undefined {
    const pieces = this.pieces;
    const makeBias = this.options.tokenBias;
    if (!pieces || !makeBias || !endsInCode || tokens.length < 2 || codeBeforeCursor === '' || codeBeforeCursor.endsWith('\n')) return undefined;
    const last = tokens[tokens.length - 1]! as Token;
    const text = this.model.detokenize([last], false, tokens.slice(-5, -1) as Token[]);
    if (!text || !codeBeforeCursor.endsWith(text) || pieces.candidates(text).length === 0) return undefined;
    const biases = new Map<string, TokenBias>();
    return {
      text,
      bias: (remaining) => {
        let bias = biases.get(remaining);
        if (!bias) {
          bias = makeBias();
          for (const id of remaining ? pieces.candidates(remaining) : []) bias.set(id as Token, { logit: HEAL_LOGIT });
          biases.set(remaining, bias);
        }
        return bias;
      },
    };
  }

  /** The answer may use at most half the context, so the prompt always has room and the cache never shifts. */
  private maxTokens(request: InfillRequest): number {
    return Math.max(1, Math.min(Math.floor(request.maxTokens), Math.floor(this.sequence.contextSize / 2)));
  }

  private layout(request: InfillRequest) {
    const contextSize = this.sequence.contextSize;
    const room = this.maxTokens(request) + 2;
    return layoutPrompt(request, this.format, this.tokenizer, {
      order: this.options.order,
      maxPromptTokens: Math.max(16, contextSize - room),
    });
  }
}

/** The request with the last `length` characters before the cursor (its indentation) taken off. */
function withoutIndentation(request: InfillRequest, length: number): InfillRequest {
  if (request.middle !== undefined && request.middle.length >= length) return { ...request, middle: request.middle.slice(0, -length) };
  return { ...request, prefix: request.prefix.slice(0, -length) };
}

/**
 * Text tokenized without SentencePiece's implicit leading space, the way the reference encoders do it
 * (codellama's `encode_infilling`, mistral-common's `_encode_infilling`): tokenize `☺` + text and drop the tokens of
 * `☺`. node-llama-cpp's `trimLeadingSpace` keeps the space when the text starts with a line break, the common case
 * of a suffix at a line's end. Byte-level BPE vocabularies add no such space (and would merge `☺` with what follows).
 */
function sentencePieceInfilling(model: LlamaModel): (text: string) => number[] {
  const plain = (text: string) => model.tokenize(text, false, 'trimLeadingSpace') as number[];
  if (model.vocabularyType !== 'spm') return plain;
  const marker = model.tokenize('☺', false) as number[];
  return (text) => {
    const tokens = model.tokenize(`☺${text}`, false) as number[];
    return marker.every((token, index) => tokens[index] === token) ? tokens.slice(marker.length) : plain(text);
  };
}
