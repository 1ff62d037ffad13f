// The bench's --context mode: at a pause the simulated language server (the replayed file's own declarations) gives
// definitions near the cursor, the pipeline commits them, and the figures count the pause, its gathering time and the
// keystroke after the change. A fake engine stands in for the model (none runs in plain Node).
import * as assert from 'node:assert/strict';
import { ContextSimulator } from '../../bench/ContextSimulator';
import { contextReport } from '../../bench/contextReport';
import { CONTEXT_IDLE_MS } from '../../../src/completion/contextIdle';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { PromptContext } from '../../../src/completion/PromptContext';
import { estimateTokens } from '../../../src/completion/tokens';
import { harness, inputAt } from '../completion/harness';

const FILE = 'export function area(r: number) {\n  return Math.PI * r * r;\n}\n\nconst total = area(2) + ';

describe('bench --context: the simulated language server at pauses', function () {
  this.timeout(10_000);

  it('gathers the definition of a symbol near the cursor at a pause, commits it, and marks the next keystroke', async () => {
    const ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens });
    const context = new PromptContext({ ring, isExcluded: () => false, now: Date.now });
    const { pipeline, engine } = harness(() => 'x', { prefetch: false }, { extraContext: context });
    const simulator = new ContextSimulator(pipeline, context);
    simulator.open({ relativePath: 'src/shapes.ts', origin: 'test', languageId: 'typescript', text: FILE });
    const input = inputAt(`${FILE}║`, { relativePath: 'src/shapes.ts' });
    simulator.keystroke(1, () => input);
    await new Promise((done) => setTimeout(done, CONTEXT_IDLE_MS + 300));
    const read = engine.asked[engine.asked.length - 1];
    assert.deepEqual(read?.extra, [{ filePath: 'defs/src/shapes.ts', text: 'export function area(r: number) {\n  return Math.PI * r * r;\n}' }]);
    simulator.keystroke(2, () => input);
    simulator.dispose();
    assert.equal(simulator.figures.pauses, 1);
    assert.equal(simulator.figures.changes, 1);
    assert.equal(simulator.figures.gatherMs.length, 1);
    assert.deepEqual([...simulator.figures.afterChange], [2]);
    const report = contextReport(simulator.figures, [], 2);
    assert.equal(report.changesPer100Keystrokes, 50);
    assert.equal(report.gatherMs.n, 1);
  });
});
