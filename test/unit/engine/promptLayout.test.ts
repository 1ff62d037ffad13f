// Prompt layout with a fake tokenizer: one token per character (its char code), special tokens at ids >= 1000.
import * as assert from 'node:assert/strict';
import { detectFimFormat, vocabularyFromGguf, type DetectedFormat } from '../../../src/engine/fimDetect';
import { layoutPrompt, type PromptTokenizer } from '../../../src/engine/promptLayout';

const SPECIAL = ['<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|repo_name|>', '<|file_sep|>'];
const qwenLike = detectFimFormat(vocabularyFromGguf({ tokens: [...Array.from({ length: 1000 }, (_, i) => `t${i}`), ...SPECIAL] }));
const deepseekLike = detectFimFormat(
  vocabularyFromGguf({ tokens: [...Array.from({ length: 1000 }, (_, i) => `t${i}`), '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'] }),
);
const PRE = 1000, MID = 1001, SUF = 1002;

const tokenizer: PromptTokenizer = { tokenize: (text) => [...text].map((c) => c.charCodeAt(0)) };
const show = (tokens: number[]) =>
  tokens.map((t) => (t >= 1000 ? `[${['PRE', 'MID', 'SUF', 'REPO', 'SEP'][t - 1000]}]` : String.fromCharCode(t))).join('');

function layout(format: DetectedFormat, request: Parameters<typeof layoutPrompt>[0], order: 'spm' | 'psm' = 'spm', max = 10_000) {
  return layoutPrompt(request, format, tokenizer, { order, maxPromptTokens: max });
}

describe('layoutPrompt', () => {
  it('puts the suffix first by default, so typing at the cursor only appends tokens', () => {
    const a = layout(qwenLike, { prefix: 'ab', suffix: 'YZ' }).tokens;
    const b = layout(qwenLike, { prefix: 'abc', suffix: 'YZ' }).tokens;
    assert.equal(show(a), '[SUF]YZ[PRE]ab[MID]');
    assert.deepEqual(b.slice(0, a.length - 1), a.slice(0, -1), 'everything before the middle token is unchanged');
  });

  it('lays out prefix-suffix-middle when asked', () => {
    assert.equal(show(layout(qwenLike, { prefix: 'ab', suffix: 'YZ' }, 'psm').tokens), '[PRE]ab[SUF]YZ[MID]');
  });

  it('places extra context first, with the family\'s repo and file tokens', () => {
    const tokens = layout(qwenLike, {
      prefix: 'p',
      suffix: 's',
      repoName: 'r',
      filePath: 'cur.ts',
      extra: [{ filePath: 'a.ts', text: 'A' }],
    }).tokens;
    assert.equal(show(tokens), '[REPO]r\n[SEP]a.ts\nA\n[SEP]cur.ts\n[SUF]s[PRE]p[MID]');
  });

  it('labels extra context with a comment in families without file tokens', () => {
    const tokens = layout(deepseekLike, { prefix: 'p', suffix: 's', extra: [{ filePath: 'util.py', text: 'x = 1' }] }).tokens;
    assert.ok(show(tokens).startsWith('# util.py\nx = 1\n\n'), show(tokens));
  });

  it('keeps code that looks like a special token as text', () => {
    const tokens = layout(qwenLike, { prefix: 'x<|fim_prefix|>', suffix: '' }).tokens;
    assert.equal(tokens.filter((t) => t === PRE).length, 1);
    assert.equal(tokens.filter((t) => t === SUF || t === MID).length, 2);
  });

  it('fits the budget by dropping extra chunks, then the suffix end, then the prefix start', () => {
    const request = { prefix: '0123456789', suffix: 'abcdefghij', extra: [{ filePath: 'f', text: 'x'.repeat(50) }] };
    const fitted = layout(qwenLike, request, 'spm', 3 + 12);
    assert.equal(fitted.trimmed.extraChunks, 1);
    assert.equal(fitted.tokens.length, 15);
    const text = show(fitted.tokens);
    assert.ok(text.startsWith('[SUF]abc'), text);
    assert.ok(text.endsWith('9[MID]'), 'the code right before the cursor is kept');
  });

  it('continues the prefix alone in prefix-only mode', () => {
    const none = detectFimFormat(vocabularyFromGguf({ tokens: ['a'] }));
    assert.equal(show(layout(none, { prefix: 'abc', suffix: 'zzz' }).tokens), 'abc');
  });

  it('starts with BOS when the model wants one', () => {
    const tokens = layoutPrompt({ prefix: 'a', suffix: '' }, qwenLike, { ...tokenizer, bos: 7 }, { order: 'spm', maxPromptTokens: 100 }).tokens;
    assert.equal(tokens[0], 7);
  });
});
