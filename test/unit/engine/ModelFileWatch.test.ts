// The model file watched on disk (a real folder, real fs.watch): replaced, deleted and put back, each is reported
// once it has settled; other files in the folder and a file no longer followed are not.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderWatcher, ModelFileWatch } from '../../../src/engine/client/ModelFileWatch';
import { until } from '../../harness/until';

describe('ModelFileWatch', () => {
  let dir: string;
  let changed: string[];
  let watch: ModelFileWatch;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipit-watch-'));
    writeFileSync(join(dir, 'model.gguf'), 'first');
    changed = [];
    watch = new ModelFileWatch((path) => changed.push(path), undefined, 50);
  });

  afterEach(() => {
    watch.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the followed file replaced, deleted and put back, one report per settled change', async () => {
    const model = join(dir, 'model.gguf');
    watch.follow(model);
    writeFileSync(join(dir, 'other.gguf'), 'not followed');
    writeFileSync(model, 'second');
    await until(() => changed.length === 1, 5000, 'the replaced file');
    rmSync(model);
    await until(() => changed.length === 2, 5000, 'the deleted file');
    copyFileSync(join(dir, 'other.gguf'), model);
    await until(() => changed.length === 3, 5000, 'the file put back');
    assert.deepEqual(changed, [model, model, model]);
    assert.equal(watch.changes, 3);
  });

  it('polls the file when the system has no inotify watch left (ENOSPC), and still reports each change', async () => {
    // Mock: fs.watch failing as it does when the per-user inotify limit is reached (cannot be caused safely here).
    const exhausted = (() => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    }) as unknown as Parameters<typeof folderWatcher>[0];
    watch.dispose();
    watch = new ModelFileWatch((path) => changed.push(path), folderWatcher(exhausted, 20), 50);
    const model = join(dir, 'model.gguf');
    watch.follow(model);
    await new Promise((resolve) => setTimeout(resolve, 100));
    writeFileSync(model, 'second, longer');
    await until(() => changed.length === 1, 5000, 'the replaced file');
    rmSync(model);
    await until(() => changed.length === 2, 5000, 'the deleted file');
    assert.deepEqual(changed, [model, model]);
  });

  it('stops reporting a file it no longer follows, and a missing folder is no error', async () => {
    watch.follow(join(dir, 'model.gguf'));
    watch.follow(join(dir, 'no-such-folder', 'model.gguf'));
    writeFileSync(join(dir, 'model.gguf'), 'changed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(changed, []);
  });
});
