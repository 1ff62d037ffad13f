import * as assert from 'node:assert/strict';
import { stripSpecialTokens } from '../../../../src/completion/filters/stripSpecialTokens';
import { contextOf, itRunsGoldenCases } from '../golden';

describe('filter: stripSpecialTokens', () => {
  itRunsGoldenCases('stripSpecialTokens', stripSpecialTokens);

  it('cuts at every control token family the supported models leak', () => {
    const context = contextOf('x = ║');
    for (const token of ['<|file_sep|>', '<|im_end|>', '<｜fim▁hole｜>', '<fim_middle>', '<EOT>', '[SUFFIX]']) {
      assert.equal(stripSpecialTokens(`1${token}2`, context), '1', token);
    }
  });
});
