// A stand-in for Ollama: no Ollama binary can be installed here, so this loopback node:http server implements the
// documented shapes Pipit uses (/api/generate and /api/chat streaming NDJSON, /api/tags, /api/show with
// `capabilities`, `{ "error": ... }` bodies) and records what it was sent.
import { sendJson, sleep, startStubServer, type StubServer } from './stubServer';

export const FIM_MODEL = 'qwen2.5-coder:1.5b-base';
export const CHAT_MODEL = 'llama3.2:3b-instruct';
/** Streams one piece every 20 ms until the client goes away. */
export const ENDLESS_MODEL = 'endless:latest';
export const BROKEN_MODEL = 'broken:latest';
export const FAILING_MODEL = 'failing:latest';

const installed = [FIM_MODEL, CHAT_MODEL, ENDLESS_MODEL, BROKEN_MODEL, FAILING_MODEL];

export function startFakeOllama(): Promise<StubServer> {
  return startStubServer(async ({ path, body }, response) => {
    const request = (body ?? {}) as { model?: string; suffix?: string; raw?: boolean; messages?: unknown[] };
    const model = request.model ?? '';
    if (path === '/api/tags') return sendJson(response, 200, { models: installed.map((name) => ({ name, model: name, size: 1 })) });
    if (path === '/api/show') {
      if (!installed.includes(model)) return sendJson(response, 404, { error: `model '${model}' not found` });
      const fim = model !== CHAT_MODEL;
      return sendJson(response, 200, {
        template: fim ? '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- end }}' : '{{ .Prompt }}',
        capabilities: fim ? ['completion', 'insert'] : ['completion'],
      });
    }
    if (path !== '/api/generate' && path !== '/api/chat') return sendJson(response, 404, { error: '404 page not found' });
    if (!installed.includes(model)) return sendJson(response, 404, { error: `model "${model}" not found, try pulling it first` });
    if (path === '/api/generate' && request.suffix !== undefined && model === CHAT_MODEL) {
      return sendJson(response, 400, { error: `registry.ollama.ai/library/${model} does not support insert` });
    }
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const piece = (text: string) => (path === '/api/chat' ? { message: { role: 'assistant', content: text } } : { response: text });
    const line = (object: object) => response.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), ...object })}\n`);
    if (model === ENDLESS_MODEL) {
      while (!response.destroyed && !response.writableEnded) {
        line({ ...piece('x'), done: false });
        await sleep(20);
      }
      return;
    }
    if (model === BROKEN_MODEL) {
      line({ ...piece('ok'), done: false });
      response.end('{"response": "cut off\n');
      return;
    }
    if (model === FAILING_MODEL) {
      line({ ...piece('ok'), done: false });
      line({ error: 'an error was encountered while running the model: out of memory' });
      response.end();
      return;
    }
    for (const text of ['return ', 'a + b', ';']) line({ ...piece(text), done: false });
    line({ ...piece(''), done: true, done_reason: 'stop', prompt_eval_count: 26, eval_count: 3, total_duration: 1 });
    response.end();
  });
}
