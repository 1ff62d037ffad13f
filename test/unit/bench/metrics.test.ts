import * as assert from 'node:assert/strict';
import { keystrokeCost, promptCostPerKeystroke, summarize, type CompleterMetrics, type CompleterRole } from '../../bench/metrics';
import { checkTargets, formatReport, type BenchReport } from '../../bench/report';
import type { SessionResult } from '../../bench/replaySession';
import type { EngineRequestStat, KeystrokeClass } from '../../bench/types';

let nextId = 1;
/** One keystroke's engine request that evaluated `evaluated` prompt tokens. */
function request(keystrokeClass: KeystrokeClass, evaluated: number, extra: Partial<EngineRequestStat> = {}): EngineRequestStat {
  return { background: false, warmup: false, cancelled: false, evaluated, reused: 1000, timeToFirstTokenMs: 50, generatedTokens: 16, keystroke: { id: nextId++, class: keystrokeClass }, ...extra };
}

const session = (completer: string): SessionResult => ({ completer, file: 'a.ts', keystrokes: 10, accepted: 0, typedThroughKeys: 0, coldMs: 100, samples: [], cpuMs: 5, wallMs: 1000 });

function metricsOf(name: string, role: CompleterRole, engine: EngineRequestStat[], maxTokens = 16): CompleterMetrics {
  return summarize({ name, role, maxTokens }, [session(name)], engine, undefined);
}

describe('bench prompt cost per keystroke', () => {
  it("adds up a keystroke's requests and leaves out prefetches, cold requests and unknown costs", () => {
    const first = request('line', 3);
    const again = { ...request('line', 4), keystroke: first.keystroke! };
    const costs = promptCostPerKeystroke([
      first,
      again,
      request('line', 500, { warmup: true }),
      { ...request('line', 300), keystroke: undefined, background: true },
      request('line', 0, { cancelled: true, costUnknown: true }),
      request('enter', 9, { cancelled: true }),
    ]);
    assert.deepEqual([...costs.values()], [{ class: 'line', evaluated: 7, cut: false }, { class: 'enter', evaluated: 9, cut: false }]);
  });

  it('sorts keystrokes into typing, within a line, right after Enter', () => {
    const cost = keystrokeCost([
      request('line', 2),
      request('line', 30),
      request('afterEnter', 12),
      request('afterEnter', 3),
      request('enter', 200),
      request('moved', 400),
      request('other', 900),
    ]);
    assert.equal(cost.typing.n, 6, 'accepts and cleanups are not typing');
    assert.equal(cost.typing.max, 400);
    assert.equal(cost.withinLine.n, 4);
    assert.equal(cost.withinLine.max, 30, 'not Enter, not the first keystroke after a jump');
    assert.equal(cost.withinLineMax, 30);
    assert.equal(cost.cut, 0);
    assert.equal(cost.afterEnter.p95, 12);
    assert.equal(cost.enter.p50, 200);
    assert.equal(cost.moved.p50, 400);
  });

  it('leaves keystrokes cut short while reading their prompt out of the percentiles, but not out of the max', () => {
    const cost = keystrokeCost([
      request('line', 2),
      request('line', 3),
      request('line', 0, { cancelled: true, promptCut: true }),
      request('line', 64, { cancelled: true, promptCut: true }),
      request('afterEnter', 5, { cancelled: true, generatedTokens: 3 }),
    ]);
    assert.equal(cost.typing.n, 3, 'a request cancelled while generating had read its prompt');
    assert.equal(cost.typing.p50, 3, 'no zero from a request that never started');
    assert.equal(cost.cut, 2);
    assert.equal(cost.withinLineMax, 64, 'what a cut-short request evaluated still counts for the max');
  });

  it('tells apart keystrokes that read a cold prompt from those made once it was read', () => {
    const cost = keystrokeCost([
      request('moved', 40, { cancelled: true, promptCut: true }),
      request('line', 300, { cancelled: true, promptCut: true }),
      request('line', 500),
      request('line', 2),
      request('line', 3),
      request('moved', 90, { cancelled: true, promptCut: true }),
      request('line', 600),
      request('line', 1),
    ]);
    assert.equal(cost.withinLineMax, 600, 'cold reads count for the whole max');
    assert.equal(cost.withinLineWarmMax, 3, 'once the place was read, a keystroke costs its own tokens');
  });
});

