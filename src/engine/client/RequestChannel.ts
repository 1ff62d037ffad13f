// Request multiplexing over one engine process: each request carries an id, the text the process streams for it goes
// to that request's onText, its response (checked for the shape its method promises) settles it, and whatever is
// still waiting fails when the process ends. Nothing the process sends can throw into the extension host.
import { EngineCrashedError, EngineError } from '../engineErrors';
import { isChildMessage, type ChildMessage, type EngineMethods, type MethodName, type ParentMessage } from '../protocol';
import type { EngineLogger, EngineProcess } from './types';
import { malformedAnswer, readableError, resultProblem } from './workerAnswers';

interface Pending {
  method: MethodName;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onText?: (text: string) => void;
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);

export class RequestChannel {
  private readonly pending = new Map<number, Pending>();
  /** Set when the process is ended on purpose, so that its exit is not taken for a crash. */
  stopping = false;

  constructor(
    readonly process: EngineProcess,
    private readonly logger: EngineLogger,
  ) {
    process.on('message', (message) => this.onMessage(message));
  }

  /** Requests still waiting for their answer. */
  get waiting(): number {
    return this.pending.size;
  }

  request<M extends MethodName>(method: M, params: EngineMethods[M]['params'], id: number, onText?: (text: string) => void): Promise<EngineMethods[M]['result']> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, ...(onText ? { onText } : {}) });
      if (!this.send({ type: 'request', id, method, params } as ParentMessage)) {
        this.pending.delete(id);
        reject(new EngineCrashedError('its message channel is closed'));
      }
    });
  }

  /** Asks the process to stop request `id`; it answers `cancelled` within a token. */
  cancel(id: number): void {
    this.send({ type: 'cancel', id });
  }

  /** Ends the process on purpose; what is waiting fails as stopped, not as a crash. */
  stop(): void {
    this.stopping = true;
    this.process.kill('SIGKILL');
  }

  /** The process ended: everything still waiting fails with `error`. */
  failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Fails what is waiting as stopped on purpose. */
  failStopped(): void {
    this.failAll(new EngineError('ENGINE_DISPOSED', 'The Pipit engine was stopped.'));
  }

  private send(message: ParentMessage): boolean {
    if (!this.process.connected) return false;
    try {
      return this.process.send(message);
    } catch {
      return false;
    }
  }

  private onMessage(message: unknown): void {
    if (!isChildMessage(message)) {
      this.logger.warn(`engine sent a malformed message: ${String(JSON.stringify(message)).slice(0, 300)}`);
      return;
    }
    // A listener that throws would be an uncaught exception in the extension host: whatever the worker sent, no.
    try {
      this.handle(message);
    } catch (error) {
      this.logger.warn(`engine message not handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private handle(message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        this.logger.debug(`engine process ${message.pid} ready`);
        return;
      case 'log':
        this.logger[LOG_LEVELS.has(message.level) ? message.level : 'warn'](`[engine] ${message.message}`);
        return;
      case 'text':
        this.pending.get(message.id)?.onText?.(message.text);
        return;
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (!message.ok) return pending.reject(readableError(message.error));
        const problem = resultProblem(pending.method, message.result);
        if (problem) pending.reject(malformedAnswer(problem, message.result));
        else pending.resolve(message.result);
      }
    }
  }
}
