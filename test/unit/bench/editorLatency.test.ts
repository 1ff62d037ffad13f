// The real-VS-Code latency bench's plain parts: what it types, and what it reads from Pipit's log.
import * as assert from 'node:assert/strict';
import { engineFigures, wordBursts } from '../../bench/editorLatency';

describe('editor latency bench: typing plan and log figures', () => {
  it('types code lines of the file in word bursts, skipping comments and lone braces', () => {
    const source = ['function run() {', '  // a comment that is long enough', '  }', '  var self = this;', '  self.emit(EVENT_RUN_BEGIN);', '}'].join('\n');
    assert.deepEqual(wordBursts(source, 3, 1), [['var ', 'self ', '= ', 'this;'],]);
    assert.deepEqual(wordBursts(source, 5, 1), [['var ', 'self ', '= ', 'this;'], ['self.emit(EVENT_RUN_BEGIN);']]);
  });

  it("reads the engine's share from Pipit's request lines, and only requests that reached the engine", () => {
    const log = [
      '2026-11-28 19:00:00.000 [info] request automatic shown mode=single engine=1 evaluated=3 reused=900 ttft=40ms total=120ms items=1',
      '2026-11-28 19:00:01.000 [info] request automatic typedThrough engine=0 total=1ms items=1',
      '2026-11-28 19:00:02.000 [info] request prefetch shown mode=single engine=1 evaluated=2 reused=903 ttft=30ms total=90ms items=1',
      '2026-11-28 19:00:03.000 [info] request explicit shown mode=multi engine=2 evaluated=5 reused=905 ttft=60ms total=300ms items=2',
    ].join('\n');
    const figures = engineFigures(log);
    assert.equal(figures.requests, 2, 'the typed-through answer and the prefetch are not keystroke requests');
    assert.deepEqual([figures.ttftMs.p50, figures.ttftMs.max], [40, 60]);
    assert.deepEqual([figures.totalMs.p50, figures.totalMs.max], [120, 300]);
    assert.deepEqual([figures.promptEvaluated.p50, figures.promptEvaluated.max], [3, 5]);
  });
});
