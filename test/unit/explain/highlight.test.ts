import * as assert from 'node:assert/strict';
import { highlight } from '../../../src/explain/highlight';

const kinds = (code: string, language: string) =>
  highlight(code, language).filter((token) => token.kind !== 'plain').map((token) => `${token.kind}:${token.text}`);

describe('explain: syntax highlighting', () => {
  it('labels keywords, calls, strings, numbers and comments in C-like code', () => {
    assert.deepEqual(kinds('if (n > 0x1F) return parse("a\\"b", 2.5); // done', 'ts'), [
      'keyword:if', 'number:0x1F', 'keyword:return', 'function:parse', 'string:"a\\"b"', 'number:2.5', 'comment:// done',
    ]);
  });

  it('knows Python comments and triple-quoted strings', () => {
    assert.deepEqual(kinds('def f():\n    """doc # not a comment"""\n    return None  # yes', 'python'), [
      'keyword:def', 'function:f', 'string:"""doc # not a comment"""', 'keyword:return', 'keyword:None', 'comment:# yes',
    ]);
  });

  it('keeps the text exactly, even for unterminated strings and comments while streaming', () => {
    for (const code of ['const s = "unterminated', '/* open comment\nstill', 'x = `template ${y}\nline`', 'a_1 = b2 + 3e5']) {
      assert.equal(highlight(code, 'js').map((token) => token.text).join(''), code);
    }
  });

  it('does not read numbers inside identifiers', () => {
    assert.deepEqual(kinds('utf8 = v2', 'go'), []);
  });

  it('knows fences named by VS Code language ids and colours types, and leaves unknown languages plain', () => {
    assert.deepEqual(kinds('const cart = new Cart(f());', 'typescriptreact'), ['keyword:const', 'keyword:new', 'type:Cart', 'function:f']);
    assert.deepEqual(kinds('echo "$HOME" # home', 'shellscript'), ['function:echo', 'string:"$HOME"', 'comment:# home']);
    assert.deepEqual(highlight('if x then y', 'no-such-language'), [{ kind: 'plain', text: 'if x then y' }]);
    assert.deepEqual(highlight('', 'ts'), []);
  });

  it('shows code inside a template string as code', () => {
    assert.deepEqual(kinds('`a ${n + 1} b`', 'ts'), ['string:`a ', 'number:1', 'string: b`']);
  });
});
