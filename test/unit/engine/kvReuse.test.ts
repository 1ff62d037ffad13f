import * as assert from 'node:assert/strict';
import { planReuse, type TokenRange } from '../../../src/engine/kvReuse';

/** What the context holds after erasing `ranges` from `current`: the plan checked against a model of the cache. */
function applyErase(current: readonly number[], ranges: readonly TokenRange[]): number[] {
  return current.filter((_, index) => !ranges.some((range) => index >= range.start && index < range.end));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('planReuse', () => {
  it('keeps the common prefix and evaluates only what follows it', () => {
    const plan = planReuse([1, 2, 3, 4, 90, 91], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(plan, { erase: [{ start: 4, end: 6 }], reused: 4, evaluate: 2 });
  });

  it('always leaves the last prompt token to evaluate (generation needs its logits)', () => {
    const plan = planReuse([1, 2, 3], [1, 2, 3]);
    assert.equal(plan.reused, 2);
    assert.equal(plan.evaluate, 1);
  });

  it('cuts out a removed span and keeps what follows it (the prefix window slid forward)', () => {
    const old = [...range(0, 10), ...range(100, 140), 7];
    const next = [...range(0, 10), ...range(105, 140), 8, 9];
    const plan = planReuse(old, next);
    assert.equal(plan.reused, 10 + 35);
    assert.equal(plan.evaluate, 2);
    assert.deepEqual(applyErase(old, plan.erase), next.slice(0, plan.reused));
  });

  it('does not shift the cache for a short coincidental match', () => {
    const plan = planReuse([1, 2, 50, 51, 52, 9, 9], [1, 2, 51, 52, 60, 61, 62, 63, 64, 65, 66, 67]);
    assert.equal(plan.reused, 2);
  });

  it('starts from nothing when nothing matches', () => {
    assert.deepEqual(planReuse([5, 6], [1, 2]), { erase: [{ start: 0, end: 2 }], reused: 0, evaluate: 2 });
    assert.deepEqual(planReuse([], [1, 2]), { erase: [], reused: 0, evaluate: 2 });
  });
});
