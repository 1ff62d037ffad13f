// The bounded lists the extension exports (recent routes, requests, explanations): a long session keeps only the last.
import * as assert from 'node:assert/strict';
import { pushRecent } from '../../../src/common/recent';

describe('pushRecent', () => {
  it('keeps the newest entries, oldest first, up to the limit', () => {
    const list: number[] = [];
    for (let i = 1; i <= 55; i++) pushRecent(list, i, 50);
    assert.equal(list.length, 50);
    assert.equal(list[0], 6);
    assert.equal(list[49], 55);
  });

  it('keeps everything below the limit', () => {
    const list = ['a'];
    pushRecent(list, 'b', 3);
    assert.deepEqual(list, ['a', 'b']);
  });
});
