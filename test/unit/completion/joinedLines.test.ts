// A notebook's cells read as one document: cells in order, one blank line between two, lines read lazily.
import * as assert from 'node:assert/strict';
import { joinLines } from '../../../src/completion/joinedLines';
import type { TextLines } from '../../../src/completion/types';

const lines = (text: string): TextLines => {
  const all = text.split('\n');
  return { lineCount: all.length, lineAt: (line) => all[line]!, length: text.length };
};

const read = (joined: TextLines): string => Array.from({ length: joined.lineCount }, (_, line) => joined.lineAt(line)).join('\n');

describe('joinLines (notebook cells as one document)', () => {
  it('reads the cells in order with a blank line between two, and says where each starts', () => {
    const joined = joinLines([lines('import math\nx = 1'), lines('def f():\n    '), lines('print(f())')]);
    assert.equal(read(joined.lines), 'import math\nx = 1\n\ndef f():\n    \n\nprint(f())');
    assert.deepEqual([0, 1, 2].map((index) => joined.startOf(index)), [0, 3, 6]);
    assert.equal(joined.lines.lineAt(joined.startOf(1) + 1), '    ');
    assert.equal(joined.lines.length, read(joined.lines).length);
  });

  it('is one cell as it is', () => {
    const joined = joinLines([lines('a\nb')]);
    assert.equal(read(joined.lines), 'a\nb');
    assert.equal(joined.startOf(0), 0);
  });

  it('has no length when a cell does not know its own', () => {
    assert.equal(joinLines([lines('a'), { lineCount: 1, lineAt: () => 'b' }]).lines.length, undefined);
  });
});
