// The engine process's request handling, with a scripted backend in place of the model (the real one is exercised
// in engineProcess.test.ts).
import * as assert from 'node:assert/strict';
import type { ChildMessage } from '../../../src/engine/protocol';
import type { CompletionResult, InfillRequest } from '../../../src/engine/types';
import { WorkerServer, type EngineBackend } from '../../../src/engine/worker/WorkerServer';

/** A backend that "generates" one token every few ms until aborted or done. */
function tokenBackend(tokens = 50): EngineBackend & { started: string[] } {
  const started: string[] = [];
  return {
    started,
    load: async (params) => ({ modelPath: params.modelPath } as never),
    unload: async () => undefined,
    async complete(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult> {
      started.push(request.prefix);
      let generated = 0;
      while (generated < tokens) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        generated++;
        onText('x');
        if (signal.aborted) break;
      }
      return {
        text: 'x'.repeat(generated),
        stopReason: signal.aborted ? 'cancelled' : 'maxTokens',
        prompt: { evaluated: 1, reused: 0 },
        generatedTokens: generated,
        timeToFirstTokenMs: 2,
        totalMs: 2 * generated,
      };
    },
  };
}

function harness(backend: EngineBackend) {
  const sent: ChildMessage[] = [];
  const server = new WorkerServer(backend, (message) => sent.push(message));
  const response = (id: number) =>
    sent.find((m): m is Extract<ChildMessage, { type: 'response' }> => m.type === 'response' && m.id === id);
  const request = (id: number, prefix: string) =>
    server.handle({ type: 'request', id, method: 'complete', params: { prefix, suffix: '', maxTokens: 50, maxTimeMs: 1000 } });
  return { server, sent, response, request };
}

describe('WorkerServer', () => {
  it('a newer completion stops the running one, which answers cancelled (not an error)', async () => {
    const { server, response, request } = harness(tokenBackend());
    request(1, 'a');
    await new Promise((resolve) => setTimeout(resolve, 15));
    request(2, 'ab');
    await server.idle();
    const first = response(1);
    assert.ok(first?.ok);
    assert.equal((first.result as CompletionResult).stopReason, 'cancelled');
    assert.ok((first.result as CompletionResult).generatedTokens < 50);
    assert.equal(((response(2) as { result: CompletionResult }).result).stopReason, 'maxTokens');
  });

  it('requests still waiting are answered cancelled without ever running: only the newest runs', async () => {
    const backend = tokenBackend(5);
    const { server, response, request } = harness(backend);
    request(1, 'a');
    request(2, 'ab');
    request(3, 'abc');
    await server.idle();
    assert.deepEqual(backend.started, ['abc']);
    assert.equal(((response(1) as { result: CompletionResult }).result).stopReason, 'cancelled');
    assert.equal(((response(2) as { result: CompletionResult }).result).stopReason, 'cancelled');
    assert.equal(((response(3) as { result: CompletionResult }).result).stopReason, 'maxTokens');
  });

  it('cancel stops the running request within a token', async () => {
    const { server, sent, response, request } = harness(tokenBackend());
    request(1, 'a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const textsBefore = sent.filter((m) => m.type === 'text').length;
    server.handle({ type: 'cancel', id: 1 });
    await server.idle();
    const result = (response(1) as { result: CompletionResult }).result;
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(result.generatedTokens <= textsBefore + 1, `${result.generatedTokens} tokens, ${textsBefore} before cancel`);
  });

  it('answers a failing request with a serialized error and keeps serving', async () => {
    const backend = tokenBackend(1);
    backend.load = async () => {
      throw new Error('boom');
    };
    const { server, response } = harness(backend);
    server.handle({ type: 'request', id: 7, method: 'load', params: { modelPath: '/m.gguf' } });
    server.handle({ type: 'request', id: 8, method: 'unload', params: {} });
    await server.idle();
    const failed = response(7);
    assert.ok(failed && !failed.ok && failed.error.code === 'INTERNAL' && failed.error.message.includes('boom'));
    assert.ok(response(8)?.ok);
  });
});
