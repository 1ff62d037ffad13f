// `npm run bench -- --editor` in small: the real-VS-Code latency run types a few word bursts and reports each figure,
// so the harness behind the figures in docs/performance.md keeps working. The scripted test model stands in for the
// shape proxy (same pipeline, a fraction of the compute); timings on a shared machine are not asserted.
import * as assert from 'node:assert/strict';
import { formatEditorLatency, measureEditorLatency } from '../bench/editorLatency';
import { ensureScriptedModel } from '../models/testModels';

describe('npm run bench -- --editor (smoke)', function () {
  this.timeout(240_000);

  it('types word bursts into a real file, times each pause to ghost text, and reads the engine share from the log', async () => {
    const modelPath = await ensureScriptedModel('const result = compute(item, options);');
    const result = await measureEditorLatency({ label: 'smoke', modelPath, settings: { 'pipit.maxTokens': 16 }, pauses: 4, waitMs: 30_000, log: () => undefined });
    assert.equal(result.pauses.length, 4);
    assert.ok(result.shown >= 1 && result.latencyMs.p50 !== null, `ghost text was timed: ${JSON.stringify(result.pauses)}`);
    assert.ok(result.engine.requests >= 1 && result.engine.totalMs.n >= 1, `the engine's share came from Pipit's log: ${JSON.stringify(result.engine)}`);
    const table = formatEditorLatency([result]);
    assert.ok(result.roundTripMs.n >= 1, 'the extension host was probed while typing');
    for (const row of ['last key → ghost text', 'extension host round trip', 'time to first token', 'prompt tokens evaluated']) assert.ok(table.includes(row), row);
  });
});
