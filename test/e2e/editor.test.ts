// A user's session in a real VS Code (code-server in headless Chromium) with Pipit loaded from the working tree:
// open a file of the sample workspace, type, run a Pipit command from the palette. Screenshots go to .test-results/.
import * as assert from 'node:assert/strict';
import { startUiDriver } from '../harness/uiDriver';
import type { UiDriver } from '../harness/uiDriver';

describe('Pipit in the VS Code workbench', function () {
  this.timeout(120_000);
  let ui: UiDriver;

  before(async () => {
    ui = await startUiDriver();
  });

  after(async () => {
    await ui?.close();
  });

  it('shows typed text in the editor and saves it to the file', async () => {
    await ui.openFile('math.ts');
    await ui.goTo(13, 3);
    // Brackets are auto-closed and typed over, as for a user: the result must still be exactly the typed line.
    const line = 'return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };';
    await ui.type(line);
    assert.match(await ui.visibleText(), /\n {2}return \{ x: \(a\.x \+ b\.x\) \/ 2, y: \(a\.y \+ b\.y\) \/ 2 \};\n\}/);
    const saved = await ui.savedText('math.ts');
    assert.ok(saved.includes(`Point {\n  ${line}\n}\n`), saved);
    await ui.screenshot('e2e-typed');
  });

  it('runs a Pipit command from the command palette (Pipit: Show Log opens its output channel)', async () => {
    await ui.runCommand('pipit.showLog');
    await ui.page.locator('.part.panel select.monaco-select-box').first().waitFor();
    assert.equal(await ui.outputChannel(), 'Pipit');
    await ui.screenshot('e2e-show-log');
  });
});
