// What a real model does at the edges, scripted and run through the whole pipeline: CompletionPipeline in this
// process, the real engine process (node-llama-cpp), scripted models with Qwen2.5-Coder's real tokenizer. Each test
// asserts what the user would see. A scripted model writes its script after the prompt (see test/models/
// scriptedModel.ts); the editor states put the cursor after the line's indentation, as VS Code's auto-indent leaves
// it, so the prompt's last token is healed and the script starts by spelling that indentation again.
import * as assert from 'node:assert/strict';
import { CompletionPipeline } from '../../../src/completion/CompletionPipeline';
import type { CompletionResponse } from '../../../src/completion/types';
import { DEFAULTS, type Settings } from '../../../src/config/settings';
import type { EngineClient } from '../../../src/engine/EngineClient';
import { ensureScriptedModel } from '../../models/testModels';
import { inputAt } from '../completion/harness';
import { startEngine } from './engineHarness';

const FUNCTION_BODY = 'function add(a, b) {\n  ║\n}\n';

describe('realistic scripted answers through the whole pipeline (engine process, real tokenizer)', function () {
  this.timeout(180_000);
  const clients: EngineClient[] = [];
  after(() => clients.forEach((client) => client.dispose()));

  async function complete(script: string, source: string, settings: Partial<Settings> = {}): Promise<CompletionResponse> {
    const modelPath = await ensureScriptedModel(script);
    const { client } = startEngine({ model: { modelPath, contextSize: 1024 } });
    clients.push(client);
    const current: Settings = { ...DEFAULTS, modelPath, prefetch: false, ...settings };
    const pipeline = new CompletionPipeline({ engine: client, settings: () => current, clock: { now: () => performance.now() }, record: () => undefined });
    try {
      return await pipeline.provide(inputAt(source));
    } finally {
      pipeline.dispose();
      client.dispose();
    }
  }

  it('an answer that ends with end-of-text is shown exactly, after the indentation already typed', async () => {
    const response = await complete('  return a + b;', FUNCTION_BODY);
    assert.equal(response.outcome, 'shown');
    assert.equal(response.items[0]?.insertText, 'return a + b;');
  });

  it('an answer that overshoots into the suffix is cut where it starts repeating the code after the cursor', async () => {
    const response = await complete('  return a * b;\n}\n', FUNCTION_BODY);
    assert.equal(response.items[0]?.insertText, 'return a * b;');
  });

  it('an answer that repeats the line above is not shown', async () => {
    const response = await complete('  let count=0;', 'function tally(xs) {\n  let count=0;\n  ║\n}\n');
    assert.equal(response.items.length, 0);
    assert.equal(response.outcome, 'filteredEmpty');
  });

  it('a single line cut by maxTokens mid-way is not shown, and the reason says so', async () => {
    const response = await complete(' prices.reduce(add, 0);', 'const total =║', { maxTokens: 3 });
    assert.equal(response.items.length, 0);
    assert.equal(response.outcome, 'cutShort');
  });

  it('a multi-line answer cut by maxTokens keeps its complete lines and drops the broken last one', async () => {
    const response = await complete('  const head = xs[0];\n\treturn other.value;', 'function first(xs) {\n  ║\n}\n', { maxTokens: 10 });
    assert.equal(response.outcome, 'shown');
    assert.equal(response.items[0]?.insertText, 'const head = xs[0];');
  });

  it('an answer that emits a FIM token ends there: nothing after it reaches the editor', async () => {
    const response = await complete('  return a - b;<|file_sep|>other.ts', FUNCTION_BODY);
    assert.equal(response.items[0]?.insertText, 'return a - b;');
  });
});
