import * as assert from 'node:assert/strict';
import { closersToReplace } from '../../../../src/completion/closers';
import { FILTERS, applyFilters } from '../../../../src/completion/filters';
import { itRunsGoldenCases } from '../golden';

describe('filters: the whole chain', () => {
  itRunsGoldenCases('all', applyFilters, (result, golden) => {
    if (golden.attributes.replaces === undefined) return;
    assert.equal(closersToReplace(result ?? '', golden.context.linePrefix, golden.context.lineSuffix), Number(golden.attributes.replaces));
  });

  it('runs special-token stripping first and empty-dropping last', () => {
    const names = FILTERS.map(([name]) => name);
    assert.equal(names[0], 'stripSpecialTokens');
    assert.equal(names[names.length - 1], 'dropEmpty');
  });
});
