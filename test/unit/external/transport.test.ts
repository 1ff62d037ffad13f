// Where a request that carries code or a key may go, tested against loopback servers (stubs, named as such): a 307
// to another port is refused and the other port sees nothing; a redirect within the endpoint's origin is followed;
// a key is refused before any connection when it would travel over plain http:// to another machine.
import * as assert from 'node:assert/strict';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { call } from '../../../src/external/http';
import { LlamaServerClient } from '../../../src/external/LlamaServerClient';
import { OpenAiCompatibleClient } from '../../../src/external/OpenAiCompatibleClient';
import { sendJson, startStubServer, type StubServer } from './stubServer';
import { rejection as rejectionOf } from '../helpers/rejection';

const KEY = 'sk-pipit-transport-0123456789';

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, ExternalEngineError, 'the request');

describe('external engines: where requests may go', () => {
  const servers: StubServer[] = [];
  const stub = async (...args: Parameters<typeof startStubServer>) => {
    const server = await startStubServer(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('does not follow a 307 to another port: the code and the key never reach it, and the error says why', async () => {
    const elsewhere = await stub((_request, response) => sendJson(response, 200, { content: 'stolen', stop: true }));
    const endpoint = await stub((request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}${request.path}` }).end();
    });
    const client = new OpenAiCompatibleClient({ endpoint: `${endpoint.url}/v1`, model: 'm', fimFormat: 'qwen2.5-coder', apiKey: KEY });
    const error = await rejection(client.complete({ prefix: 'const secretSauce = ', suffix: '\n', maxTokens: 4, maxTimeMs: 5000 }));
    assert.equal(error.code, 'REDIRECTED');
    assert.match(error.message, new RegExp(`redirected the request to http://127\\.0\\.0\\.1:${new URL(elsewhere.url).port}.*does not follow`));
    assert.ok(!error.message.includes(KEY) && !(error.detail ?? '').includes(KEY), 'the key is not in the message');
    assert.equal(endpoint.requests.length, 1, 'the endpoint itself was asked once');
    assert.deepEqual(elsewhere.requests, [], 'the other port received nothing');

    // Chat (Explain) and llama-server's /infill take the same road.
    const llama = new LlamaServerClient({ endpoint: endpoint.url, apiKey: KEY });
    assert.equal((await rejection(llama.complete({ prefix: 'a', suffix: '', maxTokens: 2, maxTimeMs: 5000 }))).code, 'REDIRECTED');
    assert.equal((await rejection(llama.chat({ messages: [{ role: 'user', content: 'explain secretSauce' }], completion: { prompt: 'explain secretSauce', stop: [] } }))).code, 'REDIRECTED');
    assert.deepEqual(elsewhere.requests, []);
  });

  it('refuses a redirect to another scheme or host as well, and says to set the endpoint instead', async () => {
    const endpoint = await stub((request, response) => {
      response.writeHead(308, { location: `https://127.0.0.1:1${request.path}` }).end();
    });
    const error = await rejection(call({ base: endpoint.url, label: 'stub' }, '/v1/completions', { body: { prompt: 'x' }, timeoutMs: 5000 }));
    assert.equal(error.code, 'REDIRECTED');
    assert.match(error.message, /https:\/\/127\.0\.0\.1:1\b.*set it as the endpoint/);
  });

  it('follows a redirect within the same origin, re-sending the same request', async () => {
    const endpoint = await stub((request, response) => {
      if (request.path === '/v1/completions') response.writeHead(307, { location: '/v2/completions' }).end();
      else sendJson(response, 200, { ok: true, echo: request.body });
    });
    const response = await call({ base: endpoint.url, label: 'stub', apiKey: KEY }, '/v1/completions', { body: { prompt: 'x' }, timeoutMs: 5000 });
    assert.deepEqual(await response.json(), { ok: true, echo: { prompt: 'x' } });
    assert.deepEqual(endpoint.requests.map((request) => [request.method, request.path, request.headers.authorization]), [
      ['POST', '/v1/completions', `Bearer ${KEY}`],
      ['POST', '/v2/completions', `Bearer ${KEY}`],
    ]);
  });

  it('gives up on a redirect loop within the origin with a clear error', async () => {
    const endpoint = await stub((request, response) => {
      response.writeHead(307, { location: request.path === '/a' ? '/b' : '/a' }).end();
    });
    const error = await rejection(call({ base: endpoint.url, label: 'stub' }, '/a', { timeoutMs: 5000 }));
    assert.equal(error.code, 'MALFORMED');
    assert.match(error.message, /redirected the request more than 3 times/);
  });

  it('refuses to send an API key over plain http:// to another machine, before any connection', async () => {
    // fetch is watched: nothing at all may be attempted towards those hosts.
    const attempted: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: string | URL | Request) => {
      attempted.push(String(input));
      return Promise.reject(new Error('no network in this test'));
    }) as typeof fetch;
    try {
      for (const base of ['http://192.168.1.9:8080', 'http://100.64.0.7:8080', 'http://api.example.com']) {
        const error = await rejection(call({ base, label: `stub at ${base}`, apiKey: KEY }, '/v1/completions', { body: { prompt: 'x' }, timeoutMs: 2000 }));
        assert.equal(error.code, 'INSECURE_KEY', base);
        assert.match(error.message, /does not send the API key .* Use an https:\/\/ endpoint/);
        assert.ok(!error.message.includes(KEY));
      }
      // The clients refuse the same way, so a misconfigured key never leaves in clear text.
      const client = new OpenAiCompatibleClient({ endpoint: 'http://10.1.2.3:8000/v1', model: 'm', fimFormat: 'qwen2.5-coder', apiKey: KEY });
      assert.equal((await rejection(client.complete({ prefix: 'a', suffix: '', maxTokens: 2, maxTimeMs: 2000 }))).code, 'INSECURE_KEY');
      assert.deepEqual(attempted, []);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('still sends the key over http:// to this machine (loopback)', async () => {
    const local = await stub((_request, response) => sendJson(response, 200, { ok: true }));
    await call({ base: local.url, label: 'stub', apiKey: KEY }, '/health', { timeoutMs: 5000 });
    assert.equal(local.requests[0]!.headers.authorization, `Bearer ${KEY}`);
  });
});
