// The list of failed tests that .ci/run prints at the end of its log: CI's log is read from its tail, and a failure
// that only mocha's scrolled-away report named once left a whole stop without a cause (stop 21's e2e failure).
// Runs the real mocha CLI with the project's reporter on a throwaway test file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('failed-test list for the end of the CI log', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pipit-failure-list-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function runMocha(testSource: string): { status: number | null; list: string } {
    const file = join(dir, 'sample.test.js');
    writeFileSync(file, testSource);
    const list = join(dir, 'failed.txt');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--reporter', join(ROOT, 'out/test/harness/mochaReporter.js'), '--reporter-option', 'tier=e2e', file],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PIPIT_FAILURE_LIST: list } },
    );
    return { status: run.status, list: existsSync(list) ? readFileSync(list, 'utf8') : '' };
  }

  it('names each failed test with its tier and its error on one line, and nothing for passing ones', () => {
    const { status, list } = runMocha(`
      describe('Explain', () => {
        it('streams', () => { throw new Error('timed out after 90000 ms\\n  panel text: (empty)'); });
        it('stops', () => {});
      });`);
    assert.equal(status, 1);
    assert.equal(list, 'e2e: Explain streams -- timed out after 90000 ms | panel text: (empty)\n');
  });

  it('writes nothing when every test passes', () => {
    const { status, list } = runMocha(`it('works', () => {});`);
    assert.equal(status, 0);
    assert.equal(list, '');
  });
});
