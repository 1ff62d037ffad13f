// Chat (Explain Selection) end to end: the real engine process running node-llama-cpp on the tiny test models. Needs
// dist/engineWorker.js (`node esbuild.mjs --tests`).
import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import type { EngineClient } from '../../../src/engine/EngineClient';
import type { CompletionResult } from '../../../src/engine/types';
import { ensureScriptedModel, ensureTestModels, type TestModels } from '../../models/testModels';
import { codeAroundCursor, explainRequest, keystrokeDuringChat, startEngine } from './engineHarness';

const SCRIPT = 'return a + b;';

describe('engine chat (real node-llama-cpp, test models)', function () {
  this.timeout(120_000);
  let models: TestModels;
  const clients: EngineClient[] = [];
  before(async () => {
    models = await ensureTestModels();
  });
  after(() => clients.forEach((client) => client.dispose()));

  function engine(modelPath: string, contextSize = 2048): EngineClient {
    const { client } = startEngine({ model: { modelPath, contextSize } });
    clients.push(client);
    return client;
  }

  it('answers through the chat template of a model that has one, streaming until end of turn', async () => {
    const scripted = await ensureScriptedModel(SCRIPT);
    const client = engine(scripted, 1024);
    const pieces: string[] = [];
    const result = await client.chat(explainRequest(), { onText: (text) => pieces.push(text) });
    // The scripted model writes its script after any prompt that does not end in one of its tokens, then ends.
    assert.equal(result.text, SCRIPT);
    assert.equal(pieces.join(''), SCRIPT);
    assert.ok(pieces.length >= 3, `streamed in ${pieces.length} pieces`);
    assert.equal(result.stopReason, 'eos');
    assert.equal(result.mode, 'chat-template');
    assert.equal(result.model, basename(scripted));
    assert.ok(result.timeToFirstTokenMs >= 0 && result.timeToFirstTokenMs <= result.totalMs);
  });

  it('qwenFim: chat-template mode, streams text and stops at maxTokens', async () => {
    const client = engine(models.qwenFim);
    const pieces: string[] = [];
    const result = await client.chat(explainRequest(), { maxTokens: 40, onText: (text) => pieces.push(text) });
    assert.equal(result.mode, 'chat-template');
    assert.equal(client.status.model?.chatMode, 'chat-template');
    assert.equal(result.stopReason, 'maxTokens');
    assert.equal(result.generatedTokens, 40);
    assert.ok(result.text.length > 0);
    assert.equal(pieces.join(''), result.text);
    assert.equal(result.model, basename(models.qwenFim));
  });

  it('a model without a chat template runs the plain prompt with its stop sequences (completion-style)', async () => {
    const client = engine(models.noFim);
    const free = await client.chat(explainRequest(), { maxTokens: 60 });
    assert.equal(free.mode, 'completion-style');
    assert.equal(client.status.model?.chatMode, 'completion-style');
    assert.equal(free.stopReason, 'maxTokens');
    assert.ok(free.text.length > 10, `answer ${JSON.stringify(free.text)}`);
    // Greedy decoding repeats itself: a stop sequence taken from the middle of the first answer ends the second there.
    const stop = free.text.slice(Math.floor(free.text.length / 2)).slice(0, 3);
    const request = explainRequest();
    request.completion.stop = [stop];
    const stopped = await client.chat(request, { maxTokens: 60 });
    assert.equal(stopped.stopReason, 'stopSequence');
    assert.equal(stopped.text, free.text.slice(0, free.text.indexOf(stop)));
  });

  it('an abort mid-chat resolves cancelled soon after', async () => {
    const client = engine(models.qwenFim);
    const controller = new AbortController();
    let seen = 0;
    const result = await client.chat(explainRequest(), {
      maxTokens: 1000,
      signal: controller.signal,
      onText: () => {
        if (++seen === 3) controller.abort();
      },
    });
    assert.equal(result.stopReason, 'cancelled');
    // The cancel crosses the process boundary while tokens keep coming; in-process it is one token (ChatSession.test).
    assert.ok(result.generatedTokens < 100, `generated ${result.generatedTokens} tokens after abort`);
  });

  it('a keystroke during a long chat is answered before the chat goes on, and its KV cache is untouched', async () => {
    const client = engine(models.qwenFim, 4096);
    const code = codeAroundCursor();
    const infill = (middle: string) => ({ prefix: code.prefix, middle, suffix: code.suffix, maxTokens: 16, maxTimeMs: 10_000 });
    const first = await client.complete(infill(code.middle));
    assert.ok(first.prompt.evaluated > 200, `first completion evaluated ${first.prompt.evaluated}`);

    const { keystroke, answer, completionFirst, chatTokensDuring } = await keystrokeDuringChat(
      client,
      explainRequest(code.prefix),
      1000,
      infill(`${code.middle}u`),
    );
    assert.ok(completionFirst, 'the completion finished first');
    assert.ok(chatTokensDuring <= 2, `${chatTokensDuring} chat tokens while the completion ran`);
    assert.equal(answer.stopReason, 'maxTokens', 'the completion did not stop the chat');
    assert.equal(keystroke.stopReason, 'maxTokens');
    assertHandful(keystroke, first);

    // After the whole chat, the completion cache is still the one the keystrokes left.
    const next = await client.complete(infill(`${code.middle}us`));
    assertHandful(next, first);
  });
});

function assertHandful(result: CompletionResult, first: CompletionResult): void {
  assert.ok(result.prompt.evaluated <= 4, `evaluated ${result.prompt.evaluated}, reused ${result.prompt.reused}`);
  assert.ok(result.prompt.reused >= first.prompt.evaluated + first.prompt.reused - 4);
}
