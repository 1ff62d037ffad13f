// Client for llama.cpp's llama-server: `/infill` (the server lays out the model's own FIM prompt, with the request's
// extra chunks as `input_extra`, and keeps the KV cache with `cache_prompt`), `/v1/chat/completions` for chat, and
// `/health` + `/props` (+ a one-token `/infill` probe) to learn the model and whether it can fill in the middle.
import type { ChatOptions, ChatRequest, ChatResult, CompletionOptions, CompletionResult, InfillRequest, StopReason } from '../engine/types';
import { parseEndpoint } from './endpoint';
import { ExternalEngineError, isExternalEngineError } from './ExternalEngineError';
import { call, healthFailure, readJson, type HttpTarget } from './http';
import { chatTunedAdvice, looksChatTuned, modelDisplayName } from './modelHints';
import { optionalSignal, streamOpenAiChat } from './openAiChat';
import { runStream, type StreamEvent } from './runStream';
import { readSse } from './streams';
import type { EngineCapabilities, EngineHealth, PipitEngine } from './types';

export interface ServerEngineConfig {
  endpoint: string;
  apiKey?: string;
  /** Most time until a response starts (default 10 s); generation itself is bounded by the request's maxTimeMs. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 3000;

interface InfillChunk {
  content?: string;
  stop?: boolean;
  stop_type?: string;
  tokens_predicted?: number;
  timings?: { prompt_n?: number; cache_n?: number; predicted_n?: number };
  error?: { message?: string } | string;
}

export class LlamaServerClient implements PipitEngine {
  readonly kind = 'llamaServer' as const;
  private readonly target: HttpTarget;
  private readonly timeoutMs: number;
  private readonly leavesMachine: boolean;
  private model: string | undefined;

  constructor(config: ServerEngineConfig) {
    const endpoint = parseEndpoint(config.endpoint);
    this.target = { base: endpoint.base, label: `llama-server at ${endpoint.base}`, ...(config.apiKey ? { apiKey: config.apiKey } : {}) };
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leavesMachine = endpoint.reach !== 'loopback';
  }

  describe(): EngineCapabilities {
    return {
      kind: this.kind,
      label: 'llama-server',
      endpoint: this.target.base,
      leavesMachine: this.leavesMachine,
      completionRoute: '/infill (the model\'s own FIM template, input_extra, cache_prompt)',
      chatRoute: '/v1/chat/completions',
    };
  }

  complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    const body = {
      input_prefix: request.prefix,
      input_suffix: request.suffix,
      input_extra: (request.extra ?? []).map((chunk) => ({ filename: chunk.filePath, text: chunk.text })),
      // The typed run. llama-server appends `prompt` to the prefix, before its suffix token (its README says after the
      // middle token; the code does not), so the model sees the code before the cursor either way.
      prompt: request.middle ?? '',
      n_predict: request.maxTokens,
      stop: request.stop ?? [],
      stream: true,
      cache_prompt: true,
      temperature: request.temperature ?? 0,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
    };
    return runStream(
      async (signal) => {
        const response = await call(this.target, '/infill', { body, signal, timeoutMs: this.timeoutMs, explain: (status, said) => this.explainInfill(status, said) });
        return this.infillEvents(response);
      },
      { ...optionalSignal(options), maxTimeMs: request.maxTimeMs, stop: request.stop ?? [] },
    );
  }

  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    return streamOpenAiChat(this.target, undefined, request, options, this.timeoutMs).then((result) => ({
      ...result,
      model: this.model ?? 'llama-server',
    }));
  }

  async health(signal?: AbortSignal): Promise<EngineHealth> {
    const options = { timeoutMs: HEALTH_TIMEOUT_MS, ...(signal ? { signal } : {}) };
    try {
      const health = await readJson<{ status?: string }>(await call(this.target, '/health', options), this.target, 'a health answer');
      if (health.status !== undefined && health.status !== 'ok') {
        return { ok: false, fim: false, detail: `${this.target.label} is not ready (${health.status}).` };
      }
      const props = await readJson<{ model_path?: string; model_alias?: string }>(
        await call(this.target, '/props', options),
        this.target,
        'its properties',
      );
      const model = modelDisplayName(props.model_alias || props.model_path || 'unknown model');
      this.model = model;
      const fim = await this.probeInfill(signal);
      const chatTuned = looksChatTuned(model);
      const detail = !fim
        ? `${model} has no fill-in-the-middle tokens: /infill cannot work. Start llama-server with a base code model (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2, CodeGemma).`
        : chatTuned
          ? chatTunedAdvice(model)
          : `Ready: ${model}, fill-in-the-middle through /infill.`;
      // Reachable and serving: `ok`. Whether it can fill in the middle is `fim` (a chat-only server still explains).
      return { ok: true, model, fim, detail };
    } catch (error) {
      return { ok: false, fim: false, detail: healthFailure(this.target, error) };
    }
  }

  /** A one-token infill: the only way the server tells whether its model has FIM tokens (501 when it has not). */
  private async probeInfill(signal?: AbortSignal): Promise<boolean> {
    try {
      await call(this.target, '/infill', {
        body: { input_prefix: '', input_suffix: '', n_predict: 1, cache_prompt: false },
        timeoutMs: this.timeoutMs,
        ...(signal ? { signal } : {}),
        explain: (status, said) => this.explainInfill(status, said),
      }).then((response) => response.text());
      return true;
    } catch (error) {
      if (isExternalEngineError(error) && error.code === 'NO_FIM') return false;
      throw error;
    }
  }

