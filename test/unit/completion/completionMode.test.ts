import * as assert from 'node:assert/strict';
import { decideMode } from '../../../src/completion/completionMode';

describe('single-line or multi-line', () => {
  const auto = (linePrefix: string, lineSuffix = '', languageId = 'typescript') => decideMode('auto', linePrefix, lineSuffix, languageId);

  it('asks for several lines on an empty line', () => {
    assert.equal(auto(''), 'multi');
    assert.equal(auto('    '), 'multi');
  });

  it('asks for several lines right after a block opener', () => {
    assert.equal(auto('function f() {'), 'multi');
    assert.equal(auto('foo(', ')'), 'multi');
    assert.equal(auto('const xs = ['), 'multi');
    assert.equal(auto('const f = () =>'), 'multi');
    assert.equal(auto('def f(x):', '', 'python'), 'multi');
  });

  it('asks for one line in the middle of a line', () => {
    assert.equal(auto('const x = '), 'single');
    assert.equal(auto('return a'), 'single');
    assert.equal(auto('case 1:'), 'single', 'a colon opens a block only in colon-block languages');
    assert.equal(auto('foo(', 'a, b)'), 'single');
  });

  it('follows pipit.multiline when it forces either', () => {
    assert.equal(decideMode('always', 'const x = ', '', 'typescript'), 'multi');
    assert.equal(decideMode('never', '', '', 'typescript'), 'single');
  });
});
