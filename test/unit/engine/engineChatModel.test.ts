// A separately configured chat model (pipit.chatModelPath) beside a base-only completion model, in the same real engine
// process running node-llama-cpp on the tiny test models. Needs dist/engineWorker.js (`node esbuild.mjs --tests`).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { EngineClient } from '../../../src/engine/EngineClient';
import type { CompletionResult, LoadRequest } from '../../../src/engine/types';
import { ensureTestModels, type TestModels } from '../../models/testModels';
import { codeAroundCursor, explainRequest, keystrokeDuringChat, startEngine } from './engineHarness';

describe('engine with a separate chat model (real node-llama-cpp, test models)', function () {
  this.timeout(120_000);
  let models: TestModels;
  const clients: EngineClient[] = [];
  before(async () => {
    models = await ensureTestModels();
  });
  after(() => clients.forEach((client) => client.dispose()));

  function engine(model: LoadRequest): EngineClient {
    const { client } = startEngine({ model });
    clients.push(client);
    return client;
  }

  it('base completion model + chat model: chat runs through the chat model’s template, completion keeps its cache', async () => {
    const client = engine({ modelPath: models.noFim, chatModelPath: models.qwenFim, contextSize: 4096 });
    const code = codeAroundCursor();
    const infill = (middle: string) => ({ prefix: code.prefix, middle, suffix: code.suffix, maxTokens: 16, maxTimeMs: 10_000 });
    const first = await client.complete(infill(code.middle));
    assert.ok(first.prompt.evaluated > 200, `first completion evaluated ${first.prompt.evaluated}`);
    assert.equal(first.stopReason, 'maxTokens');
    const info = client.status.model!;
    assert.equal(info.mode, 'prefixOnly', 'the completion model is still the base model');
    assert.equal(info.chatMode, 'chat-template');
    assert.equal(info.chatModel, basename(models.qwenFim));
    assert.equal(info.chatModelPath, models.qwenFim);

    // A keystroke while the chat model answers is served before the chat goes on (one engine process, one gate).
    const { keystroke, answer, completionFirst, chatTokensDuring } = await keystrokeDuringChat(
      client,
      explainRequest(code.prefix.slice(-300)),
      200,
      infill(`${code.middle}u`),
    );
    assert.equal(answer.mode, 'chat-template');
    assert.equal(answer.model, basename(models.qwenFim));
    assert.equal(answer.stopReason, 'maxTokens');
    assert.ok(answer.text.length > 0);
    assert.ok(completionFirst, 'the completion finished first');
    assert.ok(chatTokensDuring <= 2, `${chatTokensDuring} chat tokens while the completion ran`);
    assertHandful(keystroke, first);
    const next = await client.complete(infill(`${code.middle}us`));
    assertHandful(next, first);

    // Clearing the setting reloads: chat goes back to the completion model, in completion style.
    client.setModel({ modelPath: models.noFim, contextSize: 4096 });
    const plain = await client.chat(explainRequest('let x = 1;'), { maxTokens: 8 });
    assert.equal(plain.mode, 'completion-style');
    assert.equal(plain.model, basename(models.noFim));
    assert.equal(client.status.model?.chatModelPath, undefined);
  });

  it('a chat model that is not a GGUF: completion loads anyway, chat falls back to the completion model, a notice says why', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'pipit-chat-')), 'instruct.gguf');
    writeFileSync(broken, 'this is not a model\n');
    const client = engine({ modelPath: models.noFim, chatModelPath: broken, contextSize: 2048 });
    const info = await client.load();
    assert.equal(info.modelPath, models.noFim);
    const notice = info.notices.find((line) => line.includes('instruct.gguf'));
    assert.ok(notice, `notices: ${JSON.stringify(info.notices)}`);
    assert.match(notice, /completion model instead/);
    assert.match(notice, /not a GGUF model file/);
    assert.equal(info.chatModel, basename(models.noFim));
    assert.equal(info.chatModelPath, undefined);

    const completion = await client.complete({ prefix: 'function add(a, b) {\n  return', suffix: '\n}\n', maxTokens: 8, maxTimeMs: 10_000 });
    assert.equal(completion.stopReason, 'maxTokens');
    assert.ok(completion.text.length > 0);
    const answer = await client.chat(explainRequest('let x = 1;'), { maxTokens: 20 });
    assert.equal(answer.mode, 'completion-style');
    assert.equal(answer.model, basename(models.noFim));
    assert.ok(answer.generatedTokens > 0);
  });
});

function assertHandful(result: CompletionResult, first: CompletionResult): void {
  assert.ok(result.prompt.evaluated <= 4, `evaluated ${result.prompt.evaluated}, reused ${result.prompt.reused}`);
  assert.ok(result.prompt.reused >= first.prompt.evaluated + first.prompt.reused - 4);
}
