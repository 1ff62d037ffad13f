// EngineClient's process management with a fake engine process (a real one is in engineProcess.test.ts): restart
// backoff when the process keeps dying (and its timer cleared on dispose), idle unload, and dispose.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { EngineClient, type EngineProcess } from '../../../src/engine/EngineClient';
import { EngineCrashedError } from '../../../src/engine/engineErrors';
import type { ParentMessage } from '../../../src/engine/protocol';
import { waitFor } from './engineHarness';

class FakeProcess extends EventEmitter implements EngineProcess {
  static nextPid = 1000;
  readonly pid = FakeProcess.nextPid++;
  connected = true;
  killedWith: string | number | undefined;
  readonly received: ParentMessage[] = [];

  send(message: ParentMessage): boolean {
    this.received.push(message);
    if (message.type !== 'request') return true;
    const reply = (result: unknown) => setImmediate(() => this.emit('message', { type: 'response', id: message.id, ok: true, result }));
    if (message.method === 'load') reply({ modelPath: message.params.modelPath, mode: 'fim', notices: [] });
    if (message.method === 'unload') reply(null);
    return true;
  }

  kill(signal?: NodeJS.Signals | number): boolean {
    this.killedWith = signal;
    this.die(null, 'SIGKILL');
    return true;
  }

  die(code: number | null, signal: NodeJS.Signals | null): void {
    this.connected = false;
    setImmediate(() => this.emit('exit', code, signal));
  }
}

function fakeEngine(options: ConstructorParameters<typeof EngineClient>[0]['options'] = {}) {
  const spawned: FakeProcess[] = [];
  const priorities: Array<[number, number]> = [];
  const client = new EngineClient({
    workerPath: '/fake/engineWorker.js',
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    spawn: () => {
      const process = new FakeProcess();
      spawned.push(process);
      return process;
    },
    setPriority: (pid, priority) => priorities.push([pid, priority]),
    options: { model: { modelPath: '/m.gguf' }, ...options },
  });
  return { client, spawned, priorities };
}

const request = { prefix: 'a', suffix: '', maxTokens: 4, maxTimeMs: 1000 };
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Two crashes in a row, each failing the request it was answering: the engine now "keeps dying". */
async function crashTwice(client: EngineClient, spawned: FakeProcess[]): Promise<void> {
  for (let crash = 0; crash < 2; crash++) {
    const pending = client.complete(request);
    await waitFor(() => spawned.length === crash + 1 && spawned.at(-1)!.received.length >= 2);
    spawned.at(-1)!.die(null, 'SIGSEGV');
    await assert.rejects(pending, EngineCrashedError);
  }
}

