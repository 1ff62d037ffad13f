// The engine end to end: a real child process running node-llama-cpp on the tiny test models. Needs
// dist/engineWorker.js (`node esbuild.mjs --tests`).
import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { copyFile, open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineClient } from '../../../src/engine/EngineClient';
import { EngineCrashedError, EngineError } from '../../../src/engine/engineErrors';
import type { InfillRequest } from '../../../src/engine/types';
import { ensureScriptedModel, ensureTestModels, type TestModels } from '../../models/testModels';
import { codeAroundCursor, isAlive, startEngine, waitFor, WORKER_PATH } from './engineHarness';

const SCRIPT = 'return a + b;';
const infill = (over: Partial<InfillRequest> = {}): InfillRequest => ({
  prefix: 'function add(a, b) {\n  ',
  suffix: '\n}\n',
  maxTokens: 32,
  maxTimeMs: 5000,
  ...over,
});

describe('engine process (real node-llama-cpp, test models)', function () {
  this.timeout(120_000);
  let models: TestModels;
  let scripted: string;
  const clients: EngineClient[] = [];

  before(async () => {
    models = await ensureTestModels();
    scripted = await ensureScriptedModel(SCRIPT);
  });
  after(() => clients.forEach((client) => client.dispose()));

  function engine(...args: Parameters<typeof startEngine>) {
    const started = startEngine(...args);
    clients.push(started.client);
    return started;
  }

  describe('generation', () => {
    let client: EngineClient;
    before(() => {
      client = engine({ model: { modelPath: scripted, contextSize: 1024 } }).client;
    });

    it('loads lazily on the first request, streams the answer and stops at end-of-text', async () => {
      const pieces: string[] = [];
      const result = await client.complete(infill(), { onText: (text) => pieces.push(text) });
      assert.equal(result.text, SCRIPT);
      assert.equal(pieces.join(''), SCRIPT);
      assert.ok(pieces.length >= 3, `streamed in ${pieces.length} pieces`);
      assert.equal(result.stopReason, 'eos');
      assert.equal(client.status.model?.fimFamily, 'qwen2.5-coder');
    });

    it('stops at a request stop sequence without showing any of it', async () => {
      const pieces: string[] = [];
      const result = await client.complete(infill({ stop: [' + '] }), { onText: (text) => pieces.push(text) });
      assert.equal(result.text, 'return a');
      assert.equal(pieces.join(''), 'return a');
      assert.equal(result.stopReason, 'stopSequence');
    });

    it('stops after maxTokens', async () => {
      const result = await client.complete(infill({ maxTokens: 2 }));
      assert.equal(result.generatedTokens, 2);
      assert.equal(result.stopReason, 'maxTokens');
      assert.equal(result.text, 'return a');
    });

    it('reports what the engine process holds: its memory with the model loaded, its listeners and handles', async () => {
      assert.equal((await client.complete(infill())).text, SCRIPT);
      const report = await client.resources();
      assert.ok(report, 'a running engine answers');
      assert.ok(report.rssBytes > 20 * 1024 * 1024, `rss ${report.rssBytes}`);
      assert.ok(report.peakRssBytes >= report.rssBytes);
      assert.ok(report.listeners >= 2, 'the process\'s own message and disconnect listeners');
      assert.ok(report.handles >= 1, `the IPC pipe: ${JSON.stringify(report.byKind)}`);
      assert.ok(client.processListeners >= 2, 'this side listens to its messages and its exit');
    });
  });

  describe('with random weights (qwenFim)', () => {
    let client: EngineClient;
    before(async () => {
      client = engine().client;
      await client.load({ modelPath: models.qwenFim, contextSize: 2048 });
    });

    it('stops at maxTime and returns what it has', async () => {
      const result = await client.complete(infill({ maxTokens: 1000, maxTimeMs: 150 }));
      assert.equal(result.stopReason, 'maxTime');
      assert.ok(result.generatedTokens > 0 && result.generatedTokens < 1000);
      assert.ok(result.totalMs < 400, `took ${result.totalMs} ms`);
    });

    it('evaluates only a handful of prompt tokens when the prefix grows by one character', async () => {
      const code = codeAroundCursor();
      const first = await client.complete(infill({ ...code, maxTokens: 4 }));
      const second = await client.complete(infill({ ...code, middle: `${code.middle}u`, maxTokens: 4 }));
      assert.ok(first.prompt.evaluated > 200, `first request evaluated ${first.prompt.evaluated}`);
      assert.ok(second.prompt.evaluated <= 4, `evaluated ${second.prompt.evaluated}, reused ${second.prompt.reused}`);
      assert.ok(second.prompt.reused >= first.prompt.evaluated + first.prompt.reused - 4);
    });

    it('evaluates only the new line and the cursor line after a line is inserted above the cursor', async () => {
      const code = codeAroundCursor();
      await client.complete(infill({ ...code, maxTokens: 4 }));
      const at = code.prefix.lastIndexOf('function mul');
      const inserted = `${code.prefix.slice(0, at)}const scale = 2;\n${code.prefix.slice(at)}`;
      const result = await client.complete(infill({ ...code, prefix: inserted, maxTokens: 4 }));
      assert.ok(result.prompt.evaluated <= 24, `evaluated ${result.prompt.evaluated}, reused ${result.prompt.reused}`);
      assert.ok(result.prompt.reused > 200);
      assert.ok(result.timeToFirstTokenMs >= 0 && result.timeToFirstTokenMs <= result.totalMs);
    });

    it('stops generating soon after an abort and answers cancelled', async () => {
      const controller = new AbortController();
      let seen = 0;
      const result = await client.complete(infill({ maxTokens: 1000, maxTimeMs: 30_000 }), {
        signal: controller.signal,
        onText: () => {
          if (++seen === 3) controller.abort();
        },
      });
      assert.equal(result.stopReason, 'cancelled');
      assert.ok(result.generatedTokens < 100, `generated ${result.generatedTokens} tokens after abort`);
    });

    it('a newer request supersedes the one in flight, which resolves cancelled', async () => {
      let older: Promise<unknown> | undefined;
      const firstText = new Promise<void>((resolve) => {
        older = client.complete(infill({ maxTokens: 1000, maxTimeMs: 30_000 }), { onText: () => resolve() });
      });
      await firstText;
      const newer = await client.complete(infill({ maxTokens: 3 }));
      const old = (await older) as { stopReason: string; generatedTokens: number };
      assert.equal(old.stopReason, 'cancelled');
      assert.ok(old.generatedTokens < 1000);
      assert.equal(newer.stopReason, 'maxTokens');
    });

    it('runs a model without FIM tokens in prefix-only mode and says so once', async () => {
      const info = await client.load({ modelPath: models.noFim, contextSize: 1024 });
      assert.equal(info.mode, 'prefixOnly');
      assert.match(info.notices.join(' '), /fill-in-the-middle/);
      const result = await client.complete(infill({ maxTokens: 3 }));
      assert.equal(result.stopReason, 'maxTokens');
      assert.equal(result.generatedTokens, 3);
      await client.load({ modelPath: models.qwenFim, contextSize: 2048 });
    });
  });

  describe('bad model files', () => {
    let client: EngineClient;
    const dir = tmpdir();
    before(async () => {
      client = engine().client;
      await client.load({ modelPath: scripted, contextSize: 1024 });
    });

    async function expectLoadError(path: string, code: string, memory?: { ramBytes: number }) {
      await assert.rejects(client.load({ modelPath: path, contextSize: 1024, ...(memory ? { memory } : {}) }), (error: unknown) => {
        assert.ok(error instanceof EngineError, String(error));
        assert.equal(error.code, code, error.message);
        assert.ok(error.message.length > 30, 'the message says what to do');
        return true;
      });
      assert.equal(client.status.errorCode, code, 'the status reports the failure');
      // The model loaded before keeps working.
      assert.equal(client.status.model?.modelPath, scripted);
      const result = await client.complete(infill());
      assert.equal(result.text, SCRIPT, `after a failed load of ${path}`);
    }

    it('missing file', () => expectLoadError(join(dir, 'pipit-no-such-model.gguf'), 'MODEL_NOT_FOUND'));

    it('not a GGUF file', async () => {
      const path = join(dir, 'pipit-not-gguf.gguf');
      await writeFile(path, 'this is a README, not a model\n');
      await expectLoadError(path, 'NOT_GGUF');
    });

    it('truncated download', async () => {
      const path = join(dir, 'pipit-truncated.gguf');
      const bytes = await readFile(models.qwenFim);
      await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expectLoadError(path, 'TRUNCATED');
    });

    it('truncated inside the header', async () => {
      const path = join(dir, 'pipit-truncated-header.gguf');
      await writeFile(path, (await readFile(models.qwenFim)).subarray(0, 1000));
      await expectLoadError(path, 'TRUNCATED');
    });

    it('corrupt header', async () => {
      const path = join(dir, 'pipit-corrupt.gguf');
      await copyFile(models.qwenFim, path);
      // The first metadata value's type sits after magic, version, counts and the first key; 99 is no GGUF type.
      const file = await open(path, 'r+');
      const head = Buffer.alloc(32);
      await file.read(head, 0, 32, 0);
      const keyLength = Number(head.readBigUInt64LE(24));
      const type = Buffer.alloc(4);
      type.writeUInt32LE(99);
      await file.write(type, 0, 4, 32 + keyLength);
      await file.close();
      await expectLoadError(path, 'CORRUPT');
    });

    it('vocabulary only', () => expectLoadError(models.vocabOnly, 'VOCAB_ONLY'));

    it('too large for the free memory', () => expectLoadError(models.qwenFim, 'NOT_ENOUGH_MEMORY', { ramBytes: 4 * 1024 * 1024 }));
  });

  describe('crashes', () => {
    it('kill -9 mid-generation: the pending request fails clearly, the next one restarts it, no orphan', async () => {
      const { client } = engine({ model: { modelPath: models.qwenFim, contextSize: 1024 } });
      const statuses: string[] = [];
      client.onStatus((status) => statuses.push(status.state));
      let firstPid: number | undefined;
      const pending = client.complete(infill({ maxTokens: 100_000, maxTimeMs: 60_000 }), {
        onText: () => {
          if (firstPid === undefined) {
            firstPid = client.pid!;
            process.kill(firstPid, 'SIGKILL');
          }
        },
      });
      await assert.rejects(pending, (error: unknown) => {
        assert.ok(error instanceof EngineCrashedError);
        assert.match(error.message, /SIGKILL/);
        assert.match(error.message, /next completion request restarts it/);
        return true;
      });
      assert.ok(statuses.includes('crashed'));
      assert.ok(await waitFor(() => !isAlive(firstPid!)), 'the killed process is gone');

      const next = await client.complete(infill({ maxTokens: 3 }));
      assert.equal(next.generatedTokens, 3);
      const secondPid = client.pid!;
      assert.notEqual(secondPid, firstPid);
      client.dispose();
      assert.ok(await waitFor(() => !isAlive(secondPid)), 'dispose() ends the engine process');
    });

    it('the engine process exits by itself when its parent goes away', async () => {
      const child = fork(WORKER_PATH, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      await new Promise((resolve) => child.once('message', resolve));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.disconnect();
      assert.equal(await exited, 0);
    });
  });
});
