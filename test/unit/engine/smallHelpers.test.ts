import * as assert from 'node:assert/strict';
import { defaultThreads, resolveThreads } from '../../../src/engine/defaultThreads';
import { resolveModelPath } from '../../../src/engine/resolveModelPath';

describe('resolveModelPath', () => {
  it('prefers PIPIT_MODEL_PATH over the setting, and ignores blanks', () => {
    assert.equal(resolveModelPath({ PIPIT_MODEL_PATH: '/env.gguf' }, '/setting.gguf'), '/env.gguf');
    assert.equal(resolveModelPath({ PIPIT_MODEL_PATH: '  ' }, '/setting.gguf'), '/setting.gguf');
    assert.equal(resolveModelPath({}, ''), undefined);
  });
});

describe('defaultThreads', () => {
  it('leaves a core for the editor, uses at least one and at most eight', () => {
    assert.equal(defaultThreads(1), 1);
    assert.equal(defaultThreads(2), 1);
    assert.equal(defaultThreads(8), 7);
    assert.equal(defaultThreads(64), 8);
  });

  it('honours an explicit count up to the number of cores', () => {
    assert.equal(resolveThreads(4, 16), 4);
    assert.equal(resolveThreads(32, 4), 4);
    assert.equal(resolveThreads(0, 4), 3);
  });
});
