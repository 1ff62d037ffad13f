import * as assert from 'node:assert/strict';
import { ensureTestModels } from '../../models/testModels';
import { formatReport } from '../../bench/report';
import { runBench } from '../../bench/runBench';

// Runs the real benchmark harness (pipeline, engine processes, typing replay, report) for a few seconds on the tiny
// random test model, with both Pipit layouts side by side and a second, longer generation length. Timings on a
// shared machine mean nothing here: it asserts that every metric is reported.
describe('npm run bench (smoke)', function () {
  this.timeout(240_000);

  it('replays typing sessions and reports every metric', async () => {
    const models = await ensureTestModels();
    const { report, sessions } = await runBench({
      modelPath: models.qwenFim,
      modelLabel: 'qwenFim test model',
      threads: 2,
      maxTokens: [16, 32],
      contextSize: 4096,
      seed: 3,
      keystrokesPerSession: 12,
      languages: ['ts', 'js'],
      peer: false,
      prefetch: true,
      readAhead: true,
      cache: true,
      order: 'psm',
      compareSpm: true,
      // Typing four times faster than a person; every suggestion seen at a pause is accepted.
      replay: { speed: 4, waitCapMs: 60_000, acceptShare: 1, typeThroughShare: 0 },
      activation: true,
      quick: true,
      log: () => undefined,
    });

    assert.equal(sessions.length, 2 * 2 * 2, 'one session per file, column and length');
    assert.deepEqual(report.completers.map((m) => m.name), ['pipit (anchored psm)', 'pipit (old spm)']);
    assert.deepEqual(report.pipitColumns.map((column) => column.order), ['psm', 'spm'], 'each column runs its own layout');
    const [pipit, old] = report.completers;
    assert.ok(pipit && old, 'the pipit columns');
    assert.ok(pipit.keystrokes >= 24, `${pipit.keystrokes} keystrokes`);
    assert.ok(pipit.requests > 0 && pipit.engineRequestsPer100Keystrokes > 0, 'requests went to the engine');
    assert.equal(pipit.errors, 0, pipit.firstError);
    for (const metric of ['latencyMs', 'reuseLatencyMs', 'coldMs', 'promptEvaluated', 'promptReused', 'timeToFirstTokenMs', 'tokensPerSecond', 'overheadMs'] as const) {
      assert.ok('p50' in pipit[metric] && 'p95' in pipit[metric], `${metric} has percentiles`);
    }
    assert.ok(pipit.coldMs.n === 2 && pipit.promptEvaluated.n > 0 && pipit.timeToFirstTokenMs.n > 0, 'engine requests were measured');
    assert.ok(pipit.overheadMs.n > 0, 'pipeline overhead was measured');
    for (const column of [pipit, old]) {
      // On a loaded machine every request may be stopped while reading its prompt: then they are counted as cut short.
      const cost = column.keystrokeCost;
      assert.ok(cost.typing.n + cost.cut > 0, `${column.name}: prompt cost per keystroke was measured, or counted as cut short`);
    }
    assert.equal(report.passes.length, 1, 'one more length');
    const [longer] = report.passes;
    assert.equal(longer!.maxTokens, 32);
    assert.equal(longer!.keystrokesPerSession, 6, 'half the keystrokes');
    assert.ok(longer!.completers.every((m) => m.maxTokens === 32 && m.requests > 0), 'both columns replayed at 32 tokens');
    for (const target of ['per keystroke, p50 <= 8', 'within a line, max <= 32', 'right after Enter, p95 <= 16']) {
      assert.ok(report.targets.some((entry) => entry.target.includes(target)), target);
    }
    assert.ok(pipit.peakRssMb !== null && pipit.peakRssMb > 0, 'engine peak RSS was read');
    assert.ok(pipit.cpuMs > 0, 'extension-side CPU was measured');
    assert.ok(report.activation && report.activation.totalMs > 0 && !report.activation.error, report.activation?.error);

    const table = formatReport(report);
    for (const label of ['last keystroke → shown', 'typed-through + cache hits', 'engine requests per 100 keystrokes', 'prompt tokens evaluated',
      'prompt tokens reused', 'prompt tokens evaluated per keystroke', 'cut short while reading its prompt', 'typing within a line', 'right after Enter', 'At most 32 tokens', 'time to first token', 'generation tok/s', 'pipeline overhead', 'engine peak RSS', 'extension-side CPU', 'Activation']) {
      assert.ok(table.includes(label), `the table reports "${label}"`);
    }
  });
});