describe('EngineClient (fake process)', () => {
  it('starts the process at low priority, loads lazily, then sends the completion', async () => {
    const { client, spawned, priorities } = fakeEngine();
    void client.complete(request).catch(() => undefined);
    await waitFor(() => (spawned[0]?.received.length ?? 0) >= 2);
    assert.equal(spawned.length, 1);
    assert.deepEqual(priorities, [[spawned[0]!.pid, 10]]);
    assert.deepEqual(spawned[0]!.received.map((m) => (m.type === 'request' ? m.method : m.type)), ['load', 'complete']);
    client.dispose();
  });

  it('waits longer before each restart when the process keeps dying, and an abort ends the wait', async () => {
    const { client, spawned } = fakeEngine({ restartDelayMs: 200, maxRestartDelayMs: 1000 });
    await crashTwice(client, spawned);
    const started = Date.now();
    const controller = new AbortController();
    const waiting = client.complete(request, { signal: controller.signal });
    await tick();
    assert.equal(spawned.length, 2, 'no restart during the backoff');
    controller.abort();
    assert.equal((await waiting).stopReason, 'cancelled');
    assert.ok(Date.now() - started < 150);
    client.dispose();
  });

  it('dispose during a restart back-off ends the wait at once and leaves no timer behind', async () => {
    const { client, spawned } = fakeEngine({ restartDelayMs: 60_000, maxRestartDelayMs: 60_000 });
    await crashTwice(client, spawned);
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const waiting = client.complete(request);
    await tick();
    assert.equal(timers(), before + 1, 'the back-off timer runs');
    const started = Date.now();
    client.dispose();
    await assert.rejects(waiting, /shut down/);
    assert.ok(Date.now() - started < 100, 'the wait ended with dispose, not after the back-off');
    assert.equal(timers(), before, 'the back-off timer was cleared');
    assert.equal(spawned.length, 2, 'no process started after dispose');
  });

  it('a model file copied over the loaded one kills the engine (SIGBUS): the status says why, and the new file loads at once', async () => {
    const { client, spawned } = fakeEngine();
    const pending = client.complete(request);
    await waitFor(() => (spawned[0]?.received.length ?? 0) >= 2);
    spawned[0]!.die(null, 'SIGBUS');
    await assert.rejects(pending, EngineCrashedError);
    assert.equal(client.status.state, 'crashed');
    assert.match(client.status.message ?? '', /model file probably changed on disk/);
    client.modelFileChanged('/m.gguf');
    await waitFor(() => spawned.length === 2 && spawned[1]!.received.some((m) => m.type === 'request' && m.method === 'load'));
    await waitFor(() => client.status.state === 'ready');
    client.dispose();
  });

  it('a model file that changes while no engine runs starts none', async () => {
    const { client, spawned } = fakeEngine();
    client.modelFileChanged('/m.gguf');
    await tick();
    assert.equal(spawned.length, 0);
    client.dispose();
  });

  it('unloads the model after the idle time', async () => {
    const { client, spawned } = fakeEngine({ idleUnloadMs: 30 });
    await client.load();
    const done = client.complete(request);
    await waitFor(() => !!spawned[0]?.received.some((m) => m.type === 'request' && m.method === 'complete'));
    const completeId = spawned[0]!.received.find((m) => m.type === 'request' && m.method === 'complete')!.id;
    spawned[0]!.emit('message', {
      type: 'response',
      id: completeId,
      ok: true,
      result: { text: '', stopReason: 'eos', prompt: { evaluated: 1, reused: 0 }, generatedTokens: 1, timeToFirstTokenMs: 1, totalMs: 1 },
    });
    await done;
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.ok(spawned[0]!.received.some((m) => m.type === 'request' && m.method === 'unload'));
    assert.equal(client.status.state, 'idle');
    client.dispose();
  });

  it('dispose kills the process and fails what was pending', async () => {
    const { client, spawned } = fakeEngine();
    const pending = client.complete(request);
    await waitFor(() => !!spawned[0]?.received.some((m) => m.type === 'request' && m.method === 'complete'));
    client.dispose();
    assert.equal(spawned[0]!.killedWith, 'SIGKILL');
    await assert.rejects(pending, /stopped|shut down/);
    await assert.rejects(client.complete(request), /shut down/);
  });

  it('an explanation stopped by a model load before it showed anything is asked again; one that had shown text is not', async () => {
    const { client, spawned } = fakeEngine();
    await client.load();
    const chats = () => spawned[0]!.received.filter((m) => m.type === 'request' && m.method === 'chat');
    const answer = (id: number, stopReason: string, text = '') =>
      spawned[0]!.emit('message', { type: 'response', id, ok: true, result: { text, stopReason, prompt: { evaluated: 1, reused: 0 }, generatedTokens: 1, timeToFirstTokenMs: 1, totalMs: 1, model: 'm.gguf', mode: 'chat-template' } });
    const ask = { messages: [{ role: 'user' as const, content: 'explain' }], completion: { prompt: 'explain', stop: [] } };

    // The engine answers the first try "cancelled" (a load stopped it), the second with the explanation.
    const first = client.chat(ask, { onText: () => undefined });
    await waitFor(() => chats().length === 1);
    answer(chats()[0]!.id, 'cancelled');
    await waitFor(() => chats().length === 2);
    answer(chats()[1]!.id, 'eos', 'It adds.');
    assert.equal((await first).stopReason, 'eos');

    // Text already shown: the panel keeps it, and the explanation ends cancelled rather than start again.
    const texts: string[] = [];
    const second = client.chat(ask, { onText: (text) => texts.push(text) });
    await waitFor(() => chats().length === 3);
    spawned[0]!.emit('message', { type: 'text', id: chats()[2]!.id, text: 'It ' });
    await waitFor(() => texts.length === 1);
    answer(chats()[2]!.id, 'cancelled');
    assert.equal((await second).stopReason, 'cancelled');
    await tick();
    assert.equal(chats().length, 3, 'not asked again');
    client.dispose();
  });

  it('a chat and a completion in flight never cancel each other, and no idle unload happens under a chat', async () => {
    const { client, spawned } = fakeEngine({ idleUnloadMs: 20 });
    await client.load();
    const chat = client.chat({ messages: [{ role: 'user', content: 'explain' }], completion: { prompt: 'explain', stop: [] } });
    const completion = client.complete(request);
    const sentRequest = (method: string) => spawned[0]!.received.find((m) => m.type === 'request' && m.method === method);
    await waitFor(() => !!sentRequest('chat') && !!sentRequest('complete'));
    const done = { text: '', stopReason: 'maxTokens', prompt: { evaluated: 1, reused: 0 }, generatedTokens: 1, timeToFirstTokenMs: 1, totalMs: 1 };
    spawned[0]!.emit('message', { type: 'response', id: sentRequest('complete')!.id, ok: true, result: done });
    await completion;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const methods = spawned[0]!.received.map((m) => (m.type === 'request' ? m.method : m.type));
    assert.deepEqual(methods, ['load', 'chat', 'complete'], 'no cancel, no unload while the chat runs');
    const chatParams = (sentRequest('chat') as { params: { maxTokens: number } }).params;
    assert.equal(chatParams.maxTokens, 512, 'the default answer length');
    spawned[0]!.emit('message', { type: 'response', id: sentRequest('chat')!.id, ok: true, result: { ...done, model: 'm.gguf', mode: 'chat-template' } });
    assert.equal((await chat).mode, 'chat-template');
    await waitFor(() => !!sentRequest('unload'), 500);
    assert.ok(sentRequest('unload'), 'the idle unload follows the chat');
    client.dispose();
  });
});
