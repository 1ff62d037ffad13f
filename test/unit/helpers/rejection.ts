// The error a promise must fail with, checked to be of the expected class, for tests of refusals.
import * as assert from 'node:assert/strict';

export async function rejection<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E, what = 'the call'): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected a ${kind.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`${what} should have failed`);
}
