import * as assert from 'node:assert/strict';
import { coalesce } from '../../../src/common/coalesce';

/** A task whose runs end when the test says so. */
function controlledTask() {
  const runs: Array<() => void> = [];
  let concurrent = 0;
  let most = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      most = Math.max(most, ++concurrent);
      runs.push(() => {
        concurrent--;
        resolve();
      });
    });
  return { task, runs, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('common: coalesce', () => {
  it('never runs the task twice at once, and calls made during a run share one more run after it', async () => {
    const { task, runs, most } = controlledTask();
    const run = coalesce(task);
    const first = run();
    const second = run();
    const third = run();
    assert.equal(second, third, 'the calls during a run share the next one');
    assert.equal(runs.length, 1);
    runs[0]!();
    await first;
    await settle();
    assert.equal(runs.length, 2, 'one more run for the two calls made during the first');
    runs[1]!();
    await Promise.all([second, third]);
    assert.equal(most(), 1);
    const fourth = run();
    assert.equal(runs.length, 3, 'an idle task starts at once');
    runs[2]!();
    await fourth;
  });

  it('runs again after a run that failed', async () => {
    let calls = 0;
    const run = coalesce(async () => {
      calls++;
      if (calls === 1) throw new Error('first run fails');
    });
    const first = run();
    const second = run();
    await assert.rejects(first, /first run fails/);
    await second;
    assert.equal(calls, 2);
  });
});
