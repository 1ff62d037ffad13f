// The scripted ("bigram") model writes exactly the text a test chose, so end-to-end tests can assert ghost text.
import * as assert from 'node:assert/strict';
import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { ensureScriptedModel } from '../../models/testModels';
import { sharedLlama } from './sharedLlama';

async function withCompletion<T>(script: string, use: (model: NodeLlamaCpp.LlamaModel, run: typeof NodeLlamaCpp) => Promise<T>): Promise<T> {
  const model = await (await sharedLlama()).loadModel({ modelPath: await ensureScriptedModel(script) });
  try {
    return await use(model, await import('node-llama-cpp'));
  } finally {
    await model.dispose();
  }
}

async function infill(model: NodeLlamaCpp.LlamaModel, { LlamaCompletion }: typeof NodeLlamaCpp, prefix: string, suffix: string): Promise<string> {
  const context = await model.createContext({ contextSize: 256, threads: 1 });
  try {
    return await new LlamaCompletion({ contextSequence: context.getSequence() }).generateInfillCompletion(prefix, suffix, { maxTokens: 64 });
  } finally {
    await context.dispose();
  }
}

describe('scripted test model', function () {
  this.timeout(120_000);

  it('fills in the middle with exactly its script, then stops', async () => {
    const text = await withCompletion('return a + b;', (model, lib) => infill(model, lib, 'function add(a, b) {\n  ', '\n}\n'));
    assert.equal(text, 'return a + b;');
  });

  it('writes a multi-line script, overshooting into the suffix as scripted', async () => {
    const script = 'if (x) {\n    y();\n  }\n}';
    const text = await withCompletion(script, (model, lib) => infill(model, lib, 'function f(x) {\n  ', '\n}\n'));
    assert.equal(text, script);
  });

  it('answers a plain (non-FIM) prompt with its script too', async () => {
    const text = await withCompletion('return a + b;', async (model, { LlamaCompletion }) => {
      const context = await model.createContext({ contextSize: 256, threads: 1 });
      try {
        return await new LlamaCompletion({ contextSequence: context.getSequence() }).generateCompletion('// add two numbers\n', { maxTokens: 64 });
      } finally {
        await context.dispose();
      }
    });
    assert.equal(text, 'return a + b;');
  });

  it('is reused for the same script and differs for another', async () => {
    assert.equal(await ensureScriptedModel('return a + b;'), await ensureScriptedModel('return a + b;'));
    assert.notEqual(await ensureScriptedModel('return a + b;'), await ensureScriptedModel('return a - b;'));
  });

  it('refuses a script that repeats a token, saying which', async () => {
    await assert.rejects(ensureScriptedModel('a a a'), /repeats the token " a" \(id \d+\) at token 1 and 2/);
  });
});
