// OllamaClient against a FAKE Ollama (fakeOllama.ts: a loopback node:http server implementing Ollama's documented
// request and response shapes, because no Ollama binary can be installed here).
import * as assert from 'node:assert/strict';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { OllamaClient } from '../../../src/external/OllamaClient';
import type { InfillRequest } from '../../../src/engine/types';
import { BROKEN_MODEL, CHAT_MODEL, ENDLESS_MODEL, FAILING_MODEL, FIM_MODEL, startFakeOllama } from './fakeOllama';
import type { StubServer } from './stubServer';

const request = (overrides: Partial<InfillRequest> = {}): InfillRequest => ({
  prefix: 'function add(a, b) {\n  ',
  suffix: '\n}\n',
  maxTokens: 16,
  maxTimeMs: 5000,
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<ExternalEngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ExternalEngineError, String(error));
    return error;
  }
  assert.fail('expected a failure');
}

describe('OllamaClient against a fake Ollama server (documented shapes)', () => {
  let ollama: StubServer;
  const client = (model: string, extra: { fimFormat?: string } = {}) => new OllamaClient({ endpoint: ollama.url, model, ...extra });

  before(async () => {
    ollama = await startFakeOllama();
  });
  after(async () => {
    await ollama.close();
  });

  it("completes through /api/generate with suffix (the model's own FIM template), streamed from NDJSON", async () => {
    const pieces: string[] = [];
    const extra = [{ filePath: 'src/math.ts', text: 'export const two = 2;' }];
    const result = await client(FIM_MODEL).complete(request({ extra, stop: ['\n'] }), { onText: (text) => pieces.push(text) });
    assert.equal(result.text, 'return a + b;');
    assert.deepEqual(pieces, ['return ', 'a + b', ';']);
    assert.equal(result.stopReason, 'eos');
    assert.deepEqual(result.prompt, { evaluated: 26, reused: 0 });
    assert.equal(result.generatedTokens, 3);
    const sent = ollama.requests.at(-1)!.body as Record<string, unknown>;
    assert.equal(sent.suffix, '\n}\n');
    assert.equal(sent.stream, true);
    assert.equal(sent.keep_alive, '30m');
    assert.equal(sent.raw, undefined);
    assert.match(sent.prompt as string, /^\/\/ src\/math\.ts\nexport const two = 2;\n\nfunction add/);
    // A short prompt gets the smallest context Pipit asks for; ollamaContext.test in the real-VS-Code suite checks a long one.
    assert.deepEqual(sent.options, { num_ctx: 4096, num_predict: 16, temperature: 0, stop: ['\n'] });
  });

  it("sends a raw prompt from Pipit's own FIM template when a FIM format is set", async () => {
    await client(FIM_MODEL, { fimFormat: 'qwen2.5-coder' }).complete(request());
    const sent = ollama.requests.at(-1)!.body as Record<string, unknown>;
    assert.equal(sent.raw, true);
    assert.equal(sent.suffix, undefined);
    assert.equal(sent.prompt, '<|fim_prefix|>function add(a, b) {\n  <|fim_suffix|>\n}\n<|fim_middle|>');
  });

  it('cancelling closes the HTTP request and resolves cancelled', async () => {
    const controller = new AbortController();
    const result = await client(ENDLESS_MODEL).complete(request({ maxTimeMs: 30_000 }), { signal: controller.signal, onText: () => controller.abort() });
    assert.equal(result.stopReason, 'cancelled');
    await new Promise((done) => setTimeout(done, 100));
    assert.ok(ollama.closedEarly.includes('/api/generate'), 'the server saw the connection close');
  });

  it('a model that is not pulled: says to run ollama pull', async () => {
    const error = await rejection(client('missing:7b').complete(request()));
    assert.equal(error.code, 'MODEL_NOT_FOUND');
    assert.match(error.message, /ollama pull missing:7b/);
  });

  it('a chat model where a base model is needed: says what to use instead', async () => {
    const error = await rejection(client(CHAT_MODEL).complete(request()));
    assert.equal(error.code, 'CHAT_MODEL');
    assert.match(error.message, /base code model/);
    const health = await client(CHAT_MODEL).health();
    assert.equal(health.fim, false);
    assert.match(health.detail, /cannot fill in the middle/);
  });

  it('an error in the middle of the stream and a malformed stream are reported as such', async () => {
    const failed = await rejection(client(FAILING_MODEL).complete(request()));
    assert.equal(failed.code, 'SERVER_ERROR');
    assert.match(failed.message, /out of memory/);
    const broken = await rejection(client(BROKEN_MODEL).complete(request()));
    assert.equal(broken.code, 'MALFORMED');
  });

  it('health lists models and checks FIM support through /api/show', async () => {
    const ok = await client(FIM_MODEL).health();
    assert.deepEqual([ok.ok, ok.fim, ok.model], [true, true, FIM_MODEL]);
    const missing = await client('missing:7b').health();
    assert.equal(missing.ok, false);
    assert.match(missing.detail, /ollama pull missing:7b/);
    assert.match(missing.detail, /qwen2\.5-coder:1\.5b-base/);
  });

  it('answers chat through /api/chat', async () => {
    const result = await client(CHAT_MODEL).chat({ messages: [{ role: 'user', content: 'Explain' }], completion: { prompt: '', stop: [] } });
    assert.equal(result.text, 'return a + b;');
    assert.equal(ollama.requests.at(-1)!.path, '/api/chat');
    assert.equal(result.model, CHAT_MODEL);
  });
});
