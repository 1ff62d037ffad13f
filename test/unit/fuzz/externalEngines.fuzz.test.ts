// Fuzz: what an external engine's server may answer. A loopback stub (named as such) answers each request of
// seeded, bounded scenarios with a hostile response for the route: truncated JSON, events of the wrong types, lines
// of megabytes, invalid UTF-8, error statuses with odd bodies, connections dropped mid-stream, answers that trickle
// past the time limit. Every completion and chat must settle in bounded time with text or an ExternalEngineError
// (never a TypeError), and a health check must always resolve with words for the user.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { CompletionResult } from '../../../src/engine/types';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { LlamaServerClient } from '../../../src/external/LlamaServerClient';
import { OllamaClient } from '../../../src/external/OllamaClient';
import { OpenAiCompatibleClient } from '../../../src/external/OpenAiCompatibleClient';
import type { PipitEngine } from '../../../src/external/types';
import { startStubServer, type StubServer } from '../external/stubServer';
import { chance, int, invalidUtf8, pick, randomString, randomValue, seeded, type Random } from './random';
import { settleWithin } from './settleWithin';

/** PIPIT_FUZZ_SEED replays or explores another seed; the default is what the suite runs. */
export const EXTERNAL_SEED = Number(process.env.PIPIT_FUZZ_SEED ?? 0x5eed0ee7);
export const EXTERNAL_SCENARIOS = 240;

const MAX_TIME_MS = 600;
const TIMEOUT_MS = 1500;
/** Longer than any scenario may take: the response must start within TIMEOUT_MS and end within MAX_TIME_MS after. */
const SETTLE_MS = TIMEOUT_MS + MAX_TIME_MS + 3000;

type Dialect = 'sse-llama' | 'sse-openai-text' | 'sse-openai-chat' | 'ndjson-generate' | 'ndjson-chat';

/** One well-formed event of each dialect, as the real servers send them. */
function goodEvent(dialect: Dialect, random: Random, last: boolean): string {
  const text = pick(random, ['x', ' = ', '1;', '\n', 'é', '💥']);
  switch (dialect) {
    case 'sse-llama':
      return `data: ${JSON.stringify({ content: text, stop: last, ...(last ? { stop_type: 'eos', timings: { prompt_n: 3, cache_n: 0, predicted_n: 2 } } : {}) })}\n\n`;
    case 'sse-openai-text':
      return `data: ${JSON.stringify({ choices: [{ text, finish_reason: last ? 'stop' : null }] })}\n\n`;
    case 'sse-openai-chat':
      return `data: ${JSON.stringify({ choices: [{ delta: { content: text }, finish_reason: last ? 'stop' : null }] })}\n\n`;
    case 'ndjson-generate':
      return `${JSON.stringify({ response: text, done: last })}\n`;
    case 'ndjson-chat':
      return `${JSON.stringify({ message: { content: text }, done: last })}\n`;
  }
}

/** A JSON payload of the dialect's shape with some fields given the wrong types. */
function wrongTypes(dialect: Dialect, random: Random): unknown {
  const value = () => randomValue(random, 2);
  switch (dialect) {
    case 'sse-llama':
      return pick(random, [{ content: value() }, { content: 'a', stop: value(), timings: value() }, { error: value() }, { stop: true, tokens_predicted: value(), timings: { prompt_n: value() } }]);
    case 'sse-openai-text':
    case 'sse-openai-chat':
      return pick(random, [
        { choices: value() },
        { choices: [value()] },
        { choices: [{ text: value(), delta: value(), finish_reason: value() }] },
        { choices: [{ delta: { content: value() } }] },
        { usage: value() },
        { usage: { prompt_tokens: value(), prompt_tokens_details: value() } },
        { timings: { prompt_n: value() } },
        { error: value() },
      ]);
    case 'ndjson-generate':
    case 'ndjson-chat':
      return pick(random, [{ response: value() }, { message: value() }, { message: { content: value() } }, { done: value(), done_reason: value(), eval_count: value() }, { error: value() }]);
  }
}

function frame(dialect: Dialect, payload: string): string {
  return dialect.startsWith('sse') ? `data: ${payload}\n\n` : `${payload}\n`;
}

