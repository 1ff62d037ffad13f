// Only text copied or cut in an editor, from a file that may enter a prompt, is taken from the clipboard. Anything
// else on the system clipboard (a password, a token from a browser) is never offered to the ring.
import * as assert from 'node:assert/strict';
import { CopiedTextTracker } from '../../../src/completion/copiedText';
import { settingsExclusion } from '../../../src/completion/exclusion';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { estimateTokens } from '../../../src/completion/tokens';

const tracker = (exclude: string[] = []) => new CopiedTextTracker({ isExcluded: settingsExclusion(() => ({ exclude })) });

describe('CopiedTextTracker', () => {
  it('never takes text copied outside the editor: a password on the clipboard matches no selection', () => {
    const copied = tracker();
    assert.equal(copied.copiedFrom('hunter2-Pa55word!'), undefined, 'nothing selected yet');
    copied.noteSelections('src/cart.ts', ['const total = items.reduce((sum, item) => sum + item.price, 0);']);
    assert.equal(copied.copiedFrom('hunter2-Pa55word!'), undefined);
    assert.equal(copied.copiedFrom('ghp_0123456789abcdefghijklmnopqrstuvwxyz'), undefined);
    assert.equal(copied.copiedFrom(''), undefined);
  });

  it('takes text selected in an editor, named after its file so the exclusion rules apply to it', () => {
    const copied = tracker();
    const text = 'function total(items) {\r\n  return items.length;\r\n}';
    copied.noteSelections('src/cart.ts', [text]);
    assert.deepEqual(copied.copiedFrom(text.replace(/\r\n/g, '\n')), { filePath: 'src/cart.ts', text: text.replace(/\r\n/g, '\n') });
  });

  it('knows what a multi-cursor copy puts on the clipboard, and forgets the oldest selections', () => {
    const copied = new CopiedTextTracker({ isExcluded: () => false, maxSelections: 3 });
    copied.noteSelections('a.ts', ['const a = 1;', 'const b = 2;']);
    assert.equal(copied.copiedFrom('const a = 1;\nconst b = 2;')?.filePath, 'a.ts');
    copied.noteSelections('b.ts', ['let x = 0;', 'let y = 0;']);
    assert.equal(copied.copiedFrom('const a = 1;'), undefined, 'pushed out');
    assert.equal(copied.copiedFrom('let x = 0;\nlet y = 0;')?.filePath, 'b.ts');
  });

  it('takes nothing selected in an excluded file, nor from a file excluded after the selection', () => {
    const settings = { exclude: [] as string[] };
    const copied = new CopiedTextTracker({ isExcluded: (path) => settingsExclusion(() => ({ exclude: settings.exclude }))(path) });
    copied.noteSelections('.env', ['API_TOKEN=abc123']);
    copied.noteSelections('config/.npmrc', ['//registry.npmjs.org/:_authToken=npm_abc']);
    assert.equal(copied.copiedFrom('API_TOKEN=abc123'), undefined);
    assert.equal(copied.copiedFrom('//registry.npmjs.org/:_authToken=npm_abc'), undefined);
    copied.noteSelections('vendor/lib.js', ['export const lib = 1;']);
    settings.exclude = ['vendor/**'];
    assert.equal(copied.copiedFrom('export const lib = 1;'), undefined);
  });

  it('does not remember huge selections (a select-all of a big file)', () => {
    const copied = new CopiedTextTracker({ isExcluded: () => false, maxChars: 100 });
    const big = 'x'.repeat(101);
    copied.noteSelections('big.ts', [big]);
    assert.equal(copied.empty, true);
    assert.equal(copied.copiedFrom(big), undefined);
  });

  it('feeds the ring only what it accepts, under the source file name', () => {
    const isExcluded = settingsExclusion(() => ({ exclude: [] }));
    const ring = new ExtraContextRing({ isExcluded, estimate: estimateTokens });
    const copied = new CopiedTextTracker({ isExcluded });
    copied.noteSelections('src/util.ts', ['export const clamp = (x: number) => Math.max(0, x);']);
    for (const clipboard of ['correct horse battery staple', 'export const clamp = (x: number) => Math.max(0, x);']) {
      const match = copied.copiedFrom(clipboard);
      if (match) ring.add(match.filePath, match.text);
    }
    const chunks = ring.snapshot(10_000).chunks;
    assert.deepEqual(chunks.map((chunk) => chunk.filePath), ['src/util.ts']);
    assert.ok(!chunks.some((chunk) => chunk.text.includes('battery')));
  });
});
