// Client for Ollama: `/api/generate` with `suffix` (Ollama lays out the model's own FIM template), or `raw` with
// Pipit's own FIM prompt for a model whose template lacks a suffix; `/api/chat`; NDJSON streaming; `keep_alive` so
// the model stays loaded between keystrokes; `/api/tags` and `/api/show` to list models and check FIM support.
import { DEFAULT_CHAT_MAX_TIME_MS, DEFAULT_CHAT_MAX_TOKENS } from '../engine/chatDefaults';
import { commentFileHeader } from '../engine/fimFormats';
import type { ChatOptions, ChatRequest, ChatResult, CompletionOptions, CompletionResult, InfillRequest, StopReason } from '../engine/types';
import { parseEndpoint } from './endpoint';
import { ExternalEngineError, type ExternalErrorCode } from './ExternalEngineError';
import { buildFimPrompt, fimFormatById, FIM_FAMILIES } from './fimPrompt';
import { call, healthFailure, readJson, type HttpTarget } from './http';
import { chatTunedAdvice, looksChatTuned } from './modelHints';
import { OllamaContext } from './ollamaContext';
import { optionalSignal } from './openAiChat';
import { runStream, type StreamEvent } from './runStream';
import { readNdjson } from './streams';
import type { EngineCapabilities, EngineHealth, PipitEngine } from './types';

const DEFAULT_OLLAMA_ENDPOINT = 'http://127.0.0.1:11434';

export interface OllamaEngineConfig {
  endpoint: string;
  model: string;
  /** How long Ollama keeps the model loaded after a request (Ollama duration, e.g. `30m`). */
  keepAlive?: string;
  /** A family of Pipit's FIM records to send a `raw` prompt instead of `suffix` (models whose template lacks it). */
  fimFormat?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 3000;

interface GenerateChunk {
  response?: string;
  message?: { content?: string };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

export class OllamaClient implements PipitEngine {
  readonly kind = 'ollama' as const;
  private readonly target: HttpTarget;
  private readonly timeoutMs: number;
  private readonly leavesMachine: boolean;
  private readonly keepAlive: string;
  private readonly context = new OllamaContext();

  constructor(private readonly config: OllamaEngineConfig) {
    const endpoint = parseEndpoint(config.endpoint || DEFAULT_OLLAMA_ENDPOINT);
    this.target = { base: endpoint.base, label: `Ollama at ${endpoint.base}` };
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leavesMachine = endpoint.reach !== 'loopback';
    this.keepAlive = config.keepAlive ?? '30m';
    if (config.fimFormat && !fimFormatById(config.fimFormat)) {
      throw new Error(`Unknown FIM format "${config.fimFormat}": use one of ${FIM_FAMILIES.join(', ')}, or leave it empty.`);
    }
  }

  describe(): EngineCapabilities {
    return {
      kind: this.kind,
      label: 'Ollama',
      endpoint: this.target.base,
      leavesMachine: this.leavesMachine,
      completionRoute: this.config.fimFormat
        ? `/api/generate raw, Pipit's ${this.config.fimFormat} FIM prompt`
        : "/api/generate with suffix (the model's FIM template)",
      chatRoute: '/api/chat',
    };
  }

  complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    const format = this.config.fimFormat ? fimFormatById(this.config.fimFormat) : undefined;
    const fim = format ? buildFimPrompt(request, format) : undefined;
    // With `suffix`, Ollama's template takes only prompt and suffix: extra chunks ride at the top of the prompt.
    const extraHead = (request.extra ?? []).map((chunk) => `${commentFileHeader(chunk.filePath)}${chunk.text}\n\n`).join('');
    const stop = fim?.stop ?? request.stop ?? [];
    const prompt = fim ? { prompt: fim.prompt, raw: true } : { prompt: extraHead + request.prefix + (request.middle ?? ''), suffix: request.suffix };
    const body = {
      model: this.config.model,
      ...prompt,
      stream: true,
      keep_alive: this.keepAlive,
      options: {
        num_ctx: this.context.for([prompt.prompt, prompt.suffix ?? ''], request.maxTokens),
        num_predict: request.maxTokens,
        temperature: request.temperature ?? 0,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(stop.length > 0 ? { stop } : {}),
      },
    };
    return runStream(
      async (signal) => {
        const response = await call(this.target, '/api/generate', { body, signal, timeoutMs: this.timeoutMs, explain: (status, said) => this.explain(status, said) });
        return this.events(response, (chunk) => chunk.response);
      },
      { ...optionalSignal(options), maxTimeMs: request.maxTimeMs, stop },
    );
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const body = {
      model: this.config.model,
      messages: request.messages,
      stream: true,
      keep_alive: this.keepAlive,
      options: {
        num_ctx: this.context.for(request.messages.map((message) => message.content), options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS),
        num_predict: options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS,
      },
    };
    const result = await runStream(
      async (signal) => {
        const response = await call(this.target, '/api/chat', { body, signal, timeoutMs: this.timeoutMs, explain: (status, said) => this.explain(status, said) });
        return this.events(response, (chunk) => chunk.message?.content);
      },
      { ...optionalSignal(options), maxTimeMs: options.maxTimeMs ?? DEFAULT_CHAT_MAX_TIME_MS },
    );
    return { ...result, model: this.config.model, mode: 'chat-template' };
  }