  private explainInfill(status: number, said: string): { code: 'NO_FIM' | 'NO_ENDPOINT'; message: string } | undefined {
    if (status === 501 || /infill is not supported/i.test(said)) {
      return {
        code: 'NO_FIM',
        message:
          `The model ${this.target.label} runs has no fill-in-the-middle tokens (${said || `HTTP ${status}`}). ` +
          'Start llama-server with a base code model that has them (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2, CodeGemma), ' +
          'or route suggestions to the built-in engine.',
      };
    }
    if (status === 404 || status === 405) {
      return {
        code: 'NO_ENDPOINT',
        message:
          `${this.target.label} has no /infill endpoint (HTTP ${status}): it is not llama-server, or an old one. ` +
          'For Ollama choose the Ollama engine; for vLLM, LM Studio or another OpenAI-compatible server choose ' +
          '"OpenAI-compatible" (it uses /v1/completions).',
      };
    }
    return undefined;
  }

  private async *infillEvents(response: Response): AsyncGenerator<StreamEvent> {
    if (!response.body) throw new ExternalEngineError('MALFORMED', `${this.target.label} sent an empty response.`);
    for await (const payload of readSse(response.body, this.target.label)) {
      const chunk = payload as InfillChunk;
      if (typeof chunk !== 'object' || chunk === null) {
        throw new ExternalEngineError('MALFORMED', `${this.target.label} sent a malformed stream.`, JSON.stringify(payload).slice(0, 200));
      }
      if (chunk.error !== undefined && chunk.error !== null) {
        const said = typeof chunk.error === 'object' ? (chunk.error as { message?: unknown }).message : chunk.error;
        const message = typeof said === 'string' ? said : JSON.stringify(chunk.error).slice(0, 200);
        throw new ExternalEngineError('SERVER_ERROR', `${this.target.label} failed during generation: ${message}`, undefined, [this.target.apiKey]);
      }
      if (chunk.content) yield { text: chunk.content };
      if (chunk.stop) {
        yield {
          end: {
            stopReason: stopReasonOf(chunk.stop_type),
            prompt: { evaluated: chunk.timings?.prompt_n ?? 0, reused: chunk.timings?.cache_n ?? 0 },
            generatedTokens: chunk.tokens_predicted ?? chunk.timings?.predicted_n ?? 0,
          },
        };
      }
    }
  }
}

function stopReasonOf(stopType: string | undefined): StopReason {
  return stopType === 'word' ? 'stopSequence' : stopType === 'limit' ? 'maxTokens' : 'eos';
}
