// README's first command, as a newcomer runs it: `npm start -- --test-model` (code-server, since no VS Code desktop
// is here) serves a workbench with Pipit loaded, and the scripted test model's ghost text shows in it.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_SCRIPT } from '../harness/testModel';
import { attachUiDriver, FIXTURE_WORKSPACE, REPO_ROOT, type UiDriver } from '../harness/uiDriver';
import { until } from '../harness/until';

describe('npm start', function () {
  this.timeout(300_000);
  let start: ChildProcess | undefined;
  let ui: UiDriver | undefined;
  let profile: string;
  let output = '';

  before(() => {
    profile = mkdtempSync(join(tmpdir(), 'pipit-start-test-'));
  });

  after(async () => {
    await ui?.close();
    if (start?.pid !== undefined && start.exitCode === null) {
      // Ctrl+C, as a user stops it: npm and start.js stop code-server.
      process.kill(-start.pid, 'SIGINT');
      await new Promise((done) => {
        start!.once('exit', done);
        setTimeout(done, 15_000);
      });
    }
    rmSync(profile, { recursive: true, force: true });
  });

  it('serves a VS Code with Pipit, and the test model’s ghost text shows in it', async () => {
    start = spawn('npm', ['start', '--', '--test-model'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PIPIT_START: 'code-server', PIPIT_START_PROFILE: profile },
    });
    start.stdout!.on('data', (data: Buffer) => (output += String(data)));
    start.stderr!.on('data', (data: Buffer) => (output += String(data)));
    const url = await until(() => /^(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(output)?.[1], 240_000, `the workbench URL from npm start:\n${output}`);
    assert.match(output, /\[start\] model: the scripted test model/);

    ui = await attachUiDriver(url, FIXTURE_WORKSPACE, join(profile, 'user-data'));
    await ui.openFile('math.ts');
    await ui.goTo(13, 3);
    await ui.runCommand('editor.action.inlineSuggest.trigger');
    await ui.waitForGhostText({ timeoutMs: 60_000 });
    // The workbench draws ghost text in steps (the cursor line, then the lines below): read until it is all there.
    const shown = ui;
    let seen = '';
    await until(async () => (seen = await shown.ghostText()) === E2E_SCRIPT, 10_000, 'the whole ghost text').catch(() => undefined);
    assert.equal(seen, E2E_SCRIPT);
    await ui.screenshot('npm-start-ghost-text');
  });
});
