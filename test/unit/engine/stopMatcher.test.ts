import * as assert from 'node:assert/strict';
import { StopMatcher } from '../../../src/engine/stopMatcher';

/** Feeds pieces as a model would stream them; returns what was shown and whether it stopped. */
function stream(stops: string[], pieces: string[]): { shown: string[]; stopped: boolean } {
  const matcher = new StopMatcher(stops);
  const shown: string[] = [];
  for (const piece of pieces) {
    const step = matcher.push(piece);
    if (step.emit) shown.push(step.emit);
    if (step.stopped) return { shown, stopped: true };
  }
  const rest = matcher.flush();
  if (rest) shown.push(rest);
  return { shown, stopped: false };
}

describe('StopMatcher', () => {
  it('cuts at a stop sequence split across pieces and never shows part of it', () => {
    const { shown, stopped } = stream(['\n\n'], ['return a;', '\n', '\n', 'more']);
    assert.equal(shown.join(''), 'return a;');
    assert.ok(stopped);
  });

  it('holds back a possible start, then releases it when it turns out not to be a stop', () => {
    const { shown } = stream(['</code>'], ['x <', '/c', 'at']);
    assert.deepEqual(shown, ['x ', '</cat']);
  });

  it('shows held-back text when the stream ends without a stop', () => {
    assert.deepEqual(stream(['<|file_sep|>'], ['a', '<|file']).shown, ['a', '<|file']);
  });

  it('stops at the earliest of several sequences', () => {
    assert.equal(stream(['END', 'B'], ['aBcEND']).shown.join(''), 'a');
  });

  it('streams straight through with no stop sequences', () => {
    assert.deepEqual(stream([], ['a', 'b']).shown, ['a', 'b']);
  });
});
