// Engines for routing tests: scripted answers with controllable delay and failure, standing in for real ones whose
// behaviour (a server going down, a slow first token) cannot be produced on demand. Each records what it was asked.
import type { CompletionOptions, CompletionResult, InfillRequest } from '../../../src/engine/types';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import type { EngineKind, PipitEngine } from '../../../src/external/types';

export interface FakeBehaviour {
  text?: string;
  /** Milliseconds before the first piece of text. */
  firstTokenMs?: number;
  /** Milliseconds after the first piece before the answer ends. */
  restMs?: number;
  fail?: ExternalEngineError;
}

export interface FakeEngine extends PipitEngine {
  calls: number;
  lastSignal: AbortSignal | undefined;
  behaviour: FakeBehaviour;
}

export function fakeEngine(kind: EngineKind, behaviour: FakeBehaviour = {}, leavesMachine = false): FakeEngine {
  const wait = (ms: number, signal: AbortSignal | undefined) =>
    new Promise<void>((done) => {
      if (ms <= 0) return done();
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
    });
  const engine: FakeEngine = {
    kind,
    calls: 0,
    lastSignal: undefined,
    behaviour,
    async complete(_request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
      engine.calls++;
      engine.lastSignal = options.signal;
      const b = engine.behaviour;
      await wait(b.firstTokenMs ?? 0, options.signal);
      if (b.fail) throw b.fail;
      const result = (stopReason: CompletionResult['stopReason'], text: string): CompletionResult => ({
        text, stopReason, prompt: { evaluated: 1, reused: 0 }, generatedTokens: 1, timeToFirstTokenMs: 0, totalMs: 0,
      });
      if (options.signal?.aborted) return result('cancelled', '');
      const text = b.text ?? `from ${kind}`;
      options.onText?.(text);
      await wait(b.restMs ?? 0, options.signal);
      return options.signal?.aborted ? result('cancelled', '') : result('eos', text);
    },
    async chat(_request, options = {}) {
      engine.calls++;
      const b = engine.behaviour;
      if (b.text !== undefined) options.onText?.(b.text);
      if (b.fail) throw b.fail;
      const text = b.text ?? `chat from ${kind}`;
      return { text, stopReason: 'eos', timeToFirstTokenMs: 0, totalMs: 0, model: kind, mode: 'chat-template', prompt: { evaluated: 0, reused: 0 }, generatedTokens: 1 };
    },
    async health() {
      return { ok: true, fim: true, detail: 'fake' };
    },
    describe() {
      return { kind, label: kind, leavesMachine, completionRoute: 'fake', chatRoute: 'fake' };
    },
  };
  return engine;
}

export const unreachable = () => new ExternalEngineError('UNREACHABLE', 'llama-server at http://127.0.0.1:1 refused the connection');
