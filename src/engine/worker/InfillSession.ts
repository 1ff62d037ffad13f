// Runs infill requests on one loaded model's completion sequence: lays out the prompt as tokens in the model's FIM
// format, then runs generation.ts's steps (cache reuse across keystrokes, chunked prompt, greedy streaming).
import type { DetectedFormat } from '../fimDetect';
import { layoutPrompt, type PromptTokenizer } from '../promptLayout';
import type { CompletionResult, FimOrder, InfillRequest, StopReason } from '../types';
import { evaluatePrompt, generate, reuseCache } from './generation';
import type { LlamaContextSequence, LlamaModel } from './llamaCpp';

export interface InfillSessionOptions {
  order: FimOrder;
  /** Prompt tokens evaluated between cancellation checks. */
  promptChunkTokens?: number;
  now?: () => number;
}

const DEFAULT_PROMPT_CHUNK = 64;

export class InfillSession {
  private readonly tokenizer: PromptTokenizer;
  private readonly now: () => number;

  constructor(
    private readonly model: LlamaModel,
    private readonly sequence: LlamaContextSequence,
    private readonly format: DetectedFormat,
    private readonly options: InfillSessionOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    this.tokenizer = {
      // Plain text only (specialTokens false), and without the leading space SentencePiece tokenizers add.
      tokenize: (text) => (text ? (model.tokenize(text, false, 'trimLeadingSpace') as number[]) : []),
      ...(bos !== null ? { bos: bos as number } : {}),
    };
  }

  /** The prompt tokens a request lays out to (for tests and the log). */
  promptTokens(request: InfillRequest): number[] {
    return this.layout(request).tokens;
  }

  async run(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult> {
    const started = this.now();
    const prompt = this.layout(request).tokens;
    const reused = await reuseCache(this.sequence, prompt);

    const chunkTokens = this.options.promptChunkTokens ?? DEFAULT_PROMPT_CHUNK;
    const { evaluated, aborted } = await evaluatePrompt(this.sequence, prompt, reused, { chunkTokens, signal });
    const result = (stopReason: StopReason, text: string, generated: number, firstTokenAt?: number): CompletionResult => {
      const end = this.now();
      return {
        text,
        stopReason,
        // The prompt's last token is evaluated together with sampling the first generated one.
        prompt: { evaluated: evaluated + (firstTokenAt === undefined ? 0 : 1), reused },
        generatedTokens: generated,
        timeToFirstTokenMs: Math.round((firstTokenAt ?? end) - started),
        totalMs: Math.round(end - started),
      };
    };
    if (aborted) return result('cancelled', '', 0);

    const generated = await generate(this.model, this.sequence, {
      lastPromptToken: prompt[prompt.length - 1]!,
      detokenizeContext: prompt.slice(-4),
      stopTokenIds: this.format.stopTokenIds,
      stopTexts: [...this.format.stopTexts, ...(request.stop ?? [])],
      maxTokens: this.maxTokens(request),
      deadline: started + request.maxTimeMs,
      signal,
      onText,
      now: this.now,
    });
    return result(generated.stopReason, generated.text, generated.generatedTokens, generated.firstTokenAt);
  }

  /** The answer may use at most half the context, so the prompt always has room and the cache never shifts. */
  private maxTokens(request: InfillRequest): number {
    return Math.max(1, Math.min(Math.floor(request.maxTokens), Math.floor(this.sequence.contextSize / 2)));
  }

  private layout(request: InfillRequest) {
    const contextSize = this.sequence.contextSize;
    const room = this.maxTokens(request) + 1;
    return layoutPrompt(request, this.format, this.tokenizer, {
      order: this.options.order,
      maxPromptTokens: Math.max(16, contextSize - room),
    });
  }
}
