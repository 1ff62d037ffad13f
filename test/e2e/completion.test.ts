// What a user sees while typing, in a real VS Code (code-server in headless Chromium) with the engine running the
// scripted test model: ghost text from the model, typed-through reuse with no new engine request, Tab to accept.
import * as assert from 'node:assert/strict';
import { E2E_SCRIPT } from '../harness/testModel';
import { startUiDriver, type UiDriver } from '../harness/uiDriver';
import { until } from '../harness/until';

/** Engine requests Pipit made so far, summed from its one-line-per-request log (`engine=N`). */
function engineRequests(log: string): number {
  return [...log.matchAll(/ request \S+ \S+.* engine=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('inline suggestions in the editor', function () {
  this.timeout(180_000);
  let ui: UiDriver;

  before(async () => {
    ui = await startUiDriver();
  });

  after(async () => {
    await ui?.close();
  });

  it('shows the model’s multi-line suggestion on an empty line in a function, serves typed-through text without the engine, and Tab accepts', async () => {
    await ui.openFile('math.ts');
    await ui.goTo(13, 3);
    await ui.runCommand('editor.action.inlineSuggest.trigger');
    const ghost = await ui.waitForGhostText({ timeoutMs: 60_000 });
    assert.equal(ghost, E2E_SCRIPT);
    await ui.screenshot('e2e-ghost-text');

    // The shown suggestion is followed by one prefetch (the state after accepting it); let it finish first.
    await until(() => / request prefetch /.test(ui.pipitLog()) || undefined, 30_000, 'the prefetch to finish');
    const before = engineRequests(ui.pipitLog());
    assert.ok(before >= 1, `the suggestion came from the engine:\n${ui.pipitLog()}`);

    await ui.type('con');
    const rest = E2E_SCRIPT.slice('con'.length);
    await until(async () => (await ui.ghostText()) === rest || undefined, 10_000, `ghost text ${JSON.stringify(rest)}`);
    // VS Code keeps matching ghost text itself and asks the provider less than once per key; what it asks is
    // answered from the shown suggestion.
    await until(() => / request automatic typedThrough .*engine=0/.test(ui.pipitLog()) || undefined, 10_000, 'a typed-through answer in the log');
    assert.equal(engineRequests(ui.pipitLog()), before, 'typing through the suggestion made no engine request');
    await ui.screenshot('e2e-typed-through');

    await ui.press('Tab');
    await until(() => / request accepted/.test(ui.pipitLog()), 10_000, 'the accept in Pipit\'s log');
    const saved = await ui.savedText('math.ts');
    assert.ok(saved.includes(`Point {\n  ${E2E_SCRIPT}\n}`), saved);
    await ui.screenshot('e2e-accepted');
  });
});
