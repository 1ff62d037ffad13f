import * as assert from 'node:assert/strict';
import { endOfInsert, withEdit } from '../../../src/completion/textLines';
import { linesOf } from './textOf';

describe('documents with an edit applied (the state after accepting)', () => {
  it('inserts several lines and shifts the lines after them', () => {
    const document = linesOf('function f() {\n  go(\n}\nf();');
    const range = { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } };
    const edited = withEdit(document, range, 'a,\n    b);');
    assert.deepEqual(Array.from({ length: edited.lineCount }, (_, line) => edited.lineAt(line)), ['function f() {', '  go(a,', '    b);', '}', 'f();']);
    assert.deepEqual(endOfInsert(range, 'a,\n    b);'), { line: 2, character: 7 });
    assert.equal(edited.length, document.length! + 'a,\n    b);'.length);
  });

  it('replaces the characters in the range (closers the suggestion rewrites)', () => {
    const edited = withEdit(linesOf('call()'), { start: { line: 0, character: 5 }, end: { line: 0, character: 6 } }, 'a, b)');
    assert.equal(edited.lineAt(0), 'call(a, b)');
  });
});
