// Show Last Prompt's text: the prompt of the last request as the engine laid it out, special tokens marked, each
// part saying where it came from.
import * as assert from 'node:assert/strict';
import { definitionChunk } from '../../../src/completion/definitions';
import { ExtraContextRing } from '../../../src/completion/ExtraContextRing';
import { PromptContext } from '../../../src/completion/PromptContext';
import { ago, NO_PROMPT_YET, renderPromptView } from '../../../src/completion/promptView';
import { estimateTokens } from '../../../src/completion/tokens';
import { buildFimPrompt } from '../../../src/external/fimPrompt';
import { fimFormatByFamily } from '../../../src/engine/fimFormats';
import { harness, inputAt } from './harness';

const MINUTE = 60_000;
const DEFINITION = 'export function distance(a: Point, b: Point): number {\n  return Math.hypot(a.x - b.x, a.y - b.y);\n}';

async function lastPrompt() {
  let time = 100 * MINUTE;
  const ring = new ExtraContextRing({ isExcluded: () => false, estimate: estimateTokens, now: () => time });
  const context = new PromptContext({ ring, isExcluded: () => false, now: () => time });
  ring.addAround('src/util.ts', { lineCount: 3, lineAt: (line) => `export const U${line} = ${line};` }, 1, 'edited');
  ring.add('src/notes.ts', 'const copied = true;');
  context.offerDefinitions([definitionChunk({ filePath: 'src/geometry.ts', symbol: 'distance', startLine: 5, endLine: 7, text: DEFINITION }, estimateTokens, time)]);
  const { pipeline } = harness(() => 'b);', { prefetch: false }, { extraContext: context, clock: { now: () => time } });
  await pipeline.refreshContext(inputAt('import { distance } from "./geometry";\nconst d = distance(a, ║'));
  time += 2 * MINUTE;
  await pipeline.provide(inputAt('import { distance } from "./geometry";\nconst d = distance(a, ║', { repoName: 'shapes' }));
  return { record: pipeline.lastPrompt!, now: time };
}

describe('Show Last Prompt', () => {
  it('shows the prompt exactly as the template lays it out for the model, with special tokens marked', async () => {
    const { record, now } = await lastPrompt();
    const view = renderPromptView(record, now);
    const prompt = view.slice(view.indexOf('─'.repeat(80)) + 81);
    const expected = buildFimPrompt(record.request, fimFormatByFamily('qwen2.5-coder')!).prompt;
    const unmarked = prompt.replace(/⟦([^⟧]*)⟧/g, '$1');
    assert.equal(unmarked, expected, 'the text below the line is the prompt, token for token once the marks are taken off');
    assert.match(prompt, /^⟦<\|repo_name\|>⟧shapes\n⟦<\|file_sep\|>⟧/);
    assert.match(prompt, /⟦<\|fim_prefix\|>⟧/);
    assert.match(prompt, /⟦<\|fim_middle\|>⟧const d = distance\(a, $/);
  });

  it('says where each part came from: definition, edit, copy, and the current file\'s lines', async () => {
    const { record, now } = await lastPrompt();
    const view = renderPromptView(record, now);
    assert.match(view, /src\/geometry\.ts lines 6-8 · definition of `distance`/);
    assert.match(view, /src\/util\.ts lines 1-3 · edited 2 min ago/);
    assert.match(view, /src\/notes\.ts · copied 2 min ago/);
    assert.match(view, /src\/file\.ts lines 1-1: code before the current run of typing/);
    assert.match(view, /src\/file\.ts lines 2-2: the current run of typing, up to the cursor/);
    assert.match(view, /format: Qwen2\.5-Coder/);
  });

  it('points each part at the lines of the prompt that hold it', async () => {
    const { record, now } = await lastPrompt();
    const view = renderPromptView(record, now);
    const promptLines = view.slice(view.indexOf('─'.repeat(80)) + 81).split('\n');
    const row = /^ {2}(\d+)-(\d+) +src\/geometry\.ts lines 6-8 · definition/m.exec(view)!;
    const shown = promptLines.slice(Number(row[1]) - 1, Number(row[2])).join('\n');
    assert.equal(shown, `⟦<|file_sep|>⟧src/geometry.ts\n${DEFINITION}`);
  });

  it('says what to do when no prompt was sent yet', () => {
    assert.equal(renderPromptView(undefined, 0).trim(), NO_PROMPT_YET);
  });

  it('words times as a person would', () => {
    assert.equal(ago(20_000), 'just now');
    assert.equal(ago(2 * MINUTE + 5000), '2 min ago');
    assert.equal(ago(130 * MINUTE), '2 h ago');
  });
});
