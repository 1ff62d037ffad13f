// The extension's handle on the engine process: starts it (child_process.fork of dist/engineWorker.js, at lower CPU
// priority), loads the model lazily, sends completion and chat requests and streams their text back, unloads after
// idle time, and restarts the process (with backoff when it keeps dying) after a crash.
import type { ForkOptions } from 'node:child_process';
import { basename } from 'node:path';
import { Emitter } from '../common/Emitter';
import { Disposable } from '../common/lifecycle';
import { ENGINE_ERROR_CODES, EngineCrashedError, EngineError, deserializeError } from './engineErrors';
import {
  isChildMessage,
  type ChildMessage,
  type EngineMethods,
  type MemoryOverride,
  type MethodName,
  type ParentMessage,
} from './protocol';
import type {
  ChatEngine,
  ChatOptions,
  ChatRequest,
  ChatResult,
  CompletionEngine,
  CompletionOptions,
  CompletionResult,
  EngineStatus,
  InfillRequest,
  LoadRequest,
  ModelInfo,
} from './types';

export interface EngineLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What EngineClient needs of a child process (node's ChildProcess satisfies it; tests pass a fake). */
export interface EngineProcess {
  readonly pid?: number | undefined;
  readonly connected: boolean;
  send(message: ParentMessage): boolean;
  kill(signal?: NodeJS.Signals | number): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
}

export type EngineSpawner = (modulePath: string, args: string[], options: ForkOptions) => EngineProcess;

export interface EngineClientOptions {
  /** The model the first request loads (lazy); `setModel` changes it. */
  model?: LoadRequest;
  /** Unload the model after this long without requests; 0 keeps it loaded. */
  idleUnloadMs?: number;
  /** Pretend this much memory is free (tests; small-machine guard). */
  memory?: MemoryOverride;
  /** First restart delay after repeated crashes, doubled each time up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Crashes further apart than this do not count as "keeps dying". */
  crashWindowMs?: number;
}

export interface EngineClientDeps {
  workerPath: string;
  logger: EngineLogger;
  spawn: EngineSpawner;
  options?: EngineClientOptions;
  /** os.setPriority; lowered priority keeps the editor responsive while the model computes. */
  setPriority?: (pid: number, priority: number) => void;
}

interface Pending {
  method: MethodName;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onText?: (text: string) => void;
}

interface Child {
  process: EngineProcess;
  pending: Map<number, Pending>;
  /** Set when we end it on purpose, so its exit is not a crash. */
  stopping: boolean;
}

const LOW_PRIORITY = 10;
const DEFAULT_CHAT_MAX_TOKENS = 512;
const DEFAULT_CHAT_MAX_TIME_MS = 120_000;

export class EngineClient extends Disposable implements CompletionEngine, ChatEngine {
  private readonly statusEmitter = this.register(new Emitter<EngineStatus>());
  /** Fires whenever the engine's state changes, with words for the user in `message`. */
  readonly onStatus = this.statusEmitter.event;

  private child: Child | undefined;
  private nextId = 1;
  private current: EngineStatus = { state: 'idle' };
  private desired: LoadRequest | undefined;
  private loaded: ModelInfo | undefined;
  private loading: { key: string; promise: Promise<ModelInfo> } | undefined;
  private failed: { key: string; error: EngineError } | undefined;
  private inflight: number | undefined;
  private chatInflight: number | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private crashes: number[] = [];

  constructor(private readonly deps: EngineClientDeps) {
    super();
    this.desired = deps.options?.model;
    this.register({ dispose: () => this.shutdown() });
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Process id of the engine process while it runs. */
  get pid(): number | undefined {
    return this.child?.process.pid;
  }

  /** Changes the model the next request uses; a different path or setting reloads then. */
  setModel(model: LoadRequest | undefined): void {
    this.desired = model;
    this.failed = undefined;
  }

  /** Loads `model` (or the configured one) now. On failure the model loaded before stays in use. */
  async load(model: LoadRequest | undefined = this.desired): Promise<ModelInfo> {
    if (!model?.modelPath) {
      throw new EngineError('MODEL_NOT_SET', 'No model is set. Set "pipit.modelPath" (or PIPIT_MODEL_PATH) to a GGUF code model.');
    }
    this.desired = model;
    const key = loadKey(model);
    if (this.loading?.key === key) return this.loading.promise;
    const promise = this.doLoad(model, key);
    this.loading = { key, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }

  async unload(): Promise<void> {
    this.clearIdleTimer();
    if (!this.child || !this.loaded) return;
    await this.request('unload', {});
    this.loaded = undefined;
    this.setStatus({ state: 'idle', message: 'Model unloaded to free memory; the next suggestion loads it again.' });
  }

  /** Ends the engine process; the next request starts a fresh one. */
  restart(): void {
    this.stopChild();
    this.crashes = [];
    this.setStatus({ state: 'idle', message: 'Engine restarted.' });
  }

  async complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    if (this.isDisposed) throw new EngineError('ENGINE_DISPOSED', 'The Pipit engine has shut down.');
    const { signal, onText } = options;
    if (signal?.aborted) return cancelled();
    // A newer request supersedes the one in flight: it answers `cancelled` within a token.
    if (this.inflight !== undefined) this.send({ type: 'cancel', id: this.inflight });
    const id = this.nextId++;
    this.inflight = id;
    try {
      await this.ensureLoaded(signal);
      if (signal?.aborted || this.inflight !== id) return cancelled();
      const abort = () => this.send({ type: 'cancel', id });
      signal?.addEventListener('abort', abort, { once: true });
      try {
        return await this.request('complete', request, onText, id);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    } finally {
      if (this.inflight === id) this.inflight = undefined;
      this.armIdleTimer();
    }
  }

  /**
   * Answers a chat (Explain Selection) with the loaded model, through its chat template if it has one. Runs beside
   * completions without slowing them by more than a token; a newer chat stops the one in flight, which resolves
   * `cancelled`, as does an abort through `signal` (within a token).
   */
  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (this.isDisposed) throw new EngineError('ENGINE_DISPOSED', 'The Pipit engine has shut down.');
    const { signal, onText } = options;
    if (signal?.aborted) return this.cancelledChat();
    if (this.chatInflight !== undefined) this.send({ type: 'cancel', id: this.chatInflight });
    const id = this.nextId++;
    this.chatInflight = id;
    // A long answer is activity: the model must not be unloaded under it.
    this.clearIdleTimer();
    try {
      await this.ensureLoaded(signal);
      if (signal?.aborted || this.chatInflight !== id) return this.cancelledChat();
      const abort = () => this.send({ type: 'cancel', id });
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const params = {
          messages: request.messages,
          completion: request.completion,
          maxTokens: options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS,
          maxTimeMs: options.maxTimeMs ?? DEFAULT_CHAT_MAX_TIME_MS,
        };
        return await this.request('chat', params, onText, id);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    } finally {
      if (this.chatInflight === id) this.chatInflight = undefined;
      this.armIdleTimer();
    }
  }

  private cancelledChat(): ChatResult {
    return {
      ...cancelled(),
      model: this.loaded?.chatModel ?? basename(this.desired?.chatModelPath || this.desired?.modelPath || ''),
      mode: this.loaded?.chatMode ?? 'chat-template',
    };
  }

  private async ensureLoaded(signal: AbortSignal | undefined): Promise<void> {
    const model = this.desired;
    if (!model?.modelPath) {
      throw new EngineError('MODEL_NOT_SET', 'No model is set. Set "pipit.modelPath" (or PIPIT_MODEL_PATH) to a GGUF code model.');
    }
    const key = loadKey(model);
    if (this.child && this.loaded && loadKey(this.loadedRequest!) === key) return;
    // The same failing file is not retried on every keystroke; `setModel`/`load` clear this.
    if (this.failed?.key === key) throw this.failed.error;
    await this.waitForRestart(signal);
    if (signal?.aborted) return;
    await this.load(model);
  }

  private loadedRequest: LoadRequest | undefined;

  private async doLoad(model: LoadRequest, key: string): Promise<ModelInfo> {
    const previous = this.loaded;
    this.setStatus({ state: 'loading', ...(previous ? { model: previous } : {}), message: `Loading ${model.modelPath}` });
    try {
      const memory = model.memory ?? this.deps.options?.memory;
      const info = await this.request('load', memory ? { ...model, memory } : { ...model });
      this.loaded = info;
      this.loadedRequest = model;
      this.failed = undefined;
      this.setStatus({ state: 'ready', model: info, message: info.notices[0] ?? `Model ready: ${model.modelPath}` });
      return info;
    } catch (error) {
      const engineError = error instanceof EngineError ? error : new EngineError('INTERNAL', String(error));
      if (!(engineError instanceof EngineCrashedError)) this.failed = { key, error: engineError };
      // A failed load leaves the model that was loaded before in place, and requests keep using it.
      if (this.loaded && this.loadedRequest) this.desired = this.loadedRequest;
      this.deps.logger.error(`${engineError.code}: ${engineError.message}${engineError.detail ? `\n${engineError.detail}` : ''}`);
      this.setStatus({
        state: this.loaded ? 'ready' : this.child ? 'idle' : 'crashed',
        ...(this.loaded ? { model: this.loaded } : {}),
        message: engineError.message,
        errorCode: engineError.code,
      });
      throw engineError;
    }
  }

  private request<M extends MethodName>(
    method: M,
    params: EngineMethods[M]['params'],
    onText?: (text: string) => void,
    id = this.nextId++,
  ): Promise<EngineMethods[M]['result']> {
    const child = this.ensureChild();
    return new Promise((resolve, reject) => {
      child.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, ...(onText ? { onText } : {}) });
      const message = { type: 'request', id, method, params } as ParentMessage;
      if (!this.send(message, child)) {
        child.pending.delete(id);
        reject(new EngineCrashedError('its message channel is closed'));
      }
    });
  }

  private send(message: ParentMessage, child = this.child): boolean {
    if (!child || !child.process.connected) return false;
    try {
      return child.process.send(message);
    } catch {
      return false;
    }
  }

  private ensureChild(): Child {
    if (this.child) return this.child;
    if (this.isDisposed) throw new EngineError('ENGINE_DISPOSED', 'The Pipit engine has shut down.');
    this.setStatus({ state: 'starting', message: 'Starting the Pipit engine' });
    const process = this.deps.spawn(this.deps.workerPath, [], {
      // VS Code desktop forks its own Electron binary: this makes it behave as plain Node (harmless under Node).
      env: { ...globalThis.process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Not the host's flags (an inspector port, `-e` code): node-llama-cpp forks again to test its binary, and
      // both processes must start as plain Node running their own file.
      execArgv: [],
      serialization: 'json',
    });
    const child: Child = { process, pending: new Map(), stopping: false };
    this.child = child;
    if (process.pid !== undefined) {
      try {
        (this.deps.setPriority ?? (() => undefined))(process.pid, LOW_PRIORITY);
      } catch (error) {
        this.deps.logger.debug(`could not lower the engine's priority: ${String(error)}`);
      }
    }
    process.stdout?.on('data', (data: Buffer) => this.deps.logger.debug(`[engine] ${String(data).trimEnd()}`));
    process.stderr?.on('data', (data: Buffer) => this.deps.logger.warn(`[engine] ${String(data).trimEnd()}`));
    process.on('message', (message) => this.onMessage(child, message));
    process.on('error', (error) => this.deps.logger.error(`engine process error: ${error.message}`));
    process.on('exit', (code, signal) => this.onExit(child, code, signal));
    return child;
  }

  private onMessage(child: Child, message: unknown): void {
    if (!isChildMessage(message)) {
      this.deps.logger.warn(`engine sent a malformed message: ${String(JSON.stringify(message)).slice(0, 300)}`);
      return;
    }
    // A listener that throws would be an uncaught exception in the extension host: whatever the worker sent, no.
    try {
      this.handle(child, message);
    } catch (error) {
      this.deps.logger.warn(`engine message not handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private handle(child: Child, message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        this.deps.logger.debug(`engine process ${message.pid} ready`);
        return;
      case 'log':
        this.deps.logger[LOG_LEVELS.has(message.level) ? message.level : 'warn'](`[engine] ${message.message}`);
        return;
      case 'text':
        child.pending.get(message.id)?.onText?.(message.text);
        return;
      case 'response': {
        const pending = child.pending.get(message.id);
        if (!pending) return;
        child.pending.delete(message.id);
        if (!message.ok) {
          pending.reject(readableError(message.error));
          return;
        }
        const problem = resultProblem(pending.method, message.result);
        if (problem) {
          pending.reject(
            new EngineError('INTERNAL', `The Pipit engine sent a malformed answer (${problem}). Run "Pipit: Restart Engine" if this keeps happening.`, String(JSON.stringify(message.result)).slice(0, 300)),
          );
        } else pending.resolve(message.result);
      }
    }
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    const what = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (child.stopping) {
      for (const pending of child.pending.values()) pending.reject(new EngineError('ENGINE_DISPOSED', 'The Pipit engine was stopped.'));
      child.pending.clear();
      return;
    }
    this.loaded = undefined;
    this.loadedRequest = undefined;
    const now = Date.now();
    const window = this.deps.options?.crashWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((at) => now - at < window), now];
    const error = new EngineCrashedError(what);
    this.deps.logger.error(`engine process ${child.process.pid ?? '?'} died (${what}); ${child.pending.size} request(s) failed`);
    for (const pending of child.pending.values()) pending.reject(error);
    child.pending.clear();
    this.setStatus({ state: 'crashed', message: error.message, errorCode: error.code });
  }

  /** After repeated crashes, waits before starting the process again (abortable). */
  private async waitForRestart(signal: AbortSignal | undefined): Promise<void> {
    if (this.child || this.crashes.length < 2) return;
    const delay = Math.min(
      this.deps.options?.maxRestartDelayMs ?? 30_000,
      (this.deps.options?.restartDelayMs ?? 500) * 2 ** (this.crashes.length - 2),
    );
    const wait = delay - (Date.now() - this.crashes[this.crashes.length - 1]!);
    if (wait <= 0) return;
    this.deps.logger.info(`engine keeps stopping; restarting it in ${wait} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    const idle = this.deps.options?.idleUnloadMs ?? 0;
    if (idle <= 0 || this.isDisposed || this.inflight !== undefined || this.chatInflight !== undefined) return;
    this.idleTimer = setTimeout(() => {
      this.unload().catch((error: unknown) => this.deps.logger.warn(`idle unload failed: ${String(error)}`));
    }, idle);
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private stopChild(): void {
    const child = this.child;
    this.child = undefined;
    this.loaded = undefined;
    this.loadedRequest = undefined;
    if (!child) return;
    child.stopping = true;
    child.process.kill('SIGKILL');
  }

  private shutdown(): void {
    this.clearIdleTimer();
    this.stopChild();
    this.current = { state: 'disposed' };
  }

  private setStatus(status: EngineStatus): void {
    if (this.isDisposed) return;
    this.current = status;
    this.statusEmitter.fire(status);
  }
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);
const ERROR_CODES: ReadonlySet<string> = new Set(ENGINE_ERROR_CODES);

/** The worker's error as an EngineError, or one that says it sent none readable. */
function readableError(data: unknown): EngineError {
  const error = data as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (typeof error === 'object' && error !== null && typeof error.code === 'string' && ERROR_CODES.has(error.code) && typeof error.message === 'string' && error.message) {
    return deserializeError({ code: error.code as EngineError['code'], message: error.message, ...(typeof error.detail === 'string' ? { detail: error.detail } : {}) });
  }
  return new EngineError('INTERNAL', 'The Pipit engine failed without a readable reason. Run "Pipit: Restart Engine" if this keeps happening.', String(JSON.stringify(data)).slice(0, 300));
}

/** Why a result does not have the shape its method promises, or undefined when it does. */
function resultProblem(method: MethodName, result: unknown): string | undefined {
  if (method === 'unload') return undefined;
  if (typeof result !== 'object' || result === null) return 'not an object';
  const value = result as Record<string, unknown>;
  const number = (key: string) => typeof value[key] === 'number' && Number.isFinite(value[key]);
  if (method === 'load') return typeof value.modelPath === 'string' && Array.isArray(value.notices) ? undefined : 'not a model description';
  const prompt = value.prompt as Record<string, unknown> | null | undefined;
  const counts = typeof prompt === 'object' && prompt !== null && typeof prompt.evaluated === 'number' && typeof prompt.reused === 'number';
  if (typeof value.text !== 'string' || typeof value.stopReason !== 'string' || !counts || !number('generatedTokens') || !number('timeToFirstTokenMs') || !number('totalMs')) {
    return 'not a generation result';
  }
  if (method === 'chat' && (typeof value.model !== 'string' || typeof value.mode !== 'string')) return 'not a chat result';
  return undefined;
}

function cancelled(): CompletionResult {
  return { text: '', stopReason: 'cancelled', prompt: { evaluated: 0, reused: 0 }, generatedTokens: 0, timeToFirstTokenMs: 0, totalMs: 0 };
}

function loadKey(model: LoadRequest): string {
  return JSON.stringify([model.modelPath, model.gpu ?? 'auto', model.gpuLayers ?? -1, model.threads ?? 0, model.contextSize ?? 0, model.order ?? 'spm', model.memory, model.chatModelPath ?? '']);
}
