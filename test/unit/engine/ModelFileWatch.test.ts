// The model file watched on disk (a real folder, real fs.watch): replaced, deleted and put back, each is reported
// once it has settled; other files in the folder and a file no longer followed are not.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileWatch } from '../../../src/engine/client/ModelFileWatch';
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

  it('stops reporting a file it no longer follows, and a missing folder is no error', async () => {
    watch.follow(join(dir, 'model.gguf'));
    watch.follow(join(dir, 'no-such-folder', 'model.gguf'));
    writeFileSync(join(dir, 'model.gguf'), 'changed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(changed, []);
  });
});