describe('bench targets and report', () => {
  const cheap = [...Array.from({ length: 8 }, () => request('line', 2)), request('line', 30), request('afterEnter', 10), request('enter', 40), request('moved', 300)];

  it('meets the prompt-cost targets when every class is within its limit', () => {
    const targets = checkTargets([metricsOf('pipit (anchored psm)', 'pipit', cheap)], null);
    for (const name of ['per keystroke, p50 <= 8', 'within a line, max <= 32', 'right after Enter, p95 <= 16']) {
      const target = targets.find((entry) => entry.target.includes(name));
      assert.equal(target?.met, true, name);
    }
  });

  it('fails the per-keystroke target when no request read its whole prompt', () => {
    const cut = Array.from({ length: 5 }, () => request('line', 64, { cancelled: true, promptCut: true }));
    const target = checkTargets([metricsOf('pipit (anchored psm)', 'pipit', cut)], null).find((entry) => entry.target.includes('per keystroke, p50'));
    assert.equal(target?.met, false, target?.value);
  });

  it('fails the within-line target on one expensive keystroke, and the after-Enter one on expensive lines', () => {
    const costly = [...cheap, request('line', 33), ...Array.from({ length: 20 }, () => request('afterEnter', 17))];
    const targets = checkTargets([metricsOf('pipit (anchored psm)', 'pipit', costly)], null);
    assert.equal(targets.find((entry) => entry.target.includes('within a line'))?.met, false);
    assert.equal(targets.find((entry) => entry.target.includes('right after Enter'))?.met, false);
  });

  it("checks only the main Pipit column, not the old layout's nor a peer's", () => {
    const expensive = [request('line', 400), request('afterEnter', 400)];
    const targets = checkTargets(
      [metricsOf('pipit (anchored psm)', 'pipit', cheap), metricsOf('pipit (old spm)', 'pipitCompare', expensive), metricsOf('peer-spm-reuse', 'peer', expensive)],
      null,
    );
    assert.ok(targets.every((target) => target.met !== false), JSON.stringify(targets.filter((target) => target.met === false)));
  });

  it('reports the prompt cost rows for every column and the latency at the longer length apart', () => {
    const main = [metricsOf('pipit (anchored psm)', 'pipit', cheap), metricsOf('pipit (old spm)', 'pipitCompare', cheap)];
    const report: BenchReport = {
      startedAt: '2026-01-01T00:00:00.000Z',
      machine: { cpu: 'cpu', cores: 2, memoryGb: 8, node: 'v20', platform: 'linux' },
      model: { label: 'proxy', path: '/m.gguf', threads: 2, maxTokens: 16, order: 'psm', loadMs: 10 },
      settings: { seed: 1, keystrokesPerSession: 40, files: ['a.ts'], prefetch: true, cache: true, readAhead: true, quick: true },
      pipitColumns: [{ name: 'pipit (anchored psm)', order: 'psm' }, { name: 'pipit (old spm)', order: 'spm' }],
      peerBuild: null,
      peers: [],
      completers: main,
      passes: [{ maxTokens: 64, keystrokesPerSession: 20, completers: [metricsOf('pipit (anchored psm)', 'pipit', cheap, 64)] }],
      ratios: {},
      activation: null,
      targets: checkTargets(main, null),
      wallSeconds: 1,
    };
    const table = formatReport(report);
    for (const label of ['prompt tokens evaluated per keystroke', 'typing within a line, max', 'right after Enter, p95', '| metric | pipit (anchored psm) | pipit (old spm) |']) {
      assert.ok(table.includes(label), label);
    }
    assert.match(table, /Main run: at most 16 tokens/);
    assert.match(table, /At most 64 tokens generated per request, the product's default pipit\.maxTokens: the same sessions' first 20 keystrokes/);
  });
});
