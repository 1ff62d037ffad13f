import * as assert from 'node:assert/strict';
import { buildWindows } from '../../../src/completion/contextWindow';
import { linesOf } from './textOf';
import type { TokenEstimator } from '../../../src/completion/tokens';

// One token per character keeps the arithmetic of these cases readable.
const perChar: TokenEstimator = (text) => text.length;
const numbered = (count: number) => Array.from({ length: count }, (_, index) => `line ${String(index).padStart(3, '0')}`);

describe('context windows', () => {
  it('cuts the prefix and suffix at line boundaries within their budgets', () => {
    const document = linesOf(numbered(100).join('\n'));
    const windows = buildWindows(document, { line: 50, character: 4 }, { prefixTokens: 40, suffixTokens: 30 }, perChar);
    assert.ok(perChar(windows.prefix) <= 40 && perChar(windows.suffix) <= 30);
    assert.match(windows.prefix, /^line \d{3}\n/, 'the prefix starts at the beginning of a line');
    assert.ok(windows.prefix.endsWith('\nline'));
    assert.ok(windows.suffix.startsWith(' 050\nline 051'));
    assert.match(windows.suffix, /\nline \d{3}$/, 'the suffix ends at the end of a line');
  });

  it('keeps the prefix start while the user types, then moves it by a chunk, not by a line', () => {
    const lines = numbered(200);
    let anchor: number | undefined;
    const starts: number[] = [];
    for (let line = 100; line < 140; line++) {
      const document = linesOf(lines.slice(0, line + 1).join('\n'));
      const windows = buildWindows(document, { line, character: 8 }, { prefixTokens: 200, suffixTokens: 0 }, perChar, anchor);
      assert.ok(perChar(windows.prefix) <= 200);
      anchor = windows.startLine;
      starts.push(anchor);
    }
    const moves = starts.filter((start, index) => index > 0 && start !== starts[index - 1]);
    assert.ok(moves.length >= 1 && moves.length <= 8, `the window start moved ${moves.length} times in 40 lines`);
    for (let index = 1; index < starts.length; index++) {
      if (starts[index] !== starts[index - 1]) assert.ok(starts[index]! - starts[index - 1]! >= 4, 'moves by a chunk of lines');
    }
  });

  it('keeps the prefix start exactly while characters are typed on one line', () => {
    const lines = numbered(300);
    const first = buildWindows(linesOf(lines.join('\n')), { line: 250, character: 0 }, { prefixTokens: 300, suffixTokens: 0 }, perChar);
    for (const typed of ['c', 'co', 'con', 'cons', 'const x = 1;']) {
      lines[250] = typed;
      const windows = buildWindows(linesOf(lines.join('\n')), { line: 250, character: typed.length }, { prefixTokens: 300, suffixTokens: 0 }, perChar, first.startLine);
      assert.equal(windows.startLine, first.startLine);
    }
  });

  it('gives the same windows for the same document, cursor and anchor', () => {
    const document = linesOf(numbered(100).join('\n'));
    const at = { line: 60, character: 3 };
    const first = buildWindows(document, at, { prefixTokens: 100, suffixTokens: 50 }, perChar, 40);
    assert.deepEqual(buildWindows(document, at, { prefixTokens: 100, suffixTokens: 50 }, perChar, 40), first);
  });

  it('recomputes the start when the cursor moves above it', () => {
    const document = linesOf(numbered(100).join('\n'));
    const windows = buildWindows(document, { line: 10, character: 0 }, { prefixTokens: 100, suffixTokens: 0 }, perChar, 80);
    assert.ok(windows.startLine <= 10);
    assert.ok(windows.prefix.startsWith('line 00'));
  });

  it('keeps only the end of a cursor line longer than the whole budget', () => {
    const document = linesOf('x'.repeat(500));
    const windows = buildWindows(document, { line: 0, character: 500 }, { prefixTokens: 50, suffixTokens: 10 }, perChar);
    assert.equal(windows.prefix.length, 50);
  });
});
