import * as assert from 'node:assert/strict';
import { chooseTarget, describeTarget } from '../../../src/explain/target';
import type { SymbolNode } from '../../../src/explain/symbols';
import { editorCase } from './editorCase';

const CART = `import { Item, Money } from './item';
import { formatDate } from './dates';
import * as tax from './tax';

export class Cart {
  private items: Item[] = [];

  total(currency: string): Money {
    let sum = 0;
    for (const item of this.items) {
      sum += item.price * tax.rate(item);║
    }
    return new Money(sum, currency);
  }
}
`;

describe('explain: choosing what to explain', () => {
  it('explains the selection exactly, with the class it sits in and only the imports it uses', () => {
    const doc = editorCase(CART.replace('║', '').replace('let sum = 0;', '«let sum = 0;').replace('tax.rate(item);', 'tax.rate(item);»'));
    const choice = chooseTarget(doc);
    assert.ok(choice.ok);
    assert.equal(choice.target.kind, 'selection');
    assert.equal(choice.target.code, 'let sum = 0;\n    for (const item of this.items) {\n      sum += item.price * tax.rate(item);');
    assert.deepEqual(choice.target.range, { startLine: 8, endLine: 10 });
    assert.deepEqual(choice.context.enclosing, ['export class Cart', 'total(currency: string): Money']);
    assert.deepEqual(choice.context.imports, ["import * as tax from './tax';"]);
  });

  it('without a selection, explains the enclosing function found from the text (no symbol provider)', () => {
    const choice = chooseTarget(editorCase(CART));
    assert.ok(choice.ok);
    assert.equal(choice.source, 'heuristic');
    assert.equal(choice.target.kind, 'function');
    assert.equal(choice.target.name, 'total');
    assert.deepEqual(choice.target.range, { startLine: 7, endLine: 13 });
    assert.ok(choice.target.code.startsWith('  total(currency: string): Money {'));
    assert.ok(choice.target.code.endsWith('  }'));
    assert.deepEqual(choice.context.enclosing, ['export class Cart']);
    assert.deepEqual(choice.context.imports, ["import { Item, Money } from './item';", "import * as tax from './tax';"]);
    assert.match(describeTarget(choice.target), /^function total in src\/cart\.ts \(lines 8–14\): nothing was selected, so the function around the cursor$/);
  });

  it('prefers the editor symbol provider when it knows the function', () => {
    const symbols: SymbolNode[] = [
      {
        name: 'Cart', kind: 'class', range: { startLine: 4, endLine: 14 }, nameLine: 4,
        children: [{ name: 'total', kind: 'method', range: { startLine: 7, endLine: 13 }, nameLine: 7, children: [] }],
      },
    ];
    const choice = chooseTarget({ ...editorCase(CART), symbols });
    assert.ok(choice.ok);
    assert.equal(choice.source, 'symbols');
    assert.equal(choice.target.name, 'total');
    assert.deepEqual(choice.target.range, { startLine: 7, endLine: 13 });
    assert.deepEqual(choice.context.enclosing, ['export class Cart']);
  });

  it('finds arrow functions and multi-line signatures', () => {
    const choice = chooseTarget(editorCase(`const sum = (
  values: number[],
) => {
  return values.reduce((a, b) => a + b, 0);║
};
`));
    assert.ok(choice.ok);
    assert.equal(choice.target.name, 'sum');
    assert.deepEqual(choice.target.range, { startLine: 0, endLine: 4 });
  });

  it('is not fooled by braces inside strings and comments', () => {
    const choice = chooseTarget(editorCase(`function open() {
  const s = "}"; // }
  /* { */
  return s;║
}
`));
    assert.ok(choice.ok);
    assert.equal(choice.target.kind, 'function');
    assert.deepEqual(choice.target.range, { startLine: 0, endLine: 4 });
  });

  it('uses indentation for Python, decorators included', () => {
    const choice = chooseTarget(editorCase(`import os
from pathlib import Path

class Store:
    @cached
    def load(self, name):
        path = Path(name)
        if path.exists():
            return path.read_text()║
        return None

def other():
    pass
`, 'store.py', 'python'));
    assert.ok(choice.ok);
    assert.equal(choice.target.name, 'load');
    assert.deepEqual(choice.target.range, { startLine: 4, endLine: 9 });
    assert.deepEqual(choice.context.enclosing, ['class Store']);
    assert.deepEqual(choice.context.imports, ['from pathlib import Path']);
  });

  it('falls back to the current line outside any function, and says so', () => {
    const choice = chooseTarget(editorCase(`const limit = Number(process.env.LIMIT ?? 10);║\n`, 'src/config.js', 'javascript'));
    assert.ok(choice.ok);
    assert.equal(choice.target.kind, 'line');
    assert.equal(choice.target.code, 'const limit = Number(process.env.LIMIT ?? 10);');
    assert.match(describeTarget(choice.target), /line 1 of src\/config\.js: .*so the current line/);
  });

  it('refuses an empty line outside any function with a message that says what to do', () => {
    const choice = chooseTarget(editorCase(`const a = 1;\n║\nconst b = 2;\n`));
    assert.equal(choice.ok, false);
    assert.match((choice as { message: string }).message, /select some code/);
  });

  it('does not count the line where a selection ends at column 0', () => {
    const choice = chooseTarget(editorCase(`«const a = 1;\nconst b = 2;\n»const c = 3;\n`));
    assert.ok(choice.ok);
    assert.deepEqual(choice.target.range, { startLine: 0, endLine: 1 });
  });
});
