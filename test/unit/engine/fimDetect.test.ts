// Which FIM format a model gets is read from its vocabulary, never its file name.
import * as assert from 'node:assert/strict';
import { readGgufFileInfo } from './llamaCppForTests';
import { detectFimFormat, vocabularyFromGguf, type VocabularyView } from '../../../src/engine/fimDetect';
import { ensureTestModels } from '../../models/testModels';

/** A vocabulary holding exactly `texts`, ids in order. */
function fakeVocabulary(texts: string[], fimTokenIds?: VocabularyView['fimTokenIds']): VocabularyView {
  return { ...vocabularyFromGguf({ tokens: texts }), ...(fimTokenIds ? { fimTokenIds } : {}) };
}

const filler = ['a', 'b', 'c'];

async function ggufTokenizer(path: string): Promise<Parameters<typeof vocabularyFromGguf>[0]> {
  const info = await readGgufFileInfo(path);
  return (info.metadata as unknown as { tokenizer: { ggml: Parameters<typeof vocabularyFromGguf>[0] } }).tokenizer.ggml;
}

describe('fimDetect', () => {
  it('recognises each family from its own tokens', () => {
    const cases: Array<[string[], string]> = [
      [['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|file_sep|>'], 'qwen2.5-coder'],
      [['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|file_separator|>'], 'codegemma'],
      [['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'], 'deepseek-coder'],
      [['<fim_prefix>', '<fim_middle>', '<fim_suffix>'], 'starcoder'],
      [['▁<PRE>', '▁<SUF>', '▁<MID>', '▁<EOT>'], 'codellama'],
      [['[PREFIX]', '[SUFFIX]', '[MIDDLE]'], 'codestral'],
    ];
    for (const [tokens, family] of cases) {
      const detected = detectFimFormat(fakeVocabulary([...filler, ...tokens]));
      assert.equal(detected.mode, 'fim', family);
      assert.equal(detected.mode === 'fim' && detected.format.family, family);
    }
  });

  it('uses the ids of the FIM tokens and makes them stop tokens', () => {
    const detected = detectFimFormat(fakeVocabulary([...filler, '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|file_sep|>', '<|endoftext|>']));
    assert.ok(detected.mode === 'fim');
    assert.deepEqual(detected.ids, { prefix: 3, suffix: 5, middle: 4 });
    assert.equal(detected.context.kind, 'pathComments', 'a file separator without a repo-name token is no repo format');
    for (const id of [3, 4, 5, 6, 7]) assert.ok(detected.stopTokenIds.includes(id), `token ${id} should stop`);
    assert.ok(!detected.stopTexts.includes('<|endoftext|>'), 'a stop that is a token is matched as a token');
  });

  it('needs every FIM token: a partial set is not enough', () => {
    assert.equal(detectFimFormat(fakeVocabulary([...filler, '<fim_prefix>', '<fim_suffix>'])).mode, 'prefixOnly');
  });

  it('trusts GGUF fim metadata, even for a family it has no record of', () => {
    const detected = detectFimFormat(fakeVocabulary([...filler, '<pre>', '<suf>', '<mid>'], { prefix: 3, suffix: 4, middle: 5 }));
    assert.ok(detected.mode === 'fim');
    assert.equal(detected.format.family, 'gguf-metadata');
    assert.equal(detected.source, 'metadata');
    assert.deepEqual(detected.ids, { prefix: 3, suffix: 4, middle: 5 });
  });

  it('reads each test model\'s family from its vocabulary, and prefix-only for the one without FIM tokens', async function () {
    this.timeout(120_000);
    const models = await ensureTestModels();
    const expected: Array<[string, string | undefined]> = [
      [models.qwenFim, 'qwen2.5-coder'],
      [models.deepseekFim, 'deepseek-coder'],
      [models.starcoderFim, 'starcoder'],
      [models.noFim, undefined],
    ];
    for (const [path, family] of expected) {
      const detected = detectFimFormat(vocabularyFromGguf(await ggufTokenizer(path)));
      assert.equal(detected.mode === 'fim' ? detected.format.family : undefined, family, path);
      assert.equal(detected.mode, family ? 'fim' : 'prefixOnly', path);
    }
  });

  it('finds Qwen2.5-Coder repo-level tokens in the qwen test model', async () => {
    const models = await ensureTestModels();
    const detected = detectFimFormat(vocabularyFromGguf(await ggufTokenizer(models.qwenFim)));
    assert.ok(detected.mode === 'fim');
    assert.deepEqual(detected.ids, { prefix: 151659, middle: 151660, suffix: 151661, repoName: 151663, fileSep: 151664 });
  });
});
