// A fake ChatEngine (the real one is the node-llama-cpp worker, which cannot chat yet): streams scripted text in
// chunks, honours the abort signal like a real engine (resolves with what it has, stopReason 'cancelled') and the
// token limit (one chunk counts as one token: stopReason 'maxTokens'), and records what it was asked and with what
// limit.
import type { ChatEngine, ChatMode, ChatOptions, ChatRequest, ChatResult } from '../../../src/explain/types';

export interface FakeChatEngineOptions {
  /** Answers, one per call in order (the last one repeats); each is streamed in the given chunks. */
  script: string[][];
  /** Delay before each chunk. */
  chunkDelayMs?: number;
  mode?: ChatMode;
  model?: string;
  /** Makes the n-th call (0-based) fail with this message. */
  failOnCall?: { call: number; message: string };
  /** Makes the n-th call (0-based) answer the request's `shorter` version as the engine does when its context is full. */
  shortenOnCall?: { call: number; shorter: number; contextSize: number };
}

export class FakeChatEngine implements ChatEngine {
  readonly requests: ChatRequest[] = [];
  readonly maxTokens: Array<number | undefined> = [];

  constructor(private readonly options: FakeChatEngineOptions) {}

  async chat(request: ChatRequest, options: ChatOptions): Promise<ChatResult> {
    const call = this.requests.push(request) - 1;
    this.maxTokens.push(options.maxTokens);
    const started = Date.now();
    let firstTokenAt: number | undefined;
    let text = '';
    if (this.options.failOnCall?.call === call) throw new Error(this.options.failOnCall.message);
    const chunks = this.options.script[Math.min(call, this.options.script.length - 1)] ?? [];
    let stopReason = 'eos';
    for (const [index, chunk] of chunks.entries()) {
      if (options.maxTokens !== undefined && index >= options.maxTokens) {
        stopReason = 'maxTokens';
        break;
      }
      if (this.options.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.chunkDelayMs));
      if (options.signal?.aborted) {
        stopReason = 'cancelled';
        break;
      }
      firstTokenAt ??= Date.now();
      text += chunk;
      options.onText?.(chunk);
    }
    return {
      text,
      stopReason,
      timeToFirstTokenMs: (firstTokenAt ?? Date.now()) - started,
      totalMs: Date.now() - started,
      model: this.options.model ?? 'fake-coder-instruct.gguf',
      mode: this.options.mode ?? 'chat-template',
      ...(this.options.shortenOnCall?.call === call ? { shortened: { shorter: this.options.shortenOnCall.shorter, contextSize: this.options.shortenOnCall.contextSize } } : {}),
    };
  }
}
