import * as assert from 'node:assert/strict';
import { closersToReplace } from '../../../../src/completion/closers';
import { mergeClosers } from '../../../../src/completion/filters/mergeClosers';
import { contextOf, itRunsGoldenCases } from '../golden';

describe('filter: mergeClosers', () => {
  // Each case also says how many characters right of the cursor VS Code must replace (`replaces:`).
  itRunsGoldenCases('mergeClosers', mergeClosers, (result, golden) => {
    const replaced = closersToReplace(result ?? '', golden.context.linePrefix, golden.context.lineSuffix);
    assert.equal(replaced, Number(golden.attributes.replaces), 'characters replaced right of the cursor');
  });

  it('replaces a string closer only when the cursor is inside that string', () => {
    const outside = contextOf(`f(║")`);
    assert.equal(closersToReplace('"a")', outside.linePrefix, outside.lineSuffix), 0);
    const inside = contextOf(`f("║")`);
    assert.equal(closersToReplace('a")', inside.linePrefix, inside.lineSuffix), 2);
  });
});
