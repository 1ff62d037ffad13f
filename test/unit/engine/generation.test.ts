// Chunked prompt evaluation with a recording stand-in for the context sequence (the real one runs in
// InfillSession.test.ts and ChatSession.test.ts): whatever the step sizes, every prompt token is evaluated once, in order.
import * as assert from 'node:assert/strict';
import { evaluatePrompt } from '../../../src/engine/worker/generation';
import type { LlamaContextSequence } from '../../../src/engine/worker/llamaCpp';

function recordingSequence(msPerToken: number, clock: { now: number }) {
  const evaluated: number[][] = [];
  const sequence = {
    async evaluateWithoutGeneratingNewTokens(tokens: number[]) {
      evaluated.push([...tokens]);
      clock.now += tokens.length * msPerToken;
    },
  } as unknown as LlamaContextSequence;
  return { sequence, evaluated };
}

const prompt = Array.from({ length: 300 }, (_, i) => i);

describe('evaluatePrompt', () => {
  it('evaluates every token but the last exactly once when the step size adapts to the measured speed', async () => {
    for (const msPerToken of [0.5, 5, 40]) {
      const clock = { now: 0 };
      const { sequence, evaluated } = recordingSequence(msPerToken, clock);
      const result = await evaluatePrompt(sequence, prompt, 10, {
        chunkTokens: 16,
        signal: new AbortController().signal,
        stepBudget: { ms: 80, now: () => clock.now, minTokens: 4, maxTokens: 64 },
      });
      assert.deepEqual(evaluated.flat(), prompt.slice(10, -1), `at ${msPerToken} ms a token`);
      assert.equal(result.evaluated, 289);
      const expected = Math.max(4, Math.min(64, Math.floor(80 / msPerToken)));
      assert.equal(evaluated[1]!.length, expected, 'the second step is sized to the budget');
    }
  });

  it('stops at the next step once aborted, and waits before every step', async () => {
    const clock = { now: 0 };
    const { sequence, evaluated } = recordingSequence(1, clock);
    const controller = new AbortController();
    let steps = 0;
    const result = await evaluatePrompt(sequence, prompt, 0, {
      chunkTokens: 32,
      signal: controller.signal,
      beforeStep: () => {
        if (++steps === 3) controller.abort();
      },
    });
    assert.equal(result.aborted, true);
    assert.equal(evaluated.length, 2);
    assert.equal(result.evaluated, 64);
  });

  it('checks cancellation and the deadline within every step budget of engine work, whatever the model speed', async () => {
    for (const msPerToken of [0.2, 3, 20, 45]) {
      const clock = { now: 0 };
      const { sequence, evaluated } = recordingSequence(msPerToken, clock);
      // As InfillSession asks, with the speed the previous request measured.
      await evaluatePrompt(sequence, prompt, 0, {
        chunkTokens: 16,
        signal: new AbortController().signal,
        stepBudget: { ms: 50, now: () => clock.now, minTokens: 1, maxTokens: 256, msPerToken },
      });
      const longest = Math.max(...evaluated.map((step) => step.length * msPerToken));
      assert.ok(longest <= 50, `at ${msPerToken} ms a token the longest step took ${longest} ms`);
    }
  });

  it('stops reading the prompt at the deadline and says so; what was read stays read', async () => {
    const clock = { now: 0 };
    const { sequence, evaluated } = recordingSequence(10, clock);
    const result = await evaluatePrompt(sequence, prompt, 0, {
      chunkTokens: 4,
      signal: new AbortController().signal,
      deadline: 400,
      stepBudget: { ms: 50, now: () => clock.now, minTokens: 1, maxTokens: 256 },
    });
    assert.equal(result.timedOut, true);
    assert.equal(result.aborted, false);
    assert.ok(clock.now >= 400 && clock.now <= 450, `stopped at ${clock.now} ms, within one step of the deadline`);
    assert.equal(result.evaluated, evaluated.flat().length);
    assert.ok(result.msPerToken !== undefined && Math.abs(result.msPerToken - 10) < 1e-9, 'reports the speed for the next request');
  });
});
