import * as assert from 'node:assert/strict';
import { DisposableStore, toDisposable } from '../../../src/common/lifecycle';

describe('common: lifecycle', () => {
  it('a store disposes what it holds once, newest first, and at once what is added after it was disposed', () => {
    const disposed: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => disposed.push('first')));
    store.add(toDisposable(() => disposed.push('second')));
    store.dispose();
    store.dispose();
    assert.deepEqual(disposed, ['second', 'first']);
    store.add(toDisposable(() => disposed.push('late')));
    assert.deepEqual(disposed, ['second', 'first', 'late']);
  });

  it('a disposable may dispose the store that holds it (a panel listener ending its own panel)', () => {
    const store = new DisposableStore();
    let ended = 0;
    store.add(toDisposable(() => ended++));
    store.add({ dispose: () => store.dispose() });
    store.dispose();
    assert.equal(ended, 1);
  });
});
