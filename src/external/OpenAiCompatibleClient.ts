// Client for OpenAI-compatible servers (vLLM, LM Studio, llama-server's /v1, hosted APIs): `/v1/completions` with a
// FIM prompt built from Pipit's own format records (or the server's `suffix` parameter where it takes one),
// `/v1/chat/completions` for chat, SSE streaming, and an optional API key sent as a Bearer token.
import type { ChatOptions, ChatRequest, ChatResult, CompletionOptions, CompletionResult, InfillRequest } from '../engine/types';
import { parseEndpoint } from './endpoint';
import { ExternalEngineError } from './ExternalEngineError';
import { buildFimPrompt, fimFormatById, fimProbePrompts, FIM_FAMILIES, markersAreTokens } from './fimPrompt';
import { call, healthFailure, readJson, type HttpTarget } from './http';
import { openAiEvents, optionalSignal, streamOpenAiChat } from './openAiChat';
import { runStream } from './runStream';
import type { EngineCapabilities, EngineHealth, PipitEngine } from './types';

export interface OpenAiEngineConfig {
  /** Base URL; a trailing `/v1` is accepted and dropped. */
  endpoint: string;
  apiKey?: string;
  /** Model name sent with every request (required by most servers). */
  model: string;
  /** A FIM family of Pipit's format records (e.g. `qwen2.5-coder`), or `suffix` to send the server's `suffix` field. */
  fimFormat: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 3000;

export class OpenAiCompatibleClient implements PipitEngine {
  readonly kind = 'openai' as const;
  private readonly target: HttpTarget;
  private readonly timeoutMs: number;
  private readonly leavesMachine: boolean;

  constructor(private readonly config: OpenAiEngineConfig) {
    const endpoint = parseEndpoint(config.endpoint);
    const base = endpoint.base.replace(/\/v1$/, '');
    this.target = { base, label: `the OpenAI-compatible server at ${base}`, ...(config.apiKey ? { apiKey: config.apiKey } : {}) };
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leavesMachine = endpoint.reach !== 'loopback';
    if (config.fimFormat !== 'suffix' && !fimFormatById(config.fimFormat)) {
      throw new Error(`Unknown FIM format "${config.fimFormat}": use one of ${[...FIM_FAMILIES, 'suffix'].join(', ')}.`);
    }
  }

  describe(): EngineCapabilities {
    return {
      kind: this.kind,
      label: 'OpenAI-compatible server',
      endpoint: this.target.base,
      leavesMachine: this.leavesMachine,
      completionRoute:
        this.config.fimFormat === 'suffix' ? '/v1/completions with `suffix`' : `/v1/completions with Pipit's ${this.config.fimFormat} FIM prompt`,
      chatRoute: '/v1/chat/completions',
    };
  }

  complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    const format = fimFormatById(this.config.fimFormat);
    const fim = format ? buildFimPrompt(request, format) : { prompt: request.prefix + (request.middle ?? ''), stop: request.stop ?? [] };
    const body = {
      model: this.config.model,
      prompt: fim.prompt,
      ...(format ? {} : { suffix: request.suffix }),
      max_tokens: request.maxTokens,
      // OpenAI takes at most four stop sequences; the rest are applied to the text as it streams.
      ...(fim.stop.length > 0 ? { stop: fim.stop.slice(0, 4) } : {}),
      temperature: request.temperature ?? 0,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      stream: true,
      stream_options: { include_usage: true },
      // llama-server reads this; other servers ignore unknown fields.
      cache_prompt: true,
    };
    return runStream(
      async (signal) => {
        const response = await call(this.target, '/v1/completions', { body, signal, timeoutMs: this.timeoutMs, explain: (status, said) => this.explain(status, said) });
        return openAiEvents(response, this.target, (chunk) => chunk.choices?.[0]?.text);
      },
      { ...optionalSignal(options), maxTimeMs: request.maxTimeMs, stop: fim.stop },
    );
  }

  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    return streamOpenAiChat(this.target, this.config.model, request, options, this.timeoutMs);
  }

  async health(signal?: AbortSignal): Promise<EngineHealth> {
    const model = this.config.model;
    try {
      const listed = await readJson<{ data?: { id?: string }[] }>(
        await call(this.target, '/v1/models', { timeoutMs: HEALTH_TIMEOUT_MS, ...(signal ? { signal } : {}) }),
        this.target,
        'its model list',
      );
      if (!Array.isArray(listed.data)) throw new ExternalEngineError('MALFORMED', `${this.target.label} sent a model list without "data".`);
      const ids = listed.data.map((entry) => entry.id ?? '');
      // llama-server serves one model whatever name is asked for; elsewhere the name must be listed.
      const known = ids.length === 1 || ids.includes(model);
      if (!known) {
        return { ok: false, model, fim: false, detail: `${this.target.label} does not serve "${model}". It serves: ${ids.join(', ') || 'nothing'}.` };
      }
      const served = model || ids[0]!;
      const probe = await this.probeFim(signal);
      return { ok: true, model: served, fim: probe.fim, detail: `Ready: ${served}, ${this.describe().completionRoute}. ${probe.detail}` };
    } catch (error) {
      return { ok: false, fim: false, detail: healthFailure(this.target, error) };
    }
  }

  /**
   * Whether the server fills in the middle, asked of the server: with `suffix`, whether it takes the field; with one
   * of Pipit's formats, whether the prompt tokens it reports show the FIM markers read as tokens of its vocabulary.
   */
  private async probeFim(signal?: AbortSignal): Promise<{ fim: boolean | undefined; detail: string }> {
    const promptTokens = async (fields: Record<string, unknown>): Promise<number | undefined> => {
      const body = { model: this.config.model, max_tokens: 1, temperature: 0, stream: false, ...fields };
      const response = await call(this.target, '/v1/completions', { body, timeoutMs: HEALTH_TIMEOUT_MS, ...(signal ? { signal } : {}), explain: (status, said) => this.explain(status, said) });
      const answer = await readJson<{ usage?: { prompt_tokens?: unknown } }>(response, this.target, 'its completion');
      return typeof answer.usage?.prompt_tokens === 'number' ? answer.usage.prompt_tokens : undefined;
    };
    try {
      const format = fimFormatById(this.config.fimFormat);
      if (!format) {
        await promptTokens({ prompt: 'def add(a, b):\n    return ', suffix: '\n' });
        return { fim: true, detail: 'It took a request with `suffix`.' };
      }
      const probe = fimProbePrompts(format);
      const [withMarkers, without] = [await promptTokens({ prompt: probe.prompt }), await promptTokens({ prompt: probe.plain })];
      if (withMarkers === undefined || without === undefined) {
        return { fim: undefined, detail: 'It reports no prompt token counts, so whether its model knows the FIM tokens could not be checked.' };
      }
      return markersAreTokens(withMarkers, without, probe.markers)
        ? { fim: true, detail: `Its model reads the ${format.displayName} FIM markers as tokens.` }
        : {
            fim: false,
            detail:
              `Its model reads the ${format.displayName} FIM markers as plain text (${withMarkers - without} tokens for ${probe.markers} markers): it does not fill in the middle. ` +
              'Serve a base code model of that family, or set pipit.engines.openai.fimFormat to its family.',
          };
    } catch (error) {
      return { fim: false, detail: `A fill-in-the-middle request failed: ${healthFailure(this.target, error)}` };
    }
  }

  private explain(status: number, said: string): { code: 'NO_ENDPOINT' | 'MODEL_NOT_FOUND'; message: string } | undefined {
    if (status === 404 && /model/i.test(said)) {
      return { code: 'MODEL_NOT_FOUND', message: `${this.target.label} does not know the model "${this.config.model}" (${said}). Check the model setting.` };
    }
    if (status === 404 || status === 405 || status === 501) {
      return {
        code: 'NO_ENDPOINT',
        message:
          `${this.target.label} has no /v1/completions endpoint (HTTP ${status}): some servers offer only chat. ` +
          'Use llama-server (/infill) or Ollama for suggestions, or a server with the legacy completions endpoint.',
      };
    }
    return undefined;
  }
}
