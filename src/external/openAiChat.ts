// `/v1/chat/completions` with SSE streaming: the chat route llama-server and every OpenAI-compatible server share.
import { DEFAULT_CHAT_MAX_TIME_MS, DEFAULT_CHAT_MAX_TOKENS } from '../engine/chatDefaults';
import type { ChatOptions, ChatRequest, ChatResult, PromptStats, StopReason } from '../engine/types';
import { ExternalEngineError } from './ExternalEngineError';
import { call, type HttpTarget } from './http';
import { runStream, type StreamEvent } from './runStream';
import { readSse } from './streams';

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
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new ExternalEngineError('MALFORMED', `${target.label} sent a malformed stream (an event that is not an object).`, JSON.stringify(payload).slice(0, 200));
    }
    const chunk = payload as ChatChunk & { choices?: { text?: string }[] };
    if (chunk.error !== undefined && chunk.error !== null) {
      throw new ExternalEngineError('SERVER_ERROR', `${target.label} failed during generation: ${describe(chunk.error)}`, undefined, [target.apiKey]);
    }
    if (chunk.choices !== undefined && !Array.isArray(chunk.choices)) {
      throw new ExternalEngineError('MALFORMED', `${target.label} sent a malformed stream (choices is not a list).`);
    }
    // A field of the wrong type is ignored, as if it were absent: only strings are text, only numbers are counts.
    const first: unknown = chunk.choices?.[0];
    const text = typeof first === 'object' && first !== null ? safely(() => textOf(chunk)) : undefined;
    if (typeof text === 'string' && text !== '') yield { text };
    const finish = typeof first === 'object' && first !== null ? (first as { finish_reason?: unknown }).finish_reason : undefined;
    if (typeof finish === 'string' && finish !== '') stopReason = finish === 'length' ? 'maxTokens' : 'eos';
    const timings = objectOr(chunk.timings);
    const usage = objectOr(chunk.usage);
    if (count(timings?.prompt_n) !== undefined) {
      prompt = { evaluated: count(timings!.prompt_n)!, reused: count(timings!.cache_n) ?? 0 };
      generatedTokens = count(timings!.predicted_n);
    } else if (count(usage?.prompt_tokens) !== undefined) {
      const reused = count(objectOr(usage!.prompt_tokens_details)?.cached_tokens) ?? 0;
      prompt = { evaluated: Math.max(0, count(usage!.prompt_tokens)! - reused), reused };
      generatedTokens = count(usage!.completion_tokens);
    }
  }
  yield { end: { ...(stopReason ? { stopReason } : {}), ...(prompt ? { prompt } : {}), ...(generatedTokens !== undefined ? { generatedTokens } : {}) } };
}

function objectOr(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
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
