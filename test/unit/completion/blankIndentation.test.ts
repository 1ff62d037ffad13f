// A blank indented line (tabs or spaces) with the cursor somewhere in its indentation: the suggestion, accepted as
// VS Code applies an item (its range replaced by its insert text), must leave the line indented as the block is.
import * as assert from 'node:assert/strict';
import type { CompletionItem } from '../../../src/completion/types';
import type { InfillRequest } from '../../../src/engine/types';
import { CURSOR } from './golden';
import { harness, inputAt } from './harness';

/** The document after VS Code accepts `item` in `source` (cursor mark removed), as it applies an edit. */
function accepted(source: string, item: CompletionItem): string {
  const lines = source.replace(CURSOR, '').split('\n');
  const { start, end } = item.range;
  assert.equal(start.line, end.line, 'an inline item replaces text on one line');
  const line = lines[start.line]!;
  lines[start.line] = line.slice(0, start.character) + item.insertText + line.slice(end.character);
  return lines.join('\n');
}

/** A model that continues at the prompt's last indentation, in its own style (4 spaces a tab), whatever the document uses. */
const MODEL = (request: InfillRequest) => {
  const indent = /[ \t]*$/.exec(request.prefix)![0];
  return `console.log(a);\n${' '.repeat(indent.replace(/\t/g, '    ').length)}return b;`;
};
const TABS = { insertSpaces: false, size: 4 };

describe('a blank indented line', () => {
  it('puts the suggestion after the tab when the cursor is before it (column 0), and asks with the tab in the prompt', async () => {
    const { pipeline, engine } = harness(MODEL, { prefetch: false });
    const source = 'function f(a, b) {\n║\t\n}\n';
    const response = await pipeline.provide(inputAt(source, { trigger: 'explicit', indent: TABS }));
    assert.equal(response.outcome, 'shown');
    assert.ok(engine.requests[0]!.prefix.endsWith('{\n\t'), JSON.stringify(engine.requests[0]!.prefix));
    assert.ok(engine.requests[0]!.suffix.startsWith('\n}'), JSON.stringify(engine.requests[0]!.suffix));
    assert.equal(accepted(source, response.items[0]!), 'function f(a, b) {\n\tconsole.log(a);\n\treturn b;\n}\n');
  });

  it('inserts at the cursor at the end of the tab, repeating nothing', async () => {
    const { pipeline } = harness(MODEL, { prefetch: false });
    const source = 'function f(a, b) {\n\t║\n}\n';
    const response = await pipeline.provide(inputAt(source, { trigger: 'explicit', indent: TABS }));
    const item = response.items[0]!;
    assert.equal(item.insertText, 'console.log(a);\n\treturn b;');
    assert.deepEqual(item.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } });
    assert.equal(accepted(source, item), 'function f(a, b) {\n\tconsole.log(a);\n\treturn b;\n}\n');
  });

  it('between two tabs of a nested blank line, covers the tab right of the cursor and keeps both', async () => {
    const { pipeline } = harness(MODEL, { prefetch: false });
    const source = 'function f(a, b) {\n\tif (a) {\n\t║\t\n\t}\n}\n';
    const response = await pipeline.provide(inputAt(source, { trigger: 'explicit', indent: TABS }));
    const item = response.items[0]!;
    assert.deepEqual(item.range, { start: { line: 2, character: 1 }, end: { line: 2, character: 2 } });
    assert.ok(item.insertText.startsWith('\t'), 'the covered tab comes first, so the range\'s text is a prefix of the insert text');
    assert.equal(accepted(source, item), 'function f(a, b) {\n\tif (a) {\n\t\tconsole.log(a);\n\t\treturn b;\n\t}\n}\n');
  });

  it('does the same on a line indented with spaces', async () => {
    const { pipeline } = harness(MODEL, { prefetch: false });
    const source = 'function f(a, b) {\n  ║  \n}\n';
    const response = await pipeline.provide(inputAt(source, { trigger: 'explicit', indent: { insertSpaces: true, size: 4 } }));
    assert.equal(accepted(source, response.items[0]!), 'function f(a, b) {\n    console.log(a);\n    return b;\n}\n');
  });

  it('left of code on the line, inserts at the cursor: the user is writing there', async () => {
    const { pipeline } = harness(() => 'b();', { prefetch: false });
    const source = 'function f() {\n║\ta();\n}\n';
    const response = await pipeline.provide(inputAt(source, { trigger: 'explicit', indent: TABS }));
    assert.deepEqual(response.items[0]!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
  });
});
