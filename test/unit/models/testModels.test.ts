// The generated test models against the real node-llama-cpp: they load, run, and expose the FIM tokens that the
// completion code relies on. Models come from the shared cache (written on the first run, then reused).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { type TestModels, ensureTestModels } from '../../models/testModels';
import { sharedLlama } from './sharedLlama';

async function withModel<T>(modelPath: string, use: (model: LlamaModel) => Promise<T>): Promise<T> {
  const model = await (await sharedLlama()).loadModel({ modelPath });
  try {
    return await use(model);
  } finally {
    await model.dispose();
  }
}

const MAX_TOKENS = 16;

async function complete(model: LlamaModel, infill: boolean): Promise<{ supported: boolean; text: string; tokens: number }> {
  const { LlamaCompletion } = await import('node-llama-cpp');
  const context = await model.createContext({ contextSize: 512, threads: 1 });
  try {
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    const supported = completion.infillSupported;
    let tokens = 0;
    const options = { maxTokens: MAX_TOKENS, onToken: (chunk: readonly unknown[]) => void (tokens += chunk.length) };
    const text = infill
      ? await completion.generateInfillCompletion('function add(a, b) {\n  return ', ';\n}\n', options)
      : await completion.generateCompletion('function add(a, b) {\n  return ', options);
    return { supported, text, tokens };
  } finally {
    await context.dispose();
  }
}

describe('test models', function () {
  this.timeout(180_000);
  let models: TestModels;

  before(async () => {
    models = await ensureTestModels();
  });

  for (const name of ['qwenFim', 'deepseekFim', 'starcoderFim'] as const) {
    it(`${name} loads, reports infill support and fills in the middle`, async () => {
      const { supported, text, tokens } = await withModel(models[name], (model) => complete(model, true));
      assert.equal(supported, true);
      // Random weights, but end-of-text is never picked: generation runs to maxTokens.
      assert.equal(tokens, MAX_TOKENS);
      assert.ok(text.length > 0);
    });
  }

  it('noFim loads, reports no infill support and completes a plain prompt', async () => {
    const { supported, text, tokens } = await withModel(models.noFim, (model) => complete(model, false));
    assert.equal(supported, false);
    assert.equal(tokens, MAX_TOKENS);
    assert.ok(text.length > 0);
  });

  it('qwenFim has the Qwen2.5-Coder FIM ids and a ChatML chat template', async () => {
    await withModel(models.qwenFim, async (model) => {
      assert.deepEqual(
        [model.tokens.infill.prefix, model.tokens.infill.suffix, model.tokens.infill.middle],
        [151659, 151661, 151660],
      );
      assert.deepEqual(model.tokenize('<|repo_name|>x<|file_sep|>', true).filter((t) => t > 151000), [151663, 151664]);
      const template = model.fileInfo.metadata.tokenizer.chat_template;
      assert.match(String(template), /<\|im_start\|>/);
    });
  });

  it('deepseekFim and starcoderFim use their own FIM tokens', async () => {
    const deepseek = await withModel(models.deepseekFim, async (m) => m.detokenize([m.tokens.infill.prefix!], true));
    const starcoder = await withModel(models.starcoderFim, async (m) => m.detokenize([m.tokens.infill.prefix!], true));
    assert.equal(deepseek, '<｜fim▁begin｜>');
    assert.equal(starcoder, '<fim_prefix>');
  });

  it('the vocab-only file tokenizes but fails to load as a model', async () => {
    const llama = await sharedLlama();
    await assert.rejects(llama.loadModel({ modelPath: models.vocabOnly }));
    const vocab = await llama.loadModel({ modelPath: models.vocabOnly, vocabOnly: true });
    try {
      assert.deepEqual(vocab.tokenize('<|fim_middle|>', true), [151660]);
    } finally {
      await vocab.dispose();
    }
  });

  it('reuses the files it wrote', async () => {
    const before = statSync(models.qwenFim).mtimeMs;
    const again = await ensureTestModels(models.dir);
    assert.deepEqual(again, models);
    assert.equal(statSync(models.qwenFim).mtimeMs, before);
  });

  it('writes the same bytes every time (deterministic from a seed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipit-models-'));
    try {
      const again = await ensureTestModels(dir);
      const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
      for (const key of ['qwenFim', 'deepseekFim', 'starcoderFim', 'noFim', 'vocabOnly'] as const) {
        assert.equal(digest(again[key]), digest(models[key]), key);
      }
      // Nothing half-written is left behind.
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
