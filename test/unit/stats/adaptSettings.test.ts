// On a slow machine suggestions get shorter instead of timing out; on a fast one nothing changes.
import * as assert from 'node:assert/strict';
import { DEFAULTS, type Settings } from '../../../src/config/settings';
import { adaptSettings, measuredSpeed, MIN_SAMPLES } from '../../../src/stats/adaptSettings';
import type { GenerationSample } from '../../../src/stats/types';

const settings: Settings = { ...DEFAULTS, maxTokens: 64, maxTimeMs: 4000, multiline: 'auto' };
const at = (tokensPerSecond: number, count = 10): GenerationSample[] =>
  Array.from({ length: count }, (_, i) => ({ at: i, generatedTokens: 33, decodeMs: (32 / tokensPerSecond) * 1000, promptTokens: 10, promptMs: 100 }));

describe('adaptSettings', () => {
  it('leaves the settings alone on a fast machine', () => {
    const adapted = adaptSettings(settings, measuredSpeed(at(46)));
    assert.equal(adapted.settings, settings);
    assert.equal(adapted.note, undefined);
  });

  it('shortens suggestions to what the measured speed generates in time, and says so', () => {
    const adapted = adaptSettings(settings, measuredSpeed(at(14)));
    assert.equal(adapted.settings.maxTokens, 42, '14 tok/s × 4 s × 0.75');
    assert.equal(adapted.settings.multiline, 'auto');
    assert.equal(adapted.note, 'Slow machine (14.0 tokens/s): suggestions shortened to at most 42 tokens so they finish within 4 s.');
  });

  it('keeps suggestions to one line when generation is very slow', () => {
    const adapted = adaptSettings(settings, measuredSpeed(at(4)));
    assert.equal(adapted.settings.multiline, 'never');
    assert.equal(adapted.settings.maxTokens, 12);
    assert.match(adapted.note!, /one line/);
  });

  it('never goes below a useful minimum, and never raises what the user set', () => {
    assert.equal(adaptSettings(settings, measuredSpeed(at(0.5))).settings.maxTokens, 8);
    assert.equal(adaptSettings({ ...settings, maxTokens: 16 }, measuredSpeed(at(14))).settings.maxTokens, 16);
  });

  it('respects an explicit "always" multi-line choice while still capping the length', () => {
    const adapted = adaptSettings({ ...settings, multiline: 'always' }, measuredSpeed(at(4)));
    assert.equal(adapted.settings.multiline, 'always');
    assert.equal(adapted.settings.maxTokens, 12);
  });

  it('waits for enough samples before trusting the speed (the first requests include warm-up)', () => {
    assert.equal(adaptSettings(settings, measuredSpeed(at(2, MIN_SAMPLES - 1))).note, undefined);
    assert.equal(adaptSettings(settings, undefined).settings, settings);
  });

  it('takes the median of recent generations, so one stall does not shorten everything', () => {
    const samples = [...at(30, 9), ...at(1, 1)];
    assert.ok(Math.abs(measuredSpeed(samples)!.tokensPerSecond - 30) < 0.01);
    assert.equal(adaptSettings(settings, measuredSpeed(samples)).settings.maxTokens, 64);
  });

  it('ignores very short generations when measuring', () => {
    assert.equal(measuredSpeed([{ at: 0, generatedTokens: 2, decodeMs: 1000, promptTokens: 1, promptMs: 1 }]), undefined);
  });
});
