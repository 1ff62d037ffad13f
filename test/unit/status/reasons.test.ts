import * as assert from 'node:assert/strict';
import type { RequestRecord } from '../../../src/completion/types';
import { noSuggestionReason } from '../../../src/status/reasons';
import { requestLogLine } from '../../../src/status/requestLogLine';
import { Snooze } from '../../../src/status/Snooze';

describe('why no suggestion appeared', () => {
  it('names the skip reason in words', () => {
    assert.equal(noSuggestionReason({ items: [], outcome: 'skipped', reason: 'minified' }), 'skipped: minified file');
    assert.match(noSuggestionReason({ items: [], outcome: 'skipped', reason: 'excluded' })!, /excluded/);
  });

  it('explains filtered, cancelled and engine errors, and says nothing when a suggestion showed', () => {
    assert.match(noSuggestionReason({ items: [], outcome: 'filteredEmpty' })!, /repeated/);
    assert.match(noSuggestionReason({ items: [], outcome: 'cancelled' })!, /kept typing/);
    assert.match(noSuggestionReason({ items: [], outcome: 'error', error: 'MODEL_NOT_SET' })!, /engine error: MODEL_NOT_SET/);
    const shown = { items: [{ insertText: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }], outcome: 'shown' as const };
    assert.equal(noSuggestionReason(shown), undefined);
  });
});

describe('request log line', () => {
  const record: RequestRecord = {
    at: 0, uri: 'file:///a.ts', languageId: 'typescript', trigger: 'automatic', outcome: 'shown', mode: 'single',
    engineRequests: 1, promptTokensEvaluated: 3, promptTokensReused: 412, timeToFirstTokenMs: 41.6, totalMs: 88.2, items: 1,
  };

  it('reports tokens evaluated and reused, time to first token and total', () => {
    assert.equal(requestLogLine(record), 'request automatic shown mode=single engine=1 evaluated=3 reused=412 ttft=42ms total=88ms items=1');
  });

  it('leaves engine figures out when the cache or typing-through answered', () => {
    const line = requestLogLine({ ...record, outcome: 'typedThrough', engineRequests: 0, promptTokensEvaluated: 0, promptTokensReused: 0 });
    assert.equal(line, 'request automatic typedThrough mode=single engine=0 total=88ms items=1');
  });
});

describe('snooze', () => {
  it('lasts the chosen minutes, or until restart, and can be resumed', () => {
    let now = 1000;
    const snooze = new Snooze(() => now);
    assert.equal(snooze.snoozedUntil, undefined);
    snooze.forMinutes(5);
    assert.equal(snooze.snoozedUntil, 1000 + 5 * 60_000);
    now += 5 * 60_000 + 1;
    assert.equal(snooze.snoozedUntil, undefined);
    snooze.untilRestart();
    assert.equal(snooze.snoozedUntil, Infinity);
    snooze.resume();
    assert.equal(snooze.snoozedUntil, undefined);
  });
});
