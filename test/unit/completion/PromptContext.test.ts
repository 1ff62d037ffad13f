// The extra context of the prompt changes only at pauses: typing reads the chunks committed at the last pause, so the
// engine's KV cache keeps them while new chunks wait for the next pause.
import * as assert from 'node:assert/strict';
import { definitionChunk } from '../../../src/completion/definitions';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { PromptContext } from '../../../src/completion/PromptContext';
import { linesOf } from './textOf';
import { estimateTokens } from '../../../src/completion/tokens';

const code = (name: string, lines = 8) => Array.from({ length: lines }, (_, index) => `export const ${name}${index} = ${index};`).join('\n');

function setup(exclude: string[] = []) {
  let time = 1_000_000;
  const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
  const isExcluded = (path: string) => exclude.some((glob) => path.endsWith(glob));
  const ring = new ExtraContextRing({ isExcluded, estimate: estimateTokens, now: clock.now });
  const context = new PromptContext({ ring, isExcluded, now: clock.now });
  return { ring, context, clock, exclude };
}

describe('PromptContext: new chunks only at a pause', () => {
  it('sends nothing new while the user types, and the new chunk after the pause', () => {
    const { ring, context } = setup();
    ring.add('src/a.ts', code('a'));
    assert.equal(context.commit(1024, 'src/main.ts'), true);
    const typing = context.snapshot(1024, 'src/main.ts');
    ring.add('src/b.ts', code('b'));
    assert.deepEqual(context.snapshot(1024, 'src/main.ts'), typing, 'keystrokes before the pause see the same chunks and version');
    assert.equal(context.commit(1024, 'src/main.ts'), true);
    const paused = context.snapshot(1024, 'src/main.ts');
    assert.deepEqual(paused.chunks.map((chunk) => chunk.filePath), ['src/a.ts', 'src/b.ts'], 'a keeps its place, b joins after it');
    assert.notEqual(paused.version, typing.version);
  });

  it('changes nothing, version included, at a pause with nothing new', () => {
    const { ring, context } = setup();
    ring.add('src/a.ts', code('a'));
    context.commit(1024, 'src/main.ts');
    const before = context.snapshot(1024, 'src/main.ts');
    ring.add('src/a.ts', code('a'));
    assert.equal(context.commit(1024, 'src/main.ts'), false);
    assert.deepEqual(context.snapshot(1024, 'src/main.ts'), before);
  });

  it('puts a definition near the cursor ahead of visited files when the budget is short, labelled with its path', () => {
    const { ring, context, clock } = setup();
    ring.addAround('src/visited.ts', linesOf(code('v', 40)), 20);
    const definition = definitionChunk({ filePath: 'src/geometry.ts', symbol: 'distance', startLine: 5, endLine: 9, text: 'export function distance(a: Point, b: Point): number {' }, estimateTokens, clock.now());
    context.offerDefinitions([definition]);
    context.commit(estimateTokens(definition.text) + 10, 'src/main.ts');
    const snapshot = context.snapshot(1024, 'src/main.ts');
    assert.deepEqual(snapshot.chunks, [{ filePath: 'src/geometry.ts', text: definition.text }]);
    assert.deepEqual(snapshot.sources?.[0], definition.origin);
  });

  it('leaves out at once a chunk of a file excluded since, and the current file\'s own chunks', () => {
    const { ring, context, exclude } = setup();
    ring.add('src/a.ts', code('a'));
    ring.add('src/b.ts', code('b'));
    context.commit(1024, 'src/main.ts');
    exclude.push('b.ts');
    assert.deepEqual(context.snapshot(1024, 'src/main.ts').chunks.map((chunk) => chunk.filePath), ['src/a.ts']);
    assert.deepEqual(context.snapshot(1024, 'src/a.ts').chunks, [], 'in a.ts, its own chunk is not extra context');
  });

  it('keeps to a smaller budget set since the last pause', () => {
    const { ring, context } = setup();
    ring.add('src/a.ts', code('a'));
    ring.add('src/b.ts', code('b'));
    context.commit(10_000, 'src/main.ts');
    const one = estimateTokens(code('a'));
    assert.equal(context.snapshot(one, 'src/main.ts').chunks.length, 1);
  });

  it('ranks an edited range over a visited one and says when it was edited', () => {
    const { ring, context, clock } = setup();
    ring.addAround('src/visited.ts', linesOf(code('v', 40)), 20, 'visited');
    const editedAt = clock.now();
    ring.addAround('src/edited.ts', linesOf(code('e', 40)), 5, 'edited');
    clock.advance(1000);
    ring.addAround('src/visited.ts', linesOf(code('w', 40)), 10, 'visited');
    context.commit(estimateTokens(code('e', 32)) + 1, 'src/main.ts');
    const snapshot = context.snapshot(10_000, 'src/main.ts');
    assert.deepEqual(snapshot.chunks.map((chunk) => chunk.filePath), ['src/edited.ts']);
    assert.equal(snapshot.sources?.[0]?.kind, 'edited');
    assert.equal(snapshot.sources?.[0]?.at, editedAt);
  });
});
