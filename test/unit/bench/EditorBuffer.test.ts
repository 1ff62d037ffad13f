import * as assert from 'node:assert/strict';
import { detectIndentUnit } from '../../bench/indentation';
import { editorAt, press, withCursor } from './editorCases';

// The bench's editor against VS Code's default behaviour: each case is the editor before (║ the cursor), the keys
// pressed (⌫ Backspace, \n Enter) and the editor after.
interface Case {
  name: string;
  before: string;
  keys: string;
  after: string;
  languageId?: string;
}

const TYPESCRIPT: Case[] = [
  { name: 'an opening bracket inserts its closer', before: 'foo║', keys: '(', after: 'foo(║)' },
  { name: 'brackets nest before the closers the editor inserted', before: 'x = ║', keys: '[{', after: 'x = [{║}]' },
  { name: 'no closer before a word', before: 'x = ║bar', keys: '(', after: 'x = (║bar' },
  { name: 'an opener before a closer closes', before: 'f(║)', keys: '[', after: 'f([║])' },
  { name: 'an opener before a semicolon closes', before: 'x = ║;', keys: '(', after: 'x = (║);' },
  { name: 'typing the closer the editor inserted moves past it', before: 'foo║', keys: '(a)', after: 'foo(a)║' },
  { name: 'a closer that was already in the text is not typed over', before: 'foo(║)', keys: ')', after: 'foo()║)' },
  { name: 'a quote inserts its pair before a space or the end of the line', before: 'x = ║', keys: "'ab'", after: "x = 'ab'║" },
  { name: 'no quote pair after a word character', before: 'const don║', keys: "'", after: "const don'║" },
  { name: 'no quote pair before a word', before: 'x = ║y', keys: '"', after: 'x = "║y' },
  { name: 'a template literal closes, and so does ${ before its backtick', before: 'm = ║', keys: '`${', after: 'm = `${║}`' },
  { name: "no ' pair in a comment", before: 'a; // say ║', keys: "'", after: "a; // say '║" },
  { name: 'a " pair in a comment (notIn is only string)', before: 'a; // say ║', keys: '"', after: 'a; // say "║"' },
  { name: 'no quote pair inside a string', before: 'x = "a ║";', keys: "'", after: 'x = "a \'║";' },
  { name: 'a quote after a backslash is not typed over', before: 'x = ║', keys: '"\\"', after: 'x = "\\"║"' },
  { name: 'Backspace deletes an auto-closed pair', before: 'foo║', keys: '(⌫', after: 'foo║' },
  { name: 'Backspace keeps a closer that was already in the text', before: 'foo(║)', keys: '⌫', after: 'foo║)' },
  { name: 'Enter keeps the indentation', before: '  a = 1;║', keys: '\n', after: '  a = 1;\n  ║' },
  { name: 'Enter after an opening bracket indents one level more', before: '  if (a) {║', keys: '\n', after: '  if (a) {\n    ║' },
  { name: 'Enter between an auto-closed pair puts the closer on its own line', before: '  if (a) ║', keys: '{\n', after: '  if (a) {\n    ║\n  }' },
  { name: 'Enter between nested pairs', before: '  run║', keys: '({\n', after: '  run({\n    ║\n  })' },
  { name: 'a pair Enter splits is no longer typed over', before: 'foo║', keys: '(a,\nb)', after: 'foo(a,\nb)║)' },
  { name: 'a closer at the start of a line outdents to its opener', before: '  if (a) {\n    b();\n    ║', keys: '}', after: '  if (a) {\n    b();\n  }║' },
  { name: 'a closer after code on the line is not outdented', before: '  if (a) {\n    b(); ║', keys: '}', after: '  if (a) {\n    b(); }║' },
  { name: 'Backspace in the indentation goes back to the previous tab stop', before: '  a;\n     ║', keys: '⌫⌫', after: '  a;\n  ║' },
  { name: 'Enter on a line of nothing but indentation empties it', before: '  a;\n  ║', keys: '\n', after: '  a;\n\n  ║' },
];

const PYTHON: Case[] = [
  { name: 'Enter after a colon indents', before: '    def f(x):║', keys: '\n', after: '    def f(x):\n        ║' },
  { name: 'an f-string prefix closes its quote after the letter', before: 'x = f║', keys: '"', after: 'x = f"║"' },
  { name: 'a quote after another word character does not close', before: 'x = abc║', keys: '"', after: 'x = abc"║' },
  { name: "no ' pair in a comment", before: 'a = 1  # it is ║', keys: "'", after: "a = 1  # it is '║" },
  { name: 'Enter between brackets', before: '    call(║)', keys: '\n', after: '    call(\n        ║\n    )' },
].map((entry) => ({ ...entry, languageId: 'python' }));

describe('bench editor (VS Code defaults)', () => {
  for (const entry of [...TYPESCRIPT, ...PYTHON]) {
    it(`${entry.languageId ?? 'typescript'}: ${entry.name}`, () => {
      const languageId = entry.languageId ?? 'typescript';
      const editor = editorAt(entry.before, languageId, languageId === 'python' ? '    ' : '  ');
      press(editor, entry.keys);
      assert.equal(withCursor(editor), entry.after);
    });
  }

  it('counts an edit as a new version, and the overtype too', () => {
    const editor = editorAt('foo║', 'typescript');
    const start = editor.version;
    press(editor, '()');
    assert.equal(editor.version, start + 2);
  });

  it('stops typing over a closer once the cursor left the pair', () => {
    const editor = editorAt('a║ b', 'typescript');
    press(editor, '(');
    editor.moveBy(2);
    editor.moveBy(-2);
    assert.equal(editor.wouldOvertype(')'), false);
  });

  it('reads the indentation unit from the file', () => {
    assert.equal(detectIndentUnit(['a {', '  b {', '    c;', '  }', '}']), '  ');
    assert.equal(detectIndentUnit(['a {', '    b;', '}']), '    ');
    assert.equal(detectIndentUnit(['a {', '\tb {', '\t\tc;', '\t}', '}']), '\t');
    assert.equal(detectIndentUnit(['a;', 'b;']), '    ');
  });
});
