// The generation loop in-process (real node-llama-cpp, qwenFim test model), where a test can act between tokens.
import * as assert from 'node:assert/strict';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { loadLlamaCpp } from '../../../src/engine/worker/llamaCpp';
import { ensureTestModels } from '../../models/testModels';

const FIM_PREFIX = 151659;
const FIM_SUFFIX = 151661;
const FIM_MIDDLE = 151660;

describe('InfillSession (in-process, qwenFim)', function () {
  this.timeout(120_000);
  const host = new ModelHost({ loadLlamaCpp, log: () => undefined });
  before(async () => {
    const models = await ensureTestModels();
    await host.load({ modelPath: models.qwenFim, contextSize: 1024 });
  });
  after(() => host.dispose());

  it('stops within one token of an abort', async () => {
    const controller = new AbortController();
    let pieces = 0;
    const result = await host.complete({ prefix: 'let x = ', suffix: ';', maxTokens: 200, maxTimeMs: 30_000 }, controller.signal, () => {
      if (++pieces === 5) controller.abort();
    });
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(result.generatedTokens <= 6, `generated ${result.generatedTokens} tokens, aborted after the 5th piece`);
  });

  it('keeps code that spells a control token as plain text in the prompt', async () => {
    const controller = new AbortController();
    const result = await host.complete(
      { prefix: 'const s = "<|fim_middle|><|fim_prefix|>";\n', suffix: '// <|fim_suffix|>', maxTokens: 1, maxTimeMs: 1000 },
      controller.signal,
      () => undefined,
    );
    assert.equal(result.generatedTokens, 1);
    const tokens = host.session!.promptTokens({ prefix: 'x = "<|fim_prefix|>"\n', middle: '<|fim_middle|>', suffix: '<|fim_suffix|>', maxTokens: 1, maxTimeMs: 1 });
    assert.deepEqual(
      tokens.filter((t) => t === FIM_PREFIX || t === FIM_SUFFIX || t === FIM_MIDDLE),
      [FIM_PREFIX, FIM_SUFFIX, FIM_MIDDLE],
      'only the layout\'s own FIM tokens, in prefix-suffix-middle order',
    );
  });

  it('bounds the whole request by maxTimeMs, prompt included: a prompt the time ran out on answers nothing, and what was read stays cached', async () => {
    const controller = new AbortController();
    const body = Array.from({ length: 120 }, (_, i) => `const value${i} = compute(${i}, "item ${i}");`).join('\n');
    const request = { prefix: `${body}\n`, middle: 'const next = ', suffix: '\n', maxTokens: 8, maxTimeMs: 10 };
    const timedOut = await host.complete(request, controller.signal, () => undefined);
    const promptLength = host.session!.preparedPrompt(request).tokens.length;
    assert.equal(timedOut.stopReason, 'promptTimeout');
    assert.equal(timedOut.text, '');
    assert.equal(timedOut.generatedTokens, 0);
    // On a loaded machine the 10 ms may be gone before the first step: then nothing was read, which is right too.
    assert.ok(timedOut.prompt.evaluated < promptLength - 1, `read ${timedOut.prompt.evaluated} of ${promptLength} prompt tokens`);

    // The rest of the prompt is read in the background meanwhile: the next keystroke finds it all in the cache.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const next = await host.complete({ ...request, middle: 'const next = c', maxTimeMs: 30_000 }, controller.signal, () => undefined);
    assert.ok(next.prompt.evaluated <= 4, `the next keystroke evaluated ${next.prompt.evaluated} tokens, reused ${next.prompt.reused}`);
    assert.notEqual(next.stopReason, 'promptTimeout');
  });
});
