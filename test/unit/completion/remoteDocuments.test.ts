// Pipit runs on the user's machine (extensionKind ["ui", "workspace"]) while the documents of a Remote-SSH, WSL or
// dev-container window live on the other side: `vscode-remote://…` URIs whose paths do not exist here. The completion
// path must complete them from the text the editor hands over, name them by their workspace-relative path, and keep
// secrets out however the path is written (a Windows machine shows a Linux remote's paths with backslashes).
import * as assert from 'node:assert/strict';
import { COMPLETION_SCHEMES, completesScheme } from '../../../src/completion/documentSchemes';
import { harness, inputAt } from './harness';

const REMOTE = 'vscode-remote://ssh-remote%2Bbuild-box/home/ana/app/src/total.ts';

describe('documents of a remote window, with the engine on this machine', () => {
  it('completes the documents a user edits, local or remote, and no virtual ones', () => {
    for (const scheme of ['file', 'untitled', 'vscode-remote']) assert.ok(completesScheme(scheme), scheme);
    for (const scheme of ['output', 'git', 'vscode-scm', 'debug', 'vscode-userdata']) assert.equal(completesScheme(scheme), false, scheme);
    assert.ok(COMPLETION_SCHEMES.includes('vscode-remote'));
  });

  it('completes a vscode-remote document from the editor\'s text, with its workspace-relative path in the prompt', async () => {
    const { pipeline, engine } = harness(() => 'a + b;', { prefetch: false });
    const response = await pipeline.provide(inputAt('function total(a: number, b: number) {\n  return ║\n}', { uri: REMOTE, relativePath: 'src/total.ts' }));
    assert.equal(response.outcome, 'shown');
    assert.equal(response.items[0]?.insertText, 'a + b;');
    assert.equal(engine.requests[0]?.filePath, 'src/total.ts');
    // Asked again at the same place of the same remote URI: answered without the engine (the URI's text is the key).
    const again = await pipeline.provide(inputAt('function total(a: number, b: number) {\n  return ║\n}', { uri: REMOTE, relativePath: 'src/total.ts' }));
    assert.equal(again.items[0]?.insertText, 'a + b;');
    assert.equal(engine.requestCount, 1);
  });

  it('keeps a remote secrets file out of prompts, also as a Windows machine writes a Linux remote\'s path', async () => {
    for (const relativePath of ['/home/ana/.aws/credentials', '\\home\\ana\\.aws\\credentials', '.env.production']) {
      const { pipeline, engine } = harness(() => 'x', { prefetch: false });
      const response = await pipeline.provide(inputAt('KEY=║', { uri: `vscode-remote://wsl%2BUbuntu${relativePath.replace(/\\/g, '/')}`, relativePath }));
      assert.equal(response.outcome, 'skipped', relativePath);
      assert.equal(response.reason, 'excluded', relativePath);
      assert.equal(engine.requestCount, 0, relativePath);
    }
  });
});
