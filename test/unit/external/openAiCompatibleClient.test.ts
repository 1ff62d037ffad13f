// OpenAiCompatibleClient against a REAL llama-server's OpenAI-compatible /v1 endpoints (tiny qwenFim test model,
// random weights: assertions are on protocol behaviour), started with --api-key to test the Bearer key.
import * as assert from 'node:assert/strict';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { OpenAiCompatibleClient } from '../../../src/external/OpenAiCompatibleClient';
import { redact } from '../../../src/external/redact';
import type { InfillRequest } from '../../../src/engine/types';
import { ensureTestModels } from '../../models/testModels';
import { LLAMA_SERVER_BUILD_TIMEOUT_MS, startTestLlamaServer, type RunningServer } from '../../harness/llamaServer';

const KEY = 'sk-pipit-test-0123456789abcdef';

const request = (overrides: Partial<InfillRequest> = {}): InfillRequest => ({
  prefix: 'a = ',
  suffix: '\n',
  maxTokens: 8,
  maxTimeMs: 20_000,
  ...overrides,
});

describe('OpenAiCompatibleClient against a real llama-server /v1', function () {
  let server: RunningServer;
  let client: OpenAiCompatibleClient;

  before(async function () {
    this.timeout(LLAMA_SERVER_BUILD_TIMEOUT_MS);
    const models = await ensureTestModels();
    server = await startTestLlamaServer(models.qwenFim, ['--api-key', KEY]);
    client = new OpenAiCompatibleClient({ endpoint: `${server.url}/v1`, apiKey: KEY, model: 'qwenFim', fimFormat: 'qwen2.5-coder' });
  });

  after(async () => {
    await server?.stop();
  });

  it("sends Pipit's FIM prompt to /v1/completions, and the server reads its FIM tokens as tokens", async () => {
    const result = await client.complete(request({ prefix: `a${Date.now() % 10} = ` }));
    assert.ok(result.text.length > 0);
    const promptTokens = result.prompt.evaluated + result.prompt.reused;
    // `<|fim_prefix|>a1 = <|fim_suffix|>\n<|fim_middle|>`: about 8 tokens when the three FIM markers are single
    // special tokens; tokenized as text they alone would be 18 or more.
    assert.ok(promptTokens > 0 && promptTokens < 14, `${promptTokens} prompt tokens`);
    assert.ok(['eos', 'maxTokens'].includes(result.stopReason), result.stopReason);
  });

  it('streams, and cancelling aborts the request', async () => {
    const pieces: string[] = [];
    const streamed = await client.complete(request({ maxTokens: 10 }), { onText: (text) => pieces.push(text) });
    assert.ok(pieces.length >= 2);
    assert.equal(pieces.join(''), streamed.text);
    const controller = new AbortController();
    const started = performance.now();
    const cancelled = await client.complete(request({ maxTokens: 3000, maxTimeMs: 60_000 }), {
      signal: controller.signal,
      onText: () => controller.abort(),
    });
    assert.equal(cancelled.stopReason, 'cancelled');
    assert.ok(performance.now() - started < 2000);
  });

  it('answers chat through /v1/chat/completions', async () => {
    const result = await client.chat({ messages: [{ role: 'user', content: 'Explain x = 1' }], completion: { prompt: '', stop: [] } }, { maxTokens: 5 });
    assert.ok(result.text.length > 0);
    assert.equal(result.model, 'qwenFim');
  });

  it('health finds the model in /v1/models', async () => {
    const health = await client.health();
    assert.equal(health.ok, true, health.detail);
    assert.equal(health.fim, true);
  });

  it('a wrong API key: a 401 with advice, and the key appears in no message or log line', async () => {
    const wrongKey = 'sk-wrong-key-abcdef0123456789';
    const wrong = new OpenAiCompatibleClient({ endpoint: server.url, apiKey: wrongKey, model: 'qwenFim', fimFormat: 'qwen2.5-coder' });
    let caught: ExternalEngineError | undefined;
    try {
      await wrong.complete(request());
    } catch (error) {
      caught = error as ExternalEngineError;
    }
    assert.ok(caught instanceof ExternalEngineError);
    assert.equal(caught.code, 'UNAUTHORIZED');
    assert.match(caught.message, /Set Engine API Key/);
    // What the engine hub writes to the log passes through redact() with the keys it knows.
    const lines = [`completion failed: ${caught.message} (${caught.detail}) with Authorization: Bearer ${wrongKey}`, `configured key ${KEY}`].map((line) =>
      redact(line, [wrongKey, KEY]),
    );
    for (const text of [caught.message, caught.detail ?? '', ...lines]) {
      assert.ok(!text.includes(wrongKey) && !text.includes(KEY), `a key leaked into: ${text}`);
    }
    assert.match(lines[0]!, /Authorization: \[redacted\]/);
  });
});
