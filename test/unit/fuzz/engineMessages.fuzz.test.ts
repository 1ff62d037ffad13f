// Fuzz: what the engine process may send to the extension's EngineClient over its IPC channel. A crashed or
// confused worker (or a native addon writing garbage) must not take the extension host down or leave a request
// hanging: seeded, bounded scenarios answer each request with malformed messages (wrong types, unknown ids, bad log
// levels, error payloads of any shape) before a final answer of any shape, or none and an exit. Each request must
// settle in bounded time, with a well-formed result or an EngineError; the message listener must never throw.
//
// NOT RUN YET (no `.test` in the name): it fails on today's EngineClient (src/engine, owned elsewhere), which lets a
// bad log level throw from its listener, leaves a request hanging when an error payload is malformed, and resolves
// results of any shape. Rename it to engineMessages.fuzz.test.ts with the EngineClient fix that validates messages.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { EngineClient, type EngineProcess } from '../../../src/engine/EngineClient';
import { EngineError } from '../../../src/engine/engineErrors';
import type { ParentMessage } from '../../../src/engine/protocol';
import { chance, int, pick, randomString, randomValue, seeded, type Random } from './random';
import { settleWithin } from './settleWithin';

/** PIPIT_FUZZ_SEED replays or explores another seed; the default is what the suite runs. */
export const ENGINE_SEED = Number(process.env.PIPIT_FUZZ_SEED ?? 0x5eed0e16);
export const ENGINE_SCENARIOS = 300;

/** A message the worker might send in a bad moment: near-valid with wrong types, or anything at all. */
function junk(random: Random, id: number): unknown {
  const anyId = () => pick(random, [id, id + 1, -1, 0, 1.5, NaN, `${id}`, null, undefined, 2 ** 53]);
  return pick(random, [
    () => randomValue(random),
    () => ({ type: 'log', level: pick(random, ['info', 'bogus', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 5, null]), message: chance(random, 0.7) ? randomString(random) : randomValue(random, 1) }),
    () => ({ type: 'text', id: anyId(), text: chance(random, 0.7) ? randomString(random) : randomValue(random, 1) }),
    () => ({ type: 'response', id: anyId(), ok: pick(random, [true, false, 'yes', 1, null]), result: randomValue(random, 2), error: randomValue(random, 2) }),
    () => ({ type: 'ready', pid: randomValue(random, 0) }),
    () => ({ type: pick(random, ['request', 'cancel', 'RESPONSE', '', '__proto__']), id: anyId() }),
  ])();
}

/** The last word on a request: a good answer, an error of any shape, a result of the wrong shape, or an exit. */
function outcome(random: Random, id: number): { message?: unknown; exit?: boolean } {
  return pick(random, [
    () => ({ message: { type: 'response', id, ok: true, result: { text: 'x = 1', stopReason: 'eos', prompt: { evaluated: 3, reused: 0 }, generatedTokens: 2, timeToFirstTokenMs: 1, totalMs: 2 } } }),
    () => ({ message: { type: 'response', id, ok: false, error: { code: 'INTERNAL', message: 'engine failed' } } }),
    () => ({ message: { type: 'response', id, ok: false, error: randomValue(random, 2) } }),
    () => ({ message: { type: 'response', id, ok: true, result: randomValue(random, 2) } }),
    () => ({ exit: true }),
  ])();
}

class HostileProcess extends EventEmitter implements EngineProcess {
  static nextPid = 5000;
  readonly pid = HostileProcess.nextPid++;
  connected = true;
  /** Exceptions thrown by the client's listeners: each would be an uncaught exception in the extension host. */
  readonly thrown: string[] = [];

  constructor(private readonly random: Random) {
    super();
  }

  private deliver(message: unknown): void {
    try {
      this.emit('message', message);
    } catch (error) {
      this.thrown.push(`${String(error)} for ${JSON.stringify(message)?.slice(0, 160)}`);
    }
  }

  send(message: ParentMessage): boolean {
    if (!this.connected) return false;
    if (message.type !== 'request') return true;
    const { id } = message;
    if (message.method === 'load') {
      setImmediate(() => this.deliver({ type: 'response', id, ok: true, result: { modelPath: '/m.gguf', mode: 'fim', notices: [] } }));
      return true;
    }
    const steps = int(this.random, 0, 6);
    const messages = Array.from({ length: steps }, () => junk(this.random, id));
    const last = outcome(this.random, id);
    setImmediate(() => {
      for (const junkMessage of messages) this.deliver(junkMessage);
      if (last.message !== undefined) this.deliver(last.message);
      if (last.exit) this.exit();
    });
    return true;
  }

  kill(): boolean {
    this.exit();
    return true;
  }

  private exit(): void {
    if (!this.connected) return;
    this.connected = false;
    setImmediate(() => this.emit('exit', 1, null));
  }
}


describe('fuzz: engine process messages to the client', function () {
  this.timeout(120_000);

  it(`settles every request of ${ENGINE_SCENARIOS} hostile scenarios (seed ${ENGINE_SEED.toString(16)}), never throwing from the listener`, async () => {
    const random = seeded(ENGINE_SEED);
    const processes: HostileProcess[] = [];
    const problems: string[] = [];
    const client = new EngineClient({
      workerPath: '/fake/engineWorker.js',
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      spawn: () => {
        const process = new HostileProcess(random);
        processes.push(process);
        return process;
      },
      // No backoff between restarts: each scenario that exits starts a fresh process at once.
      options: { model: { modelPath: '/m.gguf' }, restartDelayMs: 0, maxRestartDelayMs: 0 },
    });
    try {
      for (let scenario = 0; scenario < ENGINE_SCENARIOS; scenario++) {
        const texts: unknown[] = [];
        const settled = await settleWithin(client.complete({ prefix: 'x = ', suffix: '', maxTokens: 4, maxTimeMs: 1000 }, { onText: (text) => texts.push(text) }), 2000);
        const where = `scenario ${scenario}`;
        if (settled.stalled) problems.push(`${where}: the request never settled`);
        else if ('error' in settled && settled.error !== undefined) {
          if (!(settled.error instanceof EngineError) || !settled.error.message) problems.push(`${where}: rejected with ${String(settled.error)}`);
        } else {
          const result = settled.value as unknown as Record<string, unknown> | null;
          const wellFormed = typeof result === 'object' && result !== null && typeof result.text === 'string' && typeof result.stopReason === 'string';
          if (!wellFormed) problems.push(`${where}: resolved with ${JSON.stringify(result)?.slice(0, 120)}`);
        }
        if (texts.some((text) => typeof text !== 'string')) problems.push(`${where}: onText got a non-string`);
      }
    } finally {
      client.dispose();
    }
    const thrown = processes.flatMap((process) => process.thrown);
    // PIPIT_FUZZ_SUMMARY=1 prints the counts by kind (for the report of what was tried).
    if (process.env.PIPIT_FUZZ_SUMMARY) {
      const count = (what: string) => problems.filter((problem) => problem.includes(what)).length;
      console.log(JSON.stringify({ scenarios: ENGINE_SCENARIOS, stalled: count('never settled'), rejectedBadly: count('rejected with'), resolvedBadly: count('resolved with'), listenerThrew: thrown.length }));
    }
    assert.deepEqual([...problems, ...thrown.map((line) => `listener threw: ${line}`)].slice(0, 15), []);
  });
});
