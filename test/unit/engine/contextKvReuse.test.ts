// New extra context against the real engine (node-llama-cpp on the tiny Qwen test model, its real tokenizer): chunks
// that arrive while the user types wait for the pause, the pause reads the changed prompt in the background, and the
// keystroke after it evaluates no more than a keystroke always does. Needs dist/engineWorker.js.
import * as assert from 'node:assert/strict';
import { CompletionPipeline } from '../../../src/completion/CompletionPipeline';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { PromptContext } from '../../../src/completion/PromptContext';
import { linesOf } from '../completion/textOf';
import { estimateTokens } from '../../../src/completion/tokens';
import type { CompletionInput } from '../../../src/completion/types';
import { DEFAULTS } from '../../../src/config/settings';
import type { EngineClient } from '../../../src/engine/EngineClient';
import type { CompletionResult } from '../../../src/engine/types';
import { ensureTestModels } from '../../models/testModels';
import { startEngine } from './engineHarness';

const body = Array.from({ length: 20 }, (_, i) => `function f${i}(a, b) {\n  return a * ${i} + b;\n}\n`).join('\n');
const TAX = Array.from({ length: 12 }, (_, i) => `export const RATE_${i} = ${i / 100};`).join('\n');
const UNITS = 'export interface Unit {\n  name: string;\n  factor: number;\n}\nexport function convert(value: number, from: Unit, to: Unit): number {\n  return (value * from.factor) / to.factor;\n}';

describe('extra context at pauses, real engine', function () {
  // A shared machine: the tiny model reads a few hundred tokens, slowly when other work runs.
  this.timeout(240_000);
  let client: EngineClient;

  before(async () => {
    const models = await ensureTestModels();
    client = startEngine({ model: { modelPath: models.qwenFim, contextSize: 4096 } }).client;
    await client.load();
  });
  after(() => client?.dispose());

  it('keeps the keystroke after a pause at 8 evaluated tokens or fewer, with the new chunk read at the pause', async () => {
    const ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens });
    const context = new PromptContext({ ring, isExcluded: () => false, now: Date.now });
    const results: CompletionResult[] = [];
    const settings = { ...DEFAULTS, modelPath: 'qwenFim', maxTokens: 2, maxTimeMs: 120_000, prefetch: false };
    const pipeline = new CompletionPipeline({
      engine: { complete: async (request, options) => results[results.push(await client.complete(request, options)) - 1]! },
      settings: () => settings,
      clock: { now: Date.now },
      record: () => undefined,
      extraContext: context,
    });
    const at = (typed: string): CompletionInput => {
      const text = `${body}\nfunction mul(a, b) {\n  ${typed}\n}\n`;
      const lines = text.split('\n');
      const line = lines.findIndex((each) => each.startsWith('  ') && each.trim() === typed.trim() && each.length === typed.length + 2);
      return { document: linesOf(text), position: { line, character: typed.length + 2 }, languageId: 'javascript', relativePath: 'src/mul.js', uri: 'file:///w/src/mul.js', version: 1, trigger: 'automatic', signal: new AbortController().signal };
    };
    const last = () => results[results.length - 1]!;

    ring.add('src/tax.ts', TAX);
    assert.equal(await pipeline.refreshContext(at('r')), 'refreshed');
    await pipeline.provide(at('re'));
    assert.ok(last().prompt.evaluated <= 8, `a keystroke evaluated ${last().prompt.evaluated}`);

    // The user edits another file, comes back and types on: the new chunk waits for the pause.
    ring.addAround('src/units.ts', linesOf(UNITS), 3, 'edited');
    await pipeline.provide(at('ret'));
    assert.ok(last().prompt.evaluated <= 8, `typing before the pause evaluated ${last().prompt.evaluated}: the chunks did not change`);

    assert.equal(await pipeline.refreshContext(at('ret')), 'refreshed');
    const read = last();
    assert.ok(read.prompt.evaluated > estimateTokens(UNITS) / 2, `the pause read the new chunk and what follows it (${read.prompt.evaluated})`);
    assert.ok(read.prompt.reused > 0, 'the chunk already there stayed in the cache');

    await pipeline.provide(at('retu'));
    assert.ok(last().prompt.evaluated <= 8, `the keystroke after the pause evaluated ${last().prompt.evaluated}`);
    pipeline.dispose();
  });
});