/** Writes a hostile streamed answer: a mix of good events, broken ones and transport trouble. */
async function hostileStream(dialect: Dialect, random: Random, response: ServerResponse): Promise<void> {
  const status = pick(random, [200, 200, 200, 200, 200, 500, 404, 401, 503, 200]);
  if (status !== 200) {
    response.writeHead(status, { 'content-type': pick(random, ['application/json', 'text/html']) });
    const body = pick(random, [JSON.stringify(randomValue(random)), '<html>nope</html>', 'x'.repeat(int(random, 0, 200_000)), '{"error":{"message":']);
    response.end(body);
    return;
  }
  response.writeHead(200, { 'content-type': dialect.startsWith('sse') ? 'text/event-stream' : 'application/x-ndjson' });
  const events = int(random, 0, 8);
  for (let index = 0; index < events; index++) {
    if (response.destroyed) return;
    const kind = random();
    if (kind < 0.35) response.write(goodEvent(dialect, random, index === events - 1 && chance(random, 0.5)));
    else if (kind < 0.55) response.write(frame(dialect, JSON.stringify(wrongTypes(dialect, random))));
    else if (kind < 0.65) {
      const good = goodEvent(dialect, random, false);
      response.write(good.slice(0, int(random, 1, good.length - 2)) + (chance(random, 0.5) ? '\n' : ''));
    } else if (kind < 0.72) response.write(frame(dialect, JSON.stringify(randomValue(random))));
    else if (kind < 0.8) response.write(Buffer.concat([Buffer.from(dialect.startsWith('sse') ? 'data: {"content":"' : '{"response":"'), invalidUtf8(random), Buffer.from('"}\n\n')]));
    else if (kind < 0.84) response.write(pick(random, [': keep-alive\n\n', 'event: ping\n\n', 'data: [DONE]\n\n', '\n\n\n', 'retry: 10\n']));
    else if (kind < 0.87) {
      // A line of megabytes with no end in sight.
      response.write(`data: "${'a'.repeat(int(random, 1, 3) * 1024 * 1024)}`);
    } else if (kind < 0.91) {
      response.socket?.destroy();
      return;
    } else if (kind < 0.95) {
      // Trickles past the time limit.
      await new Promise((resolve) => setTimeout(resolve, MAX_TIME_MS + 200));
    } else response.write(randomString(random, 200) + '\n');
  }
  if (!response.destroyed) response.end(chance(random, 0.5) && dialect.startsWith('sse') ? 'data: [DONE]\n\n' : '');
}

/** A hostile answer to a health or listing request: any JSON, huge bodies, HTML, truncations. */
function hostileJson(random: Random, response: ServerResponse): void {
  const status = pick(random, [200, 200, 200, 500, 404, 501]);
  response.writeHead(status, { 'content-type': 'application/json' });
  const body = pick(random, [
    () => JSON.stringify(randomValue(random)),
    () => JSON.stringify({ status: randomValue(random, 1), model_path: randomValue(random, 1), model_alias: randomValue(random, 1) }),
    () => JSON.stringify({ models: randomValue(random, 2) }),
    () => JSON.stringify({ models: [{ name: randomValue(random, 0), model: randomValue(random, 0) }] }),
    () => JSON.stringify({ data: randomValue(random, 2), template: randomValue(random, 0), capabilities: randomValue(random, 1) }),
    () => '{"status":"ok"',
    () => `{"model_path":"${'m'.repeat(5 * 1024 * 1024)}"}`,
    () => 'null',
    () => '<html>502 Bad Gateway</html>',
  ])();
  response.end(body);
}

function dialectOf(path: string, client: string): Dialect | undefined {
  if (path.startsWith('/infill')) return 'sse-llama';
  if (path.startsWith('/v1/completions')) return 'sse-openai-text';
  if (path.startsWith('/v1/chat/completions')) return 'sse-openai-chat';
  if (path.startsWith('/api/generate')) return 'ndjson-generate';
  if (path.startsWith('/api/chat')) return 'ndjson-chat';
  void client;
  return undefined;
}


