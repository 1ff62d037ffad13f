// The prompt's end (src/engine/promptEnd.ts): mid-word or after other text, the last token is taken back and healed,
// and the answer re-aligned after the text that token spelled; after indentation only, the indentation is trimmed
// and the answer re-aligned after it. Golden cases with the real Qwen2.5-Coder and DeepSeek-Coder tokenizers (cursor
// marked ║), then the whole way through the engine process with scripted models.
import * as assert from 'node:assert/strict';
import { PieceIndex, remainingAfter } from '../../../src/engine/tokenHealing';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { loadLlamaCpp } from '../../../src/engine/worker/llamaCpp';
import { ensureScriptedModel, ensureTestModels } from '../../models/testModels';
import { startEngine } from './engineHarness';

const CURSOR = '║';

/** Where the middle starts (the anchor line) is the line the cursor is on. */
function requestAt(source: string) {
  const at = source.indexOf(CURSOR);
  const before = source.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { prefix: before.slice(0, lineStart), middle: before.slice(lineStart), suffix: source.slice(at + CURSOR.length), maxTokens: 8, maxTimeMs: 5000 };
}

const GOLDEN: Array<[source: string, healed: string | undefined, trimmed?: string]> = [
  ['function f(items) {\n    return tot║\n}', ' tot'],
  ['function f(items) {\n    ║\n}', undefined, '    '],
  ['function f(items) {\n\t║\n}', undefined, '\t'],
  ['function f(items) {\n  x = items.║\n}', '.'],
  ['function f(items) {\n  if (items) {║\n}', ' {'],
  ['const s = "hel║";', 'hel'],
  ['function f(items) {\n  go();\n║}', undefined],
];

describe('token healing', function () {
  this.timeout(120_000);

  describe('PieceIndex', () => {
    const pieces = ['', ' t', ' to', ' tot', ' total', ' totals', ' top', 'x', ' ', '  '];
    const index = new PieceIndex(pieces);
    const texts = (ids: number[]) => ids.map((id) => pieces[id]).sort();

    it('offers the tokens that start with the healed text, and those that are a start of it', () => {
      assert.deepEqual(texts(index.candidates(' tot')), [' ', ' t', ' to', ' tot', ' total', ' totals']);
      assert.deepEqual(texts(index.candidates('  ')), [' ', '  ']);
    });

    it('counts down what is left to spell', () => {
      assert.equal(remainingAfter(' tot', ' t'), 'ot');
      assert.equal(remainingAfter(' tot', ' total'), '');
    });
  });

  for (const family of ['qwenFim', 'deepseekFim'] as const) {
    describe(`the prompt's end with the real ${family === 'qwenFim' ? 'Qwen2.5-Coder' : 'DeepSeek-Coder'} tokenizer`, () => {
      const host = new ModelHost({ loadLlamaCpp, log: () => undefined });
      before(async () => {
        const models = await ensureTestModels();
        await host.load({ modelPath: models[family], contextSize: 1024 });
      });
      after(() => host.dispose());

      for (const [source, healed, trimmed] of GOLDEN) {
        const what = trimmed ? `trims ${JSON.stringify(trimmed)}` : `heals ${JSON.stringify(healed ?? 'nothing')}`;
        it(`${JSON.stringify(source.split('\n').find((line) => line.includes(CURSOR)))} ${what}`, () => {
          const request = requestAt(source);
          const prepared = host.session!.preparedPrompt(request);
          assert.equal(prepared.healText, healed);
          assert.equal(prepared.align, trimmed);
          if (trimmed) {
            const atLineStart = host.session!.promptTokens({ ...request, middle: request.middle.slice(0, -trimmed.length) });
            assert.deepEqual(prepared.tokens, atLineStart, 'the prompt ends at the line start, as if nothing were indented');
          } else {
            const laid = host.session!.promptTokens(request);
            assert.deepEqual(prepared.tokens, healed === undefined ? laid : laid.slice(0, -1), 'only the last token is taken back');
          }
        });
      }
    });
  }

  it('re-aligns the answer: the model spells the healed word its own way, the user sees only what follows the cursor', async () => {
    const { client } = startEngine({ model: { modelPath: await ensureScriptedModel(' total;'), contextSize: 1024 } });
    try {
      const result = await client.complete(requestAt('function sum(items) {\n    return tot║\n}'));
      assert.equal(result.text, 'al;');
      assert.equal(result.stopReason, 'eos');
    } finally {
      client.dispose();
    }
  });

  it('re-aligns an answer after the indentation the editor has, whether the model writes it or not', async () => {
    for (const [script, shown] of [['    return one;', 'return one;'], ['return two;', 'return two;'], ['      return three;', '  return three;']]) {
      const { client } = startEngine({ model: { modelPath: await ensureScriptedModel(script!), contextSize: 1024 } });
      try {
        const result = await client.complete(requestAt('function f(items) {\n    ║\n}'));
        assert.equal(result.text, shown, script);
      } finally {
        client.dispose();
      }
    }
  });
});
