import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/common/Emitter';

describe('common: Emitter', () => {
  it('delivers to every listener until it is unsubscribed', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    const subscription = emitter.event((value) => heard.push(value));
    emitter.fire(1);
    subscription.dispose();
    emitter.fire(2);
    assert.deepEqual(heard, [1]);
  });

  it('reports a listener that throws and still calls the others, without an uncaught exception', async () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((error) => errors.push(error));
    const heard: string[] = [];
    emitter.event(() => {
      throw new Error('listener bug');
    });
    emitter.event((value) => heard.push(value));
    let uncaught: unknown;
    const onUncaught = (error: unknown) => (uncaught = error);
    process.prependOnceListener('uncaughtException', onUncaught);
    try {
      emitter.fire('a');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    assert.deepEqual(heard, ['a']);
    assert.deepEqual(errors.map((error) => (error as Error).message), ['listener bug']);
    assert.equal(uncaught, undefined);
  });
});
