// The anchor rules (where the prompt's middle starts) as golden cases: each file is a sequence of editor states, the
// cursor marked with ║ and the expected anchor line marked with » at its start. Each state is built as the pipeline
// builds it, from what the previous state left.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildState, type CompletionState } from '../../../src/completion/completionState';
import { linesOf } from './textOf';
import { estimateTokens, type TokenEstimator } from '../../../src/completion/tokens';
import { MAX_RUN_LINES, MAX_RUN_TOKENS } from '../../../src/completion/typingRun';
import { DEFAULTS } from '../../../src/config/settings';
import { CURSOR } from './golden';

const ANCHOR = '»';

interface Step {
  text: string;
  position: { line: number; character: number };
  anchorLine: number;
}

function parseSteps(source: string): { title: string; estimate: string; steps: Step[] } {
  const [header, ...bodies] = source.replace(/\r\n/g, '\n').split(/^--- step\n/m);
  const attribute = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(header!)?.[1] ?? '';
  const steps = bodies.map((body) => {
    const lines = body.replace(/\n$/, '').split('\n');
    const anchorLine = lines.findIndex((line) => line.startsWith(ANCHOR));
    const clean = lines.map((line) => (line.startsWith(ANCHOR) ? line.slice(ANCHOR.length) : line));
    const line = clean.findIndex((text) => text.includes(CURSOR));
    if (anchorLine < 0 || line < 0) throw new Error(`a step needs ${ANCHOR} and ${CURSOR}:\n${body}`);
    const character = clean[line]!.indexOf(CURSOR);
    clean[line] = clean[line]!.replace(CURSOR, '');
    return { text: clean.join('\n'), position: { line, character }, anchorLine };
  });
  return { title: attribute('title'), estimate: attribute('estimate'), steps };
}

function folder(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'test', 'unit', 'completion', 'golden', 'anchor');
}

function stateAt(step: Step, previous: CompletionState | undefined, estimate: TokenEstimator): CompletionState {
  return buildState({
    document: linesOf(step.text),
    position: step.position,
    languageId: 'typescript',
    relativePath: 'src/a.ts',
    settings: { ...DEFAULTS },
    extra: { chunks: [], version: '' },
    estimate,
    previous: previous ? { windowStart: previous.windows.startLine, run: previous.run } : undefined,
    alternatives: false,
  });
}

describe('typing runs: where the prompt middle starts (golden cases)', () => {
  for (const file of readdirSync(folder()).filter((name) => name.endsWith('.txt')).sort()) {
    const { title, estimate, steps } = parseSteps(readFileSync(join(folder(), file), 'utf8'));
    it(`${title} (anchor/${file})`, () => {
      const estimator: TokenEstimator = estimate === 'perChar' ? (text) => text.length : estimateTokens;
      let previous: CompletionState | undefined;
      steps.forEach((step, index) => {
        const state = stateAt(step, previous, estimator);
        assert.equal(state.run.anchorLine, step.anchorLine, `step ${index + 1}: anchor line`);
        const lines = step.text.split('\n');
        const middle = [...lines.slice(step.anchorLine, step.position.line), lines[step.position.line]!.slice(0, step.position.character)].join('\n');
        assert.equal(state.request.middle, middle, `step ${index + 1}: the middle runs from the anchor line's start to the cursor`);
        assert.equal(state.request.prefix + state.request.middle, state.windows.prefix, `step ${index + 1}: prefix and middle are the code before the cursor`);
        previous = state;
      });
    });
  }

  it('has limits that keep a re-anchor rare and the middle modest', () => {
    assert.equal(MAX_RUN_LINES, 16);
    assert.equal(MAX_RUN_TOKENS, 256);
  });
});

describe('the suffix the model sees', () => {
  const at = (text: string) => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(CURSOR));
    const character = lines[line]!.indexOf(CURSOR);
    return stateAt({ text: text.replace(CURSOR, ''), position: { line, character }, anchorLine: line }, undefined, estimateTokens);
  };

  it('leaves out what auto-closing put right of the cursor, so the prompt is the same before and after it', () => {
    const typed = at('function f(a) {\n  call(║\n}');
    const autoClosed = at('function f(a) {\n  call(║)\n}');
    assert.equal(autoClosed.request.suffix, '\n}');
    assert.equal(autoClosed.request.suffix, typed.request.suffix);
    assert.equal(autoClosed.request.middle, typed.request.middle);
    assert.notEqual(autoClosed.key, typed.key, 'the closer still decides what is shown, so the cache keys differ');
    assert.equal(at('const s = "║";').request.suffix, '');
    assert.equal(at('f(g(║));').request.suffix, '');
  });

  it('keeps code right of the cursor that is more than closers', () => {
    assert.equal(at('if (║x) {').request.suffix, 'x) {');
    assert.equal(at('call(║, other)').request.suffix, ', other)');
  });
});