  async health(signal?: AbortSignal): Promise<EngineHealth> {
    const model = this.config.model;
    const options = { timeoutMs: HEALTH_TIMEOUT_MS, ...(signal ? { signal } : {}) };
    try {
      const tags = await readJson<{ models?: { name?: string; model?: string }[] }>(await call(this.target, '/api/tags', options), this.target, 'its model list');
      if (!Array.isArray(tags.models)) throw new ExternalEngineError('MALFORMED', `${this.target.label} sent a model list without "models".`);
      const names = tags.models.flatMap((entry) => [entry.name ?? '', entry.model ?? '']);
      if (!model) return { ok: false, fim: false, detail: `No Ollama model is set. Installed: ${listOf(names)}.` };
      if (!names.includes(model) && !names.includes(`${model}:latest`)) {
        return { ok: false, model, fim: false, detail: `Ollama has no model "${model}": run \`ollama pull ${model}\`. Installed: ${listOf(names)}.` };
      }
      const shown = await readJson<{ template?: string; capabilities?: string[] }>(
        await call(this.target, '/api/show', { ...options, body: { model } }),
        this.target,
        'the model details',
      );
      const templateFim = Array.isArray(shown.capabilities) ? shown.capabilities.includes('insert') : /\.Suffix/.test(shown.template ?? '');
      const fim = templateFim || this.config.fimFormat !== undefined && this.config.fimFormat !== '';
      const detail = !fim
        ? `${model}'s template cannot fill in the middle (no suffix support). Pull a base code model (for example qwen2.5-coder:1.5b-base), or set a FIM format to send raw prompts.`
        : looksChatTuned(model)
          ? chatTunedAdvice(model)
          : `Ready: ${model}, ${this.describe().completionRoute}.`;
      return { ok: true, model, fim, detail };
    } catch (error) {
      return { ok: false, fim: false, detail: healthFailure(this.target, error) };
    }
  }

  private explain(status: number, said: string): { code: ExternalErrorCode; message: string } | undefined {
    const model = this.config.model;
    if (status === 404 && /not found/i.test(said)) {
      return { code: 'MODEL_NOT_FOUND', message: `Ollama has no model "${model}" (${said}). Run \`ollama pull ${model}\`, or pick an installed model.` };
    }
    if (status === 400 && /does not support (insert|suffix)/i.test(said)) {
      return {
        code: 'CHAT_MODEL',
        message:
          `${model} cannot fill in the middle: its template has no suffix (${said}). Use a base code model for suggestions ` +
          '(for example qwen2.5-coder:1.5b-base), or set a FIM format so Pipit sends a raw prompt.',
      };
    }
    if (status === 404 || status === 405) {
      return { code: 'NO_ENDPOINT', message: `${this.target.label} has no ${status === 404 ? 'such' : 'matching'} endpoint (HTTP ${status}): is this really Ollama?` };
    }
    return undefined;
  }

  private async *events(response: Response, textOf: (chunk: GenerateChunk) => string | undefined): AsyncGenerator<StreamEvent> {
    if (!response.body) throw new ExternalEngineError('MALFORMED', `${this.target.label} sent an empty response.`);
    for await (const payload of readNdjson(response.body, this.target.label)) {
      const chunk = payload as GenerateChunk;
      if (typeof chunk !== 'object' || chunk === null) throw new ExternalEngineError('MALFORMED', `${this.target.label} sent a malformed stream.`);
      if (chunk.error !== undefined) throw new ExternalEngineError('SERVER_ERROR', `${this.target.label} failed during generation: ${chunk.error}`);
      const text = textOf(chunk);
      if (text) yield { text };
      if (chunk.done) {
        yield {
          end: {
            stopReason: stopReasonOf(chunk.done_reason),
            // Ollama reports the prompt tokens it evaluated; it does not say how many it reused.
            prompt: { evaluated: chunk.prompt_eval_count ?? 0, reused: 0 },
            generatedTokens: chunk.eval_count ?? 0,
          },
        };
      }
    }
  }
}

function stopReasonOf(reason: string | undefined): StopReason {
  return reason === 'length' ? 'maxTokens' : 'eos';
}

function listOf(names: string[]): string {
  const unique = [...new Set(names.filter(Boolean))];
  return unique.length > 0 ? unique.join(', ') : 'none';
}
