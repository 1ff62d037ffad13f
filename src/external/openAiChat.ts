// `/v1/chat/completions` with SSE streaming: the chat route llama-server and every OpenAI-compatible server share.
import type { ChatOptions, ChatRequest, ChatResult, PromptStats, StopReason } from '../engine/types';
import { ExternalEngineError } from './ExternalEngineError';
import { call, type HttpTarget } from './http';
import { runStream, type StreamEvent } from './runStream';
import { readSse } from './streams';

export const DEFAULT_CHAT_MAX_TOKENS = 512;
export const DEFAULT_CHAT_MAX_TIME_MS = 120_000;

interface ChatChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
  timings?: { prompt_n?: number; cache_n?: number; predicted_n?: number };
  error?: unknown;
}

export async function streamOpenAiChat(
  target: HttpTarget,
  model: string | undefined,
  request: ChatRequest,
  options: ChatOptions,
  timeoutMs: number,
): Promise<ChatResult> {
  const result = await runStream(
    async (signal) => {
      const response = await call(target, '/v1/chat/completions', {
        body: {
          ...(model ? { model } : {}),
          messages: request.messages,
          max_tokens: options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS,
          stream: true,
          stream_options: { include_usage: true },
        },
        signal,
        timeoutMs,
      });
      return openAiEvents(response, target, (chunk) => chunk.choices?.[0]?.delta?.content);
    },
    { ...optionalSignal(options), maxTimeMs: options.maxTimeMs ?? DEFAULT_CHAT_MAX_TIME_MS },
  );
  return { ...result, model: model ?? '', mode: 'chat-template' };
}

/** Stream events of an OpenAI-style SSE body; `textOf` picks the text of a chunk (chat delta or completion text). */
export async function* openAiEvents(
  response: Response,
  target: HttpTarget,
  textOf: (chunk: ChatChunk & { choices?: { text?: string }[] }) => string | null | undefined,
): AsyncGenerator<StreamEvent> {
  if (!response.body) throw new ExternalEngineError('MALFORMED', `${target.label} sent an empty response.`);
  let stopReason: StopReason | undefined;
  let prompt: PromptStats | undefined;
  let generatedTokens: number | undefined;
  for await (const payload of readSse(response.body, target.label)) {
    const chunk = payload as ChatChunk & { choices?: { text?: string }[] };
    if (chunk.error !== undefined) {
      throw new ExternalEngineError('SERVER_ERROR', `${target.label} failed during generation: ${describe(chunk.error)}`, undefined, [target.apiKey]);
    }
    if (chunk.choices !== undefined && !Array.isArray(chunk.choices)) {
      throw new ExternalEngineError('MALFORMED', `${target.label} sent a malformed stream (choices is not a list).`);
    }
    const text = textOf(chunk);
    if (text) yield { text };
    const finish = chunk.choices?.[0]?.finish_reason;
    if (finish) stopReason = finish === 'length' ? 'maxTokens' : 'eos';
    if (chunk.timings?.prompt_n !== undefined) {
      prompt = { evaluated: chunk.timings.prompt_n, reused: chunk.timings.cache_n ?? 0 };
      generatedTokens = chunk.timings.predicted_n;
    } else if (chunk.usage?.prompt_tokens !== undefined) {
      const reused = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
      prompt = { evaluated: chunk.usage.prompt_tokens - reused, reused };
      generatedTokens = chunk.usage.completion_tokens;
    }
  }
  yield { end: { ...(stopReason ? { stopReason } : {}), ...(prompt ? { prompt } : {}), ...(generatedTokens !== undefined ? { generatedTokens } : {}) } };
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(error).slice(0, 200);
}

export function optionalSignal(options: { signal?: AbortSignal; onText?: (text: string) => void }): {
  signal?: AbortSignal;
  onText?: (text: string) => void;
} {
  return { ...(options.signal ? { signal: options.signal } : {}), ...(options.onText ? { onText: options.onText } : {}) };
}
