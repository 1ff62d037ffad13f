// LlamaServerClient against a REAL llama-server (built from node-llama-cpp's llama.cpp bundle if absent) serving the
// tiny test models: qwenFim (Qwen2.5-Coder FIM vocabulary) and noFim (GPT-2 vocabulary, no FIM tokens). Their
// weights are random, so tests assert on protocol behaviour (streaming, counts, stops, errors), never on the words.
import * as assert from 'node:assert/strict';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { LlamaServerClient } from '../../../src/external/LlamaServerClient';
import type { InfillRequest } from '../../../src/engine/types';
import { ensureTestModels } from '../../models/testModels';
import { LLAMA_SERVER_BUILD_TIMEOUT_MS, startTestLlamaServer, type RunningServer } from '../../harness/llamaServer';
import { closedPort, startStubServer } from './stubServer';
import { rejection as rejectionOf } from '../helpers/rejection';

const request = (overrides: Partial<InfillRequest> = {}): InfillRequest => ({
  prefix: 'function add(a, b) {\n  return ',
  suffix: ';\n}\n\nconsole.log(add(1, 2));\n',
  maxTokens: 8,
  maxTimeMs: 20_000,
  ...overrides,
});

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, ExternalEngineError, 'the request');

describe('LlamaServerClient against a real llama-server', function () {
  let fim: RunningServer;
  let noFim: RunningServer;
  let client: LlamaServerClient;

  before(async function () {
    this.timeout(LLAMA_SERVER_BUILD_TIMEOUT_MS);
    const models = await ensureTestModels();
    fim = await startTestLlamaServer(models.qwenFim);
    noFim = await startTestLlamaServer(models.noFim);
    client = new LlamaServerClient({ endpoint: fim.url });
  });

  after(async () => {
    await fim?.stop();
    await noFim?.stop();
  });

  it('fills in the middle through /infill and reports the prompt it evaluated', async () => {
    const result = await client.complete(request({ prefix: `// ${Date.now()}\nfunction add(a, b) {\n  return ` }));
    assert.ok(result.text.length > 0, 'some text came back');
    assert.ok(['eos', 'maxTokens'].includes(result.stopReason), result.stopReason);
    assert.ok(result.generatedTokens >= 1 && result.generatedTokens <= 8, `generated ${result.generatedTokens}`);
    assert.ok(result.prompt.evaluated > 10, `evaluated ${result.prompt.evaluated}`);
    assert.ok(result.totalMs >= result.timeToFirstTokenMs);
  });

  it('reuses the cached prompt on the next keystroke (cache_prompt)', async () => {
    const first = request({ prefix: `// reuse ${Date.now()}\nconst total = items.reduce((sum, item) => sum + ` });
    await client.complete(first);
    const next = await client.complete({ ...first, prefix: `${first.prefix}i` });
    assert.ok(next.prompt.reused > 10, `reused ${next.prompt.reused}`);
    // Prefix-suffix-middle order: the suffix after the change is evaluated again, the prefix before it is not.
    assert.ok(next.prompt.reused > next.prompt.evaluated, `evaluated ${next.prompt.evaluated}, reused ${next.prompt.reused}`);
  });

  it('sends extra chunks from other files as input_extra, so the model sees them', async () => {
    const base = request({ prefix: `// extra ${Date.now()}\nconst x = ` });
    const without = await client.complete(base);
    const helper = 'export function clamp(value, low, high) {\n  return Math.min(high, Math.max(low, value));\n}\n';
    const withExtra = await client.complete({ ...base, extra: [{ filePath: 'src/clamp.js', text: helper }] });
    const size = (result: typeof without) => result.prompt.evaluated + result.prompt.reused;
    assert.ok(size(withExtra) >= size(without) + 20, `prompt grew from ${size(without)} to ${size(withExtra)} tokens`);
  });

  it('streams text as it is generated; the pieces make up the answer', async () => {
    const pieces: string[] = [];
    const result = await client.complete(request({ maxTokens: 12 }), { onText: (text) => pieces.push(text) });
    assert.ok(pieces.length >= 2, `${pieces.length} pieces`);
    assert.equal(pieces.join(''), result.text);
  });

  it('stops a single-line request at the end of the line', async () => {
    const result = await client.complete(request({ maxTokens: 48, stop: ['\n'] }));
    assert.ok(!result.text.includes('\n'), JSON.stringify(result.text));
  });

  it('cancels: the HTTP request is aborted, the result says cancelled, and the server is free at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const result = await client.complete(request({ maxTokens: 3000, maxTimeMs: 60_000 }), {
      signal: controller.signal,
      onText: () => controller.abort(),
    });
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(performance.now() - started < 2000, 'cancelled within two seconds');
    // A server still generating the 3000 tokens would hold its only slot; the next request would wait for it.
    const next = await client.complete(request({ maxTokens: 2 }));
    assert.ok(next.totalMs < 2000, `next request took ${Math.round(next.totalMs)} ms`);
    const early = await client.complete(request(), { signal: AbortSignal.abort() });
    assert.equal(early.stopReason, 'cancelled');
  });

  it('ends at maxTimeMs with what it has', async () => {
    const result = await client.complete(request({ maxTokens: 3000, maxTimeMs: 300 }));
    assert.equal(result.stopReason, 'maxTime');
    assert.ok(result.totalMs < 1500, `${Math.round(result.totalMs)} ms`);
  });

  it('answers chat through /v1/chat/completions', async () => {
    const pieces: string[] = [];
    const result = await client.chat(
      { messages: [{ role: 'user', content: 'Explain: const x = 1;' }], completion: { prompt: '', stop: [] } },
      { maxTokens: 6, onText: (text) => pieces.push(text) },
    );
    assert.equal(result.mode, 'chat-template');
    assert.ok(result.text.length > 0);
    assert.equal(pieces.join(''), result.text);
  });

  it('health names the model and says it can fill in the middle', async () => {
    const health = await client.health();
    assert.equal(health.ok, true);
    assert.equal(health.fim, true);
    assert.match(health.model ?? '', /qwenFim/);
  });

  it('on a model without FIM tokens: health says so, and a completion fails with advice', async () => {
    const other = new LlamaServerClient({ endpoint: noFim.url });
    const health = await other.health();
    assert.equal(health.fim, false);
    assert.match(health.detail, /no fill-in-the-middle tokens/);
    const error = await rejection(other.complete(request()));
    assert.equal(error.code, 'NO_FIM');
    assert.match(error.message, /base code model/);
  });

  it('says the server is not running when nothing listens', async () => {
    const down = new LlamaServerClient({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    const error = await rejection(down.complete(request()));
    assert.equal(error.code, 'UNREACHABLE');
    assert.match(error.message, /refused the connection.*Start the server/);
    const health = await down.health();
    assert.equal(health.ok, false);
    assert.match(health.detail, /refused the connection/);
  });

  it('on a server without /infill (a stub answering 404), says so and names the right engine', async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
    });
    try {
      const error = await rejection(new LlamaServerClient({ endpoint: stub.url }).complete(request()));
      assert.equal(error.code, 'NO_ENDPOINT');
      assert.match(error.message, /no \/infill endpoint/);
      assert.match(error.message, /Ollama engine/);
      assert.match(error.message, /OpenAI-compatible/);
    } finally {
      await stub.close();
    }
  });

  it('reports a malformed stream (a stub sending a line that is not JSON)', async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"content":"ok","stop":false}\n\n');
      response.end('data: {"content": broken\n\n');
    });
    try {
      const error = await rejection(new LlamaServerClient({ endpoint: stub.url }).complete(request()));
      assert.equal(error.code, 'MALFORMED');
      assert.match(error.message, /malformed stream/);
    } finally {
      await stub.close();
    }
  });
});
