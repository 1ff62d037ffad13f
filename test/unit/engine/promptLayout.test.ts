// Prompt layout with a fake tokenizer: one token per character (its char code), special tokens at ids >= 1000.
// The exact templates with the real tokenizers are in promptGoldens.test.ts.
import * as assert from 'node:assert/strict';
import { detectFimFormat, vocabularyFromGguf, type DetectedFormat } from '../../../src/engine/fimDetect';
import { layoutPrompt, type PromptTokenizer } from '../../../src/engine/promptLayout';

const filler = Array.from({ length: 1000 }, (_, i) => `t${i}`);
const fake = (special: string[]) => detectFimFormat(vocabularyFromGguf({ tokens: [...filler, ...special] }));
const qwenLike = fake(['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|repo_name|>', '<|file_sep|>']);
const deepseekLike = fake(['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>']);
const codestralLike = fake(['[PREFIX]', '[SUFFIX]']);
const NAMES = ['PRE', 'SUF', 'MID', 'REPO', 'SEP'];

const tokenizer: PromptTokenizer = { tokenize: (text) => [...text].map((c) => c.charCodeAt(0)) };
const show = (tokens: number[]) => tokens.map((t) => (t >= 1000 ? `[${NAMES[t - 1000]}]` : String.fromCharCode(t))).join('');

function layout(format: DetectedFormat, request: Parameters<typeof layoutPrompt>[0], order: 'spm' | 'psm' = 'psm', max = 10_000) {
  return layoutPrompt(request, format, tokenizer, { order, maxPromptTokens: max });
}

describe('layoutPrompt', () => {
  it('puts the typed run after the middle token (prefix-suffix-middle), so typing only appends tokens', () => {
    const a = layout(qwenLike, { prefix: 'ab\n', middle: 'c', suffix: 'YZ' });
    const b = layout(qwenLike, { prefix: 'ab\n', middle: 'cd', suffix: 'YZ' });
    assert.equal(show(a.tokens), '[PRE]ab\n[SUF]YZ[MID]c');
    assert.deepEqual(b.tokens.slice(0, a.tokens.length), a.tokens, 'the next keystroke only appends');
    assert.ok(a.endsInCode, 'the prompt ends in typed code, which may be healed');
    assert.ok(!layout(qwenLike, { prefix: 'ab\n', suffix: 'YZ' }).endsInCode, 'an empty run ends in the middle token');
  });

  it('lays out the old suffix-first order only when asked (the benchmark compares it)', () => {
    assert.equal(show(layout(qwenLike, { prefix: 'ab\n', middle: 'c', suffix: 'YZ' }, 'spm').tokens), '[SUF]YZ[PRE]ab\nc[MID]');
  });

  it('gives a family without a middle token its suffix-first layout, and the model continues the prefix', () => {
    const laid = layout(codestralLike, { prefix: 'ab\n', middle: 'c', suffix: 'YZ' });
    assert.equal(show(laid.tokens), '[SUF]YZ[PRE]ab\nc');
    assert.ok(laid.endsInCode);
  });

  it("places other files first, with the family's repo and file tokens, and the current path before the prefix", () => {
    const tokens = layout(qwenLike, {
      prefix: 'p',
      suffix: 's',
      repoName: 'r',
      filePath: 'cur.ts',
      extra: [{ filePath: 'a.ts', text: 'A' }],
    }).tokens;
    assert.equal(show(tokens), '[REPO]r\n[SEP]a.ts\nA\n[SEP]cur.ts\n[PRE]p[SUF]s[MID]');
  });

  it('labels other files with a comment inside the prefix in families without file tokens', () => {
    const tokens = layout(deepseekLike, { prefix: 'p', suffix: 's', filePath: 'main.py', extra: [{ filePath: 'util.py', text: 'x = 1' }] }).tokens;
    assert.equal(show(tokens), '[PRE]# util.py\nx = 1\n\n# main.py\np[SUF]s[MID]');
  });

  it('keeps code that looks like a special token as text', () => {
    const tokens = layout(qwenLike, { prefix: 'x<|fim_prefix|>', suffix: '' }).tokens;
    assert.equal(tokens.filter((t) => t === 1000).length, 1);
  });

  it('fits the budget by dropping extra chunks, then the suffix end, then the prefix start, never the typed run', () => {
    const request = { prefix: '0123456789\n', middle: 'mid', suffix: 'abcdefghij', extra: [{ filePath: 'f', text: 'x'.repeat(50) }] };
    const fitted = layout(deepseekLike, request, 'psm', 3 + 3 + 12);
    assert.equal(fitted.trimmed.extraChunks, 1);
    assert.equal(fitted.tokens.length, 18);
    const text = show(fitted.tokens);
    assert.ok(text.endsWith('[MID]mid'), text);
    assert.match(text, /^\[PRE\]\d*\n\[SUF\]abc/, 'the far end of the suffix and the start of the prefix went');
    assert.ok(text.includes('9\n[SUF]'), 'the code right before the typed run is kept');
  });

  it('continues the code before the cursor alone in prefix-only mode', () => {
    const none = detectFimFormat(vocabularyFromGguf({ tokens: ['a'] }));
    assert.equal(show(layout(none, { prefix: 'ab\n', middle: 'c', suffix: 'zzz' }).tokens), 'ab\nc');
  });

  it('starts with BOS when the model wants one', () => {
    const tokens = layoutPrompt({ prefix: 'a', suffix: '' }, qwenLike, { ...tokenizer, bos: 7 }, { order: 'psm', maxPromptTokens: 100 }).tokens;
    assert.equal(tokens[0], 7);
  });
});
