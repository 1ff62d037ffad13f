// The engine process's side of the protocol: one request at a time, in arrival order. A newer completion supersedes
// the one running (it stops within a token and answers `cancelled`) and any still waiting; loads and unloads also
// stop the running completion first, since the model under it is about to change.
import { serializeError } from '../engineErrors';
import { isParentMessage, type ChildMessage, type LoadParams, type RequestMessage } from '../protocol';
import type { CompletionResult, InfillRequest, ModelInfo } from '../types';

export interface EngineBackend {
  load(params: LoadParams): Promise<ModelInfo>;
  unload(): Promise<void>;
  complete(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult>;
}

interface Job {
  id: number;
  controller: AbortController;
}

export function cancelledResult(): CompletionResult {
  return {
    text: '',
    stopReason: 'cancelled',
    prompt: { evaluated: 0, reused: 0 },
    generatedTokens: 0,
    timeToFirstTokenMs: 0,
    totalMs: 0,
  };
}

export class WorkerServer {
  private chain: Promise<void> = Promise.resolve();
  private running: Job | undefined;
  private waiting: Job | undefined;

  constructor(
    private readonly backend: EngineBackend,
    private readonly send: (message: ChildMessage) => void,
  ) {}

  handle(message: unknown): void {
    if (!isParentMessage(message)) {
      this.send({ type: 'log', level: 'warn', message: `engine ignored a malformed message: ${JSON.stringify(message)}` });
      return;
    }
    if (message.type === 'cancel') {
      if (this.running?.id === message.id) this.running.controller.abort();
      if (this.waiting?.id === message.id) this.answerCancelled(this.waiting);
      return;
    }
    this.enqueue(message);
  }

  /** Resolves once every request received so far has been answered. */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(message: RequestMessage): void {
    if (this.waiting) this.answerCancelled(this.waiting);
    this.running?.controller.abort();
    const job: Job = { id: message.id, controller: new AbortController() };
    if (message.method === 'complete') this.waiting = job;
    this.chain = this.chain.then(async () => {
      if (message.method === 'complete') {
        if (this.waiting !== job) return; // answered as cancelled while it waited
        this.waiting = undefined;
      }
      this.running = job;
      try {
        const result = await this.run(message, job);
        this.send({ type: 'response', id: job.id, ok: true, result });
      } catch (error) {
        this.send({ type: 'response', id: job.id, ok: false, error: serializeError(error) });
      } finally {
        this.running = undefined;
      }
    });
  }

  private async run(message: RequestMessage, job: Job): Promise<unknown> {
    switch (message.method) {
      case 'load':
        return this.backend.load(message.params);
      case 'unload':
        await this.backend.unload();
        return null;
      case 'complete':
        return this.backend.complete(message.params, job.controller.signal, (text) =>
          this.send({ type: 'text', id: job.id, text }),
        );
    }
  }

  private answerCancelled(job: Job): void {
    if (this.waiting === job) this.waiting = undefined;
    this.send({ type: 'response', id: job.id, ok: true, result: cancelledResult() });
  }
}
