import * as assert from 'node:assert/strict';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { settingsExclusion } from '../../../src/completion/exclusion';
import { linesOf } from './textOf';
import { estimateTokens } from '../../../src/completion/tokens';

const code = (name: string, lines = 10) => Array.from({ length: lines }, (_, index) => `const ${name}${index} = ${index};`).join('\n');
const ring = (options: { maxChunks?: number; exclude?: string[] } = {}) =>
  new ExtraContextRing({ isExcluded: settingsExclusion(() => ({ exclude: options.exclude ?? [] })), estimate: estimateTokens, ...options });

describe('ExtraContextRing', () => {
  it('keeps at most maxChunks chunks, dropping the oldest', () => {
    const chunks = ring({ maxChunks: 3 });
    for (const name of ['a', 'b', 'c', 'd']) chunks.add(`${name}.ts`, code(name));
    assert.deepEqual(chunks.snapshot(10_000).chunks.map((chunk) => chunk.filePath), ['b.ts', 'c.ts', 'd.ts']);
  });

  it('does not change its version when the same chunk is added again (as on every keystroke)', () => {
    const chunks = ring();
    chunks.add('a.ts', code('a'));
    chunks.add('b.ts', code('b'));
    const before = chunks.snapshot(10_000).version;
    assert.equal(chunks.add('a.ts', code('a')), false);
    assert.equal(chunks.snapshot(10_000).version, before);
  });

  it('replaces a near-duplicate in place and changes the version', () => {
    const chunks = ring();
    chunks.add('a.ts', code('a', 20));
    chunks.add('b.ts', code('b'));
    const before = chunks.snapshot(10_000).version;
    const edited = code('a', 20).replace('const a3 = 3;', 'const a3 = 33;');
    assert.equal(chunks.add('a.ts', edited), true);
    const after = chunks.snapshot(10_000);
    assert.equal(chunks.size, 2);
    assert.deepEqual(after.chunks.map((chunk) => chunk.filePath), ['a.ts', 'b.ts'], 'in place: b keeps its position');
    assert.match(after.chunks[0]!.text, /a3 = 33/);
    assert.notEqual(after.version, before);
  });

  it('cuts chunks around a line to chunkLines lines', () => {
    const chunks = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens, chunkLines: 4 });
    chunks.addAround('big.ts', linesOf(code('x', 100)), 50);
    assert.deepEqual(chunks.snapshot(10_000).chunks[0]!.text.split('\n'), ['const x48 = 48;', 'const x49 = 49;', 'const x50 = 50;', 'const x51 = 51;']);
  });

  it('stays within the token budget, preferring the newest chunks, and leaves out the current file', () => {
    const chunks = ring();
    for (const name of ['a', 'b', 'c']) chunks.add(`${name}.ts`, code(name));
    const one = estimateTokens(code('a'));
    assert.deepEqual(chunks.snapshot(one * 2).chunks.map((chunk) => chunk.filePath), ['b.ts', 'c.ts']);
    assert.deepEqual(chunks.snapshot(10_000, 'c.ts').chunks.map((chunk) => chunk.filePath), ['a.ts', 'b.ts']);
  });

  it('never takes chunks of excluded files, and drops held ones once excluded', () => {
    let exclude: string[] = [];
    const chunks = new ExtraContextRing({ isExcluded: (path) => settingsExclusion(() => ({ exclude }))(path), estimate: estimateTokens });
    assert.equal(chunks.add('.env', 'API_KEY=secret\nOTHER=1'), false);
    chunks.add('src/generated/api.ts', code('g'));
    exclude = ['**/generated/**'];
    assert.deepEqual(chunks.snapshot(10_000).chunks, []);
  });
});