describe('fuzz: external engine responses', function () {
  this.timeout(600_000);
  let server: StubServer;
  let random: Random;

  before(async () => {
    random = seeded(EXTERNAL_SEED);
    server = await startStubServer(async (request, response) => {
      const dialect = dialectOf(request.path, '');
      // The infill probe of a health check and real generations get streams; everything else a JSON answer.
      if (dialect && !(request.path === '/infill' && (request.body as { n_predict?: number } | undefined)?.n_predict === 1 && chance(random, 0.5))) {
        await hostileStream(dialect, random, response);
      } else hostileJson(random, response);
    });
  });

  after(async () => {
    await server?.close();
  });

  it(`settles ${EXTERNAL_SCENARIOS} completions, chats and health checks (seed ${EXTERNAL_SEED.toString(16)}) with text or a clear error`, async () => {
    const clients: PipitEngine[] = [
      new LlamaServerClient({ endpoint: server.url, timeoutMs: TIMEOUT_MS }),
      new OllamaClient({ endpoint: server.url, model: 'stub', timeoutMs: TIMEOUT_MS }),
      new OllamaClient({ endpoint: server.url, model: 'stub', fimFormat: 'qwen2.5-coder', timeoutMs: TIMEOUT_MS }),
      new OpenAiCompatibleClient({ endpoint: `${server.url}/v1`, model: 'stub', fimFormat: 'qwen2.5-coder', timeoutMs: TIMEOUT_MS }),
    ];
    const problems: string[] = [];
    const counts = { complete: 0, chat: 0, health: 0, text: 0, errors: 0 };
    for (let scenario = 0; scenario < EXTERNAL_SCENARIOS; scenario++) {
      const client = clients[scenario % clients.length]!;
      const method = pick(random, ['complete', 'complete', 'chat', 'health'] as const);
      counts[method]++;
      const where = `scenario ${scenario} (${client.kind} ${method})`;
      const texts: unknown[] = [];
      const onText = (text: unknown) => texts.push(text);
      const call =
        method === 'complete'
          ? client.complete({ prefix: 'a = ', suffix: '\n', maxTokens: 8, maxTimeMs: MAX_TIME_MS }, { onText })
          : method === 'chat'
            ? client.chat({ messages: [{ role: 'user', content: 'explain' }], completion: { prompt: 'explain', stop: [] } }, { onText, maxTimeMs: MAX_TIME_MS })
            : client.health();
      const settled = await settleWithin(call as Promise<unknown>, SETTLE_MS);
      if (settled.stalled) {
        problems.push(`${where}: did not settle within ${SETTLE_MS} ms`);
        continue;
      }
      if (texts.some((text) => typeof text !== 'string')) problems.push(`${where}: onText got ${JSON.stringify(texts.find((text) => typeof text !== 'string'))}`);
      if (settled.error !== undefined) {
        counts.errors++;
        if (method === 'health') problems.push(`${where}: health rejected with ${String(settled.error)}`);
        else if (!(settled.error instanceof ExternalEngineError)) problems.push(`${where}: rejected with ${String(settled.error)}`);
        else if (!settled.error.message) problems.push(`${where}: an error without words`);
        continue;
      }
      if (method === 'health') {
        const health = settled.value as { ok?: unknown; fim?: unknown; detail?: unknown };
        if (typeof health.ok !== 'boolean' || typeof health.fim !== 'boolean' || typeof health.detail !== 'string') problems.push(`${where}: health ${JSON.stringify(health)}`);
        else if (/TypeError|Cannot read prop|is not a function|undefined/.test(health.detail)) problems.push(`${where}: health says ${health.detail.slice(0, 120)}`);
        continue;
      }
      const result = settled.value as CompletionResult;
      counts.text++;
      const numbers = [result.prompt?.evaluated, result.prompt?.reused, result.generatedTokens, result.totalMs, result.timeToFirstTokenMs];
      if (typeof result.text !== 'string' || typeof result.stopReason !== 'string' || numbers.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
        problems.push(`${where}: resolved with ${JSON.stringify(result).slice(0, 160)}`);
      }
    }
    if (process.env.PIPIT_FUZZ_SUMMARY) console.log(JSON.stringify({ scenarios: EXTERNAL_SCENARIOS, ...counts, requests: server.requests.length, problems: problems.length }));
    assert.deepEqual(problems.slice(0, 15), []);
    assert.ok(counts.text > 0 && counts.errors > 0, `both outcomes were reached: ${JSON.stringify(counts)}`);
  });
});
