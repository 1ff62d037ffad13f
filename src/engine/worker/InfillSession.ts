// Runs infill requests on one loaded model's context sequence: lays out the prompt as tokens, keeps as much of the KV
// cache as the new prompt allows, evaluates the rest in small chunks (so cancellation is prompt too), then generates
// greedily token by token, streaming text and stopping on end tokens, stop sequences, token and time limits.
import type { DetectedFormat } from '../fimDetect';
import { planReuse } from '../kvReuse';
import { layoutPrompt, type PromptTokenizer } from '../promptLayout';
import { StopMatcher } from '../stopMatcher';
import type { CompletionResult, FimOrder, InfillRequest, StopReason } from '../types';
import type { LlamaContextSequence, LlamaModel, Token } from './llamaCpp';

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
    const maxTokens = this.maxTokens(request);
    const prompt = this.layout(request).tokens;

    const plan = planReuse(this.sequence.contextTokens as number[], prompt);
    if (plan.erase.length > 0) await this.sequence.eraseContextTokenRanges(plan.erase);
    let reused = plan.reused;
    if (!sameTokens(this.sequence.contextTokens as number[], prompt, reused)) {
      // The cache did not end up as planned (a model whose cache cannot be cut): start clean rather than be wrong.
      await this.sequence.clearHistory();
      reused = 0;
    }

    let evaluated = 0;
    const result = (stopReason: StopReason, text: string, generated: number, firstTokenAt?: number): CompletionResult => {
      const end = this.now();
      return {
        text,
        stopReason,
        prompt: { evaluated, reused },
        generatedTokens: generated,
        timeToFirstTokenMs: Math.round((firstTokenAt ?? end) - started),
        totalMs: Math.round(end - started),
      };
    };

    const chunk = this.options.promptChunkTokens ?? DEFAULT_PROMPT_CHUNK;
    for (let at = reused; at < prompt.length - 1; at += chunk) {
      if (signal.aborted) return result('cancelled', '', 0);
      const piece = prompt.slice(at, Math.min(at + chunk, prompt.length - 1)) as Token[];
      await this.sequence.evaluateWithoutGeneratingNewTokens(piece);
      evaluated += piece.length;
    }
    if (signal.aborted) return result('cancelled', '', 0);

    const stopTokens = new Set(this.format.stopTokenIds);
    const matcher = new StopMatcher([...this.format.stopTexts, ...(request.stop ?? [])]);
    const context = prompt.slice(-4) as Token[];
    const generatedTokens: Token[] = [];
    let decoded = '';
    let text = '';
    let generated = 0;
    let firstTokenAt: number | undefined;
    let stopReason: StopReason = 'eos';

    const emit = (piece: string) => {
      if (!piece) return;
      text += piece;
      onText(piece);
    };

    // Greedy sampling (temperature 0) is node-llama-cpp's default: the most likely token every time.
    for await (const token of this.sequence.evaluate([prompt[prompt.length - 1]!] as Token[])) {
      if (firstTokenAt === undefined) {
        firstTokenAt = this.now();
        evaluated++; // the prompt's last token, evaluated together with sampling the first one
      }
      generated++;
      if (stopTokens.has(token) || this.model.isEogToken(token)) {
        stopReason = stopTokens.has(token) && !this.model.isEogToken(token) ? 'stopSequence' : 'eos';
        break;
      }
      generatedTokens.push(token);
      const full = this.model.detokenize(generatedTokens, false, context);
      // An incomplete UTF-8 character decodes as U+FFFD until its last byte arrives: hold it back.
      if (!full.endsWith('\uFFFD')) {
        const step = matcher.push(full.slice(decoded.length));
        decoded = full;
        emit(step.emit);
        if (step.stopped) {
          stopReason = 'stopSequence';
          break;
        }
      }
      if (signal.aborted) {
        stopReason = 'cancelled';
        break;
      }
      if (generated >= maxTokens) {
        stopReason = 'maxTokens';
        break;
      }
      if (this.now() - started >= request.maxTimeMs) {
        stopReason = 'maxTime';
        break;
      }
    }
    if (stopReason !== 'stopSequence') emit(matcher.flush());
    return result(stopReason, text, generated, firstTokenAt);
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

function sameTokens(actual: readonly number[], prompt: readonly number[], length: number): boolean {
  if (actual.length !== length) return false;
  for (let i = 0; i < length; i++) if (actual[i] !== prompt[i]) return false;
  return true;
}
