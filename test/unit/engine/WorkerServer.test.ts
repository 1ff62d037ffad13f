// The engine process's request handling, with a scripted backend in place of the model (the real one is exercised
// in engineProcess.test.ts).
import * as assert from 'node:assert/strict';
import type { ChatParams, ChildMessage } from '../../../src/engine/protocol';
import type { ChatResult, CompletionResult, InfillRequest } from '../../../src/engine/types';
import { PriorityGate } from '../../../src/engine/worker/PriorityGate';
import { WorkerServer, type EngineBackend } from '../../../src/engine/worker/WorkerServer';

const tokenTime = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * A backend that "generates" one token every few ms until aborted or done. Its chat writes 'c' per token and, like
 * the real one, waits at the priority gate between tokens.
 */
function tokenBackend(tokens = 50, priority = new PriorityGate()): EngineBackend & { started: string[]; events: string[] } {
  const started: string[] = [];
  const events: string[] = [];
  return {
    started,
    events,
    load: async (params) => {
      events.push('load');
      return { modelPath: params.modelPath } as never;
    },
    unload: async () => undefined,
    async chat(request: ChatParams, signal: AbortSignal, onText: (text: string) => void): Promise<ChatResult> {
      let generated = 0;
      while (generated < request.maxTokens && !signal.aborted) {
        await priority.clear(signal);
        if (signal.aborted) break;
        await tokenTime();
        generated++;
        onText('c');
      }
      events.push(`chat end ${generated}`);
      return {
        text: 'c'.repeat(generated),
        stopReason: signal.aborted ? 'cancelled' : 'maxTokens',
        timeToFirstTokenMs: 2,
        totalMs: 2 * generated,
        model: 'fake.gguf',
        mode: 'chat-template',
        prompt: { evaluated: 1, reused: 0 },
        generatedTokens: generated,
      };
    },
    async complete(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult> {
      started.push(request.prefix);
      let generated = 0;
      while (generated < tokens) {
        await tokenTime();
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

function harness(backend: EngineBackend, priority?: PriorityGate) {
  const sent: ChildMessage[] = [];
  const server = new WorkerServer(backend, (message) => sent.push(message), priority);
  const response = (id: number) =>
    sent.find((m): m is Extract<ChildMessage, { type: 'response' }> => m.type === 'response' && m.id === id);
  const request = (id: number, prefix: string) =>
    server.handle({ type: 'request', id, method: 'complete', params: { prefix, suffix: '', maxTokens: 50, maxTimeMs: 1000 } });
  const chat = (id: number, maxTokens: number) =>
    server.handle({
      type: 'request',
      id,
      method: 'chat',
      params: { messages: [{ role: 'user', content: 'explain' }], completion: { prompt: 'explain', stop: [] }, maxTokens, maxTimeMs: 10_000 },
    });
  return { server, sent, response, request, chat };
}

const result = <T>(message: ChildMessage | undefined) => (message as { result: T }).result;

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

  it('answers a resources request at once, while a completion runs, without stopping it', async () => {
    const { server, response, request } = harness(tokenBackend(20));
    request(1, 'a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    server.handle({ type: 'request', id: 2, method: 'resources', params: {} });
    const report = response(2);
    assert.ok(report?.ok, 'answered before the completion ended');
    assert.equal(response(1), undefined);
    const resources = result<{ rssBytes: number; peakRssBytes: number; timers: number; listeners: number }>(report);
    assert.ok(resources.rssBytes > 0 && resources.peakRssBytes >= resources.rssBytes / 2);
    assert.ok(resources.timers >= 1, 'the running completion\'s token timer is counted');
    await server.idle();
    assert.equal(result<CompletionResult>(response(1)).stopReason, 'maxTokens');
  });

  describe('chat beside completions', () => {
    it('a completion arriving mid-chat runs before the chat\'s next token and does not stop the chat', async () => {
      const priority = new PriorityGate();
      const { server, sent, response, request, chat } = harness(tokenBackend(10, priority), priority);
      chat(1, 40);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const arrivedAt = sent.length;
      request(2, 'a');
      await server.idle();
      const completionAt = sent.findIndex((m) => m.type === 'response' && m.id === 2);
      const chatTextsMeanwhile = sent.slice(arrivedAt, completionAt).filter((m) => m.type === 'text' && m.id === 1).length;
      assert.ok(chatTextsMeanwhile <= 1, `${chatTextsMeanwhile} chat tokens while the completion ran`);
      assert.equal(result<CompletionResult>(response(2)).stopReason, 'maxTokens');
      const answer = result<ChatResult>(response(1));
      assert.equal(answer.stopReason, 'maxTokens');
      assert.equal(answer.generatedTokens, 40);
    });

    it('a chat does not stop a running completion', async () => {
      const { server, response, request, chat } = harness(tokenBackend(10));
      request(1, 'a');
      chat(2, 5);
      await server.idle();
      assert.equal(result<CompletionResult>(response(1)).stopReason, 'maxTokens');
      assert.equal(result<ChatResult>(response(2)).stopReason, 'maxTokens');
    });

    it('cancel stops a chat within a token, and a newer chat stops the one running', async () => {
      const { server, sent, response, chat } = harness(tokenBackend());
      chat(1, 1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
      chat(2, 1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const textsBefore = sent.filter((m) => m.type === 'text' && m.id === 2).length;
      server.handle({ type: 'cancel', id: 2 });
      await server.idle();
      assert.equal(result<ChatResult>(response(1)).stopReason, 'cancelled');
      const second = result<ChatResult>(response(2));
      assert.equal(second.stopReason, 'cancelled');
      assert.ok(second.generatedTokens <= textsBefore + 1, `${second.generatedTokens} tokens, ${textsBefore} before cancel`);
    });

    it('a load stops the running chat and waits until it has let go of the model', async () => {
      const backend = tokenBackend();
      const { server, response, chat } = harness(backend);
      chat(1, 1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
      server.handle({ type: 'request', id: 2, method: 'load', params: { modelPath: '/other.gguf' } });
      await server.idle();
      assert.equal(result<ChatResult>(response(1)).stopReason, 'cancelled');
      assert.ok(response(2)?.ok);
      assert.deepEqual(backend.events.map((e) => e.split(' ')[0]), ['chat', 'load'], 'the chat ended before the load began');
    });

    it('a chat sent after a load runs on the loaded model', async () => {
      const backend = tokenBackend();
      const { server, chat } = harness(backend);
      server.handle({ type: 'request', id: 1, method: 'load', params: { modelPath: '/m.gguf' } });
      chat(2, 3);
      await server.idle();
      assert.deepEqual(backend.events, ['load', 'chat end 3']);
    });
  });
});
