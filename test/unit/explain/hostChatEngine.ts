// The engine process's ModelHost run in this process as Explain's ChatEngine, so a test drives the whole Explain
// pipeline (ExplainSession, the prompt builder, the chat template, the chat loop, the model) and can still ask the
// host which prompt it fitted. The process boundary is left out: it carries the same request as JSON.
import { DEFAULT_CHAT_MAX_TIME_MS, DEFAULT_CHAT_MAX_TOKENS } from '../../../src/engine/chatDefaults';
import type { ChatParams } from '../../../src/engine/protocol';
import type { ModelHost } from '../../../src/engine/worker/ModelHost';
import type { ChatEngine, ChatOptions, ChatRequest, ChatResult } from '../../../src/explain/types';

export class HostChatEngine implements ChatEngine {
  /** Every request as the engine received it, with the limits it ran under. */
  readonly requests: ChatParams[] = [];

  constructor(private readonly host: ModelHost) {}

  chat(request: ChatRequest, options: ChatOptions): Promise<ChatResult> {
    const params: ChatParams = {
      ...request,
      maxTokens: options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS,
      maxTimeMs: options.maxTimeMs ?? DEFAULT_CHAT_MAX_TIME_MS,
    };
    this.requests.push(params);
    return this.host.chat(params, options.signal ?? new AbortController().signal, options.onText ?? (() => undefined));
  }
}
