import * as assert from 'node:assert/strict';
import { stripSpecialTokens } from '../../../../src/completion/filters/stripSpecialTokens';
import { contextOf, itRunsGoldenCases } from '../golden';

describe('filter: stripSpecialTokens', () => {
  itRunsGoldenCases('stripSpecialTokens', stripSpecialTokens);

  it("cuts at each supported family's own control tokens", () => {
    const leaks: Record<string, string[]> = {
      'qwen2.5-coder': ['<|file_sep|>', '<|im_end|>', '<|fim_pad|>'],
      'deepseek-coder': ['<｜fim▁hole｜>', '<｜end▁of▁sentence｜>'],
      starcoder: ['<fim_middle>', '<file_sep>'],
      codellama: ['<EOT>', '▁<EOT>'],
      codestral: ['[SUFFIX]', '[MIDDLE]'],
      codegemma: ['<|file_separator|>', '<|fim_middle|>'],
    };
    for (const [family, tokens] of Object.entries(leaks)) {
      const context = contextOf('x = ║', { family });
      for (const token of tokens) assert.equal(stripSpecialTokens(`1${token}2`, context), '1', `${family}: ${token}`);
    }
  });

  it("leaves another family's token texts alone: they are code for this model", () => {
    const qwen = contextOf('x = ║', { family: 'qwen2.5-coder' });
    for (const text of ['<fim_middle>', '<EOT>', '[SUFFIX]', '<｜fim▁hole｜>', '<filename>']) {
      assert.equal(stripSpecialTokens(`1${text}2`, qwen), `1${text}2`, text);
    }
    const unknown = { ...qwen, specialTokens: [] };
    assert.equal(stripSpecialTokens('1<|endoftext|>2', unknown), '1<|endoftext|>2', 'no family known: nothing is cut');
  });
});
