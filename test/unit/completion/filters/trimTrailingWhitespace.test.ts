import * as assert from 'node:assert/strict';
import { trimTrailingWhitespace } from '../../../../src/completion/filters/trimTrailingWhitespace';
import { contextOf, itRunsGoldenCases } from '../golden';

describe('filter: trimTrailingWhitespace', () => {
  itRunsGoldenCases('trimTrailingWhitespace', trimTrailingWhitespace);

  it('keeps leading indentation', () => {
    assert.equal(trimTrailingWhitespace('\n\treturn 1;\t', contextOf('{║')), '\n\treturn 1;');
  });
});
