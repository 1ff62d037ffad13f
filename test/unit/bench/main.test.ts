import * as assert from 'node:assert/strict';
import { optionsFromArgs } from '../../bench/main';

const env = { PIPIT_BENCH_MODEL: '/models/any.gguf' };

describe('npm run bench flags', () => {
  it('runs at 16 tokens and again at the product default of 64 unless told otherwise', async () => {
    const options = await optionsFromArgs([], env);
    assert.deepEqual(options.maxTokens, [16, 64]);
    assert.equal(options.compareSpm, false);
    assert.equal(options.order, undefined, "the engine's default layout");
  });

  it('takes a list of lengths and the spm comparison', async () => {
    const options = await optionsFromArgs(['--max-tokens', '32', '--compare-spm', '--quick'], env);
    assert.deepEqual(options.maxTokens, [32]);
    assert.equal(options.compareSpm, true);
    assert.equal(options.keystrokesPerSession, 40);
  });

  it('refuses what it cannot run', async () => {
    await assert.rejects(optionsFromArgs(['--max-tokens', '16,x'], env), /--max-tokens/);
    await assert.rejects(optionsFromArgs(['--max-tokens', '16,16'], env), /--max-tokens/);
    await assert.rejects(optionsFromArgs(['--compare-spm', '--order', 'spm'], env), /--compare-spm/);
  });
});
