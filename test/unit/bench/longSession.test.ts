// The long-session bench's verdict: what counts as a leak after the warm-up.
import * as assert from 'node:assert/strict';
import type { ProcessResources } from '../../../src/engine/processResources';
import { judge, type LongSessionSample } from '../../bench/longSession';

const resources = (over: Partial<ProcessResources> = {}): ProcessResources => ({
  rssBytes: 300e6,
  peakRssBytes: 500e6,
  heapUsedBytes: 50e6,
  timers: 0,
  handles: 3,
  byKind: {},
  listeners: 31,
  ...over,
});
const sample = (completions: number, engine: Partial<ProcessResources> = {}, client: Partial<ProcessResources> = {}): LongSessionSample => ({
  completions,
  cancelled: 0,
  keystrokes: completions,
  seconds: completions / 4,
  engine: resources(engine),
  client: resources(client),
});

describe('long-session verdict', () => {
  it('passes flat counts and a peak RSS that grew under 5% after the warm-up, whatever the warm-up itself did', () => {
    const verdict = judge([sample(0, { peakRssBytes: 300e6 }), sample(500), sample(5000, { peakRssBytes: 520e6, rssBytes: 280e6 })], 500);
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.pass, true);
    assert.equal(verdict.baselineAt, 500);
    assert.ok(Math.abs(verdict.peakRssGrowthPercent - 4) < 1e-9);
  });

  it('fails a peak RSS that grew 5% or more, and any timer, handle or listener more at the end', () => {
    const verdict = judge([sample(600), sample(5000, { peakRssBytes: 525e6, listeners: 32 }, { timers: 1 })], 500);
    assert.equal(verdict.pass, false);
    assert.equal(verdict.problems.length, 3, verdict.problems.join('\n'));
    assert.match(verdict.problems.join('\n'), /peak RSS grew 5\.0%/);
    assert.match(verdict.problems.join('\n'), /engine listeners: 31 after the warm-up, 32/);
    assert.match(verdict.problems.join('\n'), /client timers: 0 after the warm-up, 1/);
  });

  it('does not pass a run with nothing measured after the warm-up', () => {
    assert.equal(judge([sample(0), sample(400)], 500).pass, false);
  });
});
