import * as assert from 'node:assert/strict';
import { statusView } from '../../../src/status/statusView';

const NOW = 1_000_000;

describe('status bar wording', () => {
  it('says the model is ready and the last latency', () => {
    const view = statusView({ enabled: true, engine: { kind: 'ready', model: 'qwen2.5-coder-0.5b' }, lastLatencyMs: 182.4 }, NOW);
    assert.match(view.text, /check/);
    assert.match(view.tooltip, /Ready: qwen2\.5-coder-0\.5b/);
    assert.match(view.tooltip, /182 ms/);
    assert.equal(view.warning, false);
  });

  it('says why nothing appeared', () => {
    const view = statusView({ enabled: true, engine: { kind: 'ready', model: 'm' }, lastSkip: 'skipped: minified file' }, NOW);
    assert.match(view.tooltip, /No suggestion last time: skipped: minified file/);
  });

  it('shows a snooze over the engine state until it runs out', () => {
    const snoozed = statusView({ enabled: true, snoozedUntil: NOW + 5 * 60_000, engine: { kind: 'ready', model: 'm' } }, NOW);
    assert.match(snoozed.text, /bell-slash/);
    assert.match(snoozed.tooltip, /5 more min/);
    const after = statusView({ enabled: true, snoozedUntil: NOW - 1, engine: { kind: 'ready', model: 'm' } }, NOW);
    assert.match(after.text, /check/);
  });

  it('warns on engine errors and when no model is set', () => {
    const error = statusView({ enabled: true, engine: { kind: 'error', message: 'The engine stopped (killed); it restarts on the next request.' } }, NOW);
    assert.equal(error.warning, true);
    assert.match(error.tooltip, /restarts on the next request/);
    assert.equal(statusView({ enabled: true, engine: { kind: 'noModel' } }, NOW).warning, true);
  });

  it('tells once-known limits: a prefix-only model ignores the code after the cursor', () => {
    const view = statusView({ enabled: true, engine: { kind: 'ready', model: 'm' }, prefixOnly: true }, NOW);
    assert.match(view.tooltip, /cannot fill in the middle/);
  });

  it('says how suggestions were shortened on a slow machine', () => {
    const note = 'Slow machine (6.2 tokens/s): suggestions shortened to at most 18 tokens, one line.';
    assert.match(statusView({ enabled: true, engine: { kind: 'ready', model: 'm' }, adaptNote: note }, NOW).tooltip, /Slow machine \(6\.2 tokens\/s\)/);
  });

  it('says when suggestions are off', () => {
    assert.match(statusView({ enabled: false, engine: { kind: 'ready', model: 'm' } }, NOW).tooltip, /off/);
  });
});
