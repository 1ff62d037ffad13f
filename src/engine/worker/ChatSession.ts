// Runs chat requests (Explain Selection) on a context sequence of their own (created when Explain is used, see
// OnDemandSequence.ts), so the completion sequence's KV cache stays as the last keystroke left it. Between decode
// steps it waits while a completion runs: an explanation delays a suggestion by at most the one step already under way.
import { EngineError } from '../engineErrors';
import type { ChatParams } from '../protocol';
import type { ChatResult, StopReason } from '../types';
import type { ChatFormatter, ChatPrompt } from './chatFormat';
import { evaluatePrompt, generate, reuseCache } from './generation';
import type { LlamaContextSequence, LlamaModel } from './llamaCpp';
import type { SequenceLease, SequenceSource } from './OnDemandSequence';

export interface ChatSessionOptions {
  /** The model's name as the user knows it (its file name). */
  modelName: string;
  format: ChatFormatter;
  /** Resolves once no completion is running or waiting (at once on abort). */
  waitForCompletions(signal: AbortSignal): Promise<void>;
  /** Time one prompt step may take (a completion arriving meanwhile waits for it); about one generated token's. */
  promptStepMs?: number;
  now?: () => number;
}

const DEFAULT_PROMPT_STEP_MS = 80;
const FIRST_PROMPT_CHUNK = 16;
/** A prompt that leaves less room than this (or than the request's maxTokens, if smaller) is refused. */
const MIN_ANSWER_TOKENS = 64;
// Greedy prose from a small model tends to loop; node-llama-cpp's chat session uses the same mild default.
const REPEAT_PENALTY = { penalty: 1.1, lastTokens: 64 };

export class ChatSession {
  private readonly now: () => number;

  constructor(
    private readonly model: LlamaModel,
    private readonly sequences: SequenceSource,
    private readonly options: ChatSessionOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * The prompt `run` evaluates for `params`: the request's own when it leaves the context room for the whole answer
   * (`maxTokens`), else the first of its shorter versions that does (earlier exchanges dropped, oldest first), else
   * the shortest one if it leaves room for some answer. Counted in the loaded model's tokens against this sequence's
   * context. Throws PROMPT_TOO_LONG, saying what to do, when even that is too long.
   */
  fit(params: ChatParams): { prompt: ChatPrompt; shorter: number } {
    const contextSize = this.sequences.contextSize;
    const wanted = Math.max(1, Math.floor(params.maxTokens));
    const versions = [params, ...(params.shorter ?? [])];
    let prompt: ChatPrompt | undefined;
    for (let shorter = 0; shorter < versions.length; shorter++) {
      prompt = this.options.format.render(versions[shorter]!);
      if (contextSize - prompt.tokens.length >= wanted) return { prompt, shorter };
    }
    const room = contextSize - prompt!.tokens.length;
    if (room >= Math.min(wanted, MIN_ANSWER_TOKENS)) return { prompt: prompt!, shorter: versions.length - 1 };
    throw new EngineError(
      'PROMPT_TOO_LONG',
      `The code to explain is too long for the model${versions.length > 1 ? ', even without the earlier questions and answers' : ''}: ` +
        `its prompt has ${prompt!.tokens.length} tokens and the model's context holds ${contextSize}. Select less code and explain again.`,
    );
  }

  async run(params: ChatParams, signal: AbortSignal, onText: (text: string) => void): Promise<ChatResult> {
    let lease: SequenceLease | undefined;
    try {
      return await this.answer(params, signal, onText, async () => (lease = await this.sequences.acquire()).sequence);
    } finally {
      lease?.release();
    }
  }

  private async answer(params: ChatParams, signal: AbortSignal, onText: (text: string) => void, acquire: () => Promise<LlamaContextSequence>): Promise<ChatResult> {
    const started = this.now();
    const contextSize = this.sequences.contextSize;
    const { prompt, shorter } = this.fit(params);
    const tokens = prompt.tokens;
    let reused = 0;
    let evaluated = 0;
    const result = (stopReason: StopReason, text = '', generated = 0, firstTokenAt?: number): ChatResult => {
      const end = this.now();
      return {
        text,
        stopReason,
        timeToFirstTokenMs: Math.round((firstTokenAt ?? end) - started),
        totalMs: Math.round(end - started),
        model: this.options.modelName,
        mode: prompt.mode,
        prompt: { evaluated: evaluated + (firstTokenAt === undefined ? 0 : 1), reused },
        generatedTokens: generated,
        ...(shorter > 0 ? { shortened: { shorter, contextSize } } : {}),
      };
    };
    if (signal.aborted) return result('cancelled');
    if (tokens.length === 0) throw new EngineError('INTERNAL', 'The explanation prompt is empty, so there is nothing to answer.');
    const wanted = Math.max(1, Math.floor(params.maxTokens));
    const room = contextSize - tokens.length;

    const beforeStep = () => this.options.waitForCompletions(signal);
    await beforeStep();
    if (signal.aborted) return result('cancelled');
    const sequence = await acquire();
    reused = await reuseCache(sequence, tokens);
    const evaluation = await evaluatePrompt(sequence, tokens, reused, {
      chunkTokens: FIRST_PROMPT_CHUNK,
      signal,
      beforeStep,
      stepBudget: { ms: this.options.promptStepMs ?? DEFAULT_PROMPT_STEP_MS, now: this.now, minTokens: 4, maxTokens: 64 },
    });
    evaluated = evaluation.evaluated;
    if (evaluation.aborted) return result('cancelled');

    // An answer starts at its first visible character: a SentencePiece model's first word carries a space (`▁It`),
    // which the model's own decoder drops, as node-llama-cpp's chat session does.
    let answering = false;
    const answerText = (text: string) => {
      if (!answering) {
        text = text.trimStart();
        answering = text !== '';
      }
      return text;
    };
    const generated = await generate(this.model, sequence, {
      lastPromptToken: tokens[tokens.length - 1]!,
      detokenizeContext: tokens.slice(-4),
      stopTokenIds: prompt.stopTokenIds,
      stopTexts: prompt.stopTexts,
      // The answer never outgrows the context, so the cache never shifts the prompt out from under it.
      maxTokens: Math.min(wanted, room),
      deadline: started + params.maxTimeMs,
      signal,
      onText: (text) => {
        const shown = answerText(text);
        if (shown) onText(shown);
      },
      now: this.now,
      beforeStep,
      repeatPenalty: REPEAT_PENALTY,
    });
    return result(generated.stopReason, generated.text.trimStart(), generated.generatedTokens, generated.firstTokenAt);
  }
}
