// The extension's handle on the engine process: completion and chat requests (a newer one of a kind supersedes the
// one in flight) and the status it reports. The parts live in client/: starting the process (startEngineProcess),
// request multiplexing (RequestChannel), load de-duplication (ModelLoader), crash back-off (CrashBackoff) and idle
// unload (IdleUnload).
import { basename } from 'node:path';
import { Emitter } from '../common/Emitter';
import { Disposable } from '../common/lifecycle';
import { cancelledResult } from './cancelledResult';
import { DEFAULT_CHAT_MAX_TIME_MS, DEFAULT_CHAT_MAX_TOKENS } from './chatDefaults';
import { CrashBackoff } from './client/CrashBackoff';
import { IdleUnload } from './client/IdleUnload';
import { ModelLoader, modelNotSet } from './client/ModelLoader';
import { RequestChannel } from './client/RequestChannel';
import { startEngineProcess } from './client/startEngineProcess';
import type { EngineClientDeps } from './client/types';
import { EngineCrashedError, EngineError } from './engineErrors';
import { listenerCount, type CountableEmitter, type ProcessResources } from './processResources';
import type { EngineMethods, MethodName } from './protocol';
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

export type { EngineClientDeps, EngineClientOptions, EngineLogger, EngineProcess, EngineSpawner } from './client/types';

type Generation = 'complete' | 'chat';

const disposedError = () => new EngineError('ENGINE_DISPOSED', 'The Pipit engine has shut down.');

export class EngineClient extends Disposable implements CompletionEngine, ChatEngine {
  private readonly statusEmitter: Emitter<EngineStatus>;
  /** Fires whenever the engine's state changes, with words for the user in `message`. */
  readonly onStatus: Emitter<EngineStatus>['event'];

  private channel: RequestChannel | undefined;
  private nextId = 1;
  private current: EngineStatus = { state: 'idle' };
  /** The request of each kind in flight: a newer one of the same kind supersedes it. */
  private readonly inflight: Record<Generation, number | undefined> = { complete: undefined, chat: undefined };
  private readonly models: ModelLoader;
  private readonly backoff: CrashBackoff;
  private readonly idle: IdleUnload;

  constructor(private readonly deps: EngineClientDeps) {
    super();
    this.statusEmitter = this.register(new Emitter<EngineStatus>((error) => deps.logger.error(`engine status listener failed: ${String(error)}`)));
    this.onStatus = this.statusEmitter.event;
    this.models = new ModelLoader({
      load: (params) => this.request('load', params),
      setStatus: (status) => this.setStatus(status),
      running: () => this.channel !== undefined,
      logger: deps.logger,
      ...(deps.options ? { options: deps.options } : {}),
    });
    this.backoff = this.register(new CrashBackoff(deps.options));
    this.idle = this.register(
      new IdleUnload(deps.options?.idleUnloadMs ?? 0, () => {
        this.unload().catch((error: unknown) => deps.logger.warn(`idle unload failed: ${String(error)}`));
      }),
    );
    this.register({ dispose: () => this.shutdown() });
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Process id of the engine process while it runs. */
  get pid(): number | undefined {
    return this.channel?.process.pid;
  }

  /** How long the engine waits, idle, before it unloads the model (0: never); takes effect now. */
  setIdleUnloadMs(idleMs: number): void {
    this.idle.setIdleMs(idleMs);
  }

  get idleUnloadMs(): number {
    return this.idle.idleMsNow;
  }

  /** What the engine process holds now (memory, timers, handles, listeners); undefined while none runs. */
  async resources(): Promise<ProcessResources | undefined> {
    return this.channel ? this.request('resources', {}) : undefined;
  }

  /** Listeners this side keeps on the engine process: a leak check wants them flat however many requests ran. */
  get processListeners(): number {
    const child = this.channel?.process as Partial<CountableEmitter> | undefined;
    return child?.eventNames && child.listenerCount ? listenerCount(child as CountableEmitter) : 0;
  }

  /** Changes the model the next request uses; a different path or setting reloads then. */
  setModel(model: LoadRequest | undefined): void {
    this.models.setModel(model);
  }

  /**
   * The model file at `path` changed on disk. A model in use is read again now, so a replaced file answers the next
   * suggestion; a deleted one fails that load, and the status says the file is missing (suggestions stop rather than
   * run on a file that is gone); a file that failed and is back is tried again.
   */
  modelFileChanged(path: string): void {
    if (!this.models.fileChanged(path)) return;
    // A file written in place under the running engine can kill it (SIGBUS: its mapped pages went away): the new file
    // is then loaded at once too, as when the engine survived. An engine that is not running stays so.
    if (!this.channel && this.current.state !== 'crashed') return;
    this.deps.logger.info(`model file changed on disk: ${path}; loading it again`);
    this.models.load().catch(() => undefined); // the loader logs the failure and puts it in the status
  }

  /** Loads `model` (or the configured one) now. On failure the model loaded before stays in use. */
  load(model?: LoadRequest): Promise<ModelInfo> {
    return this.models.load(model);
  }

  async unload(): Promise<void> {
    this.idle.clear();
    if (!this.channel || !this.models.loaded) return;
    await this.request('unload', {});
    this.models.forget();
    this.setStatus({ state: 'idle', message: 'Model unloaded to free memory; the next suggestion loads it again.' });
  }

  /** Ends the engine process; the next request starts a fresh one. */
  restart(): void {
    this.stopProcess();
    this.backoff.reset();
    this.setStatus({ state: 'idle', message: 'Engine restarted.' });
  }

  complete(request: InfillRequest, options: CompletionOptions = {}): Promise<CompletionResult> {
    return this.generate('complete', request, options, cancelledResult);
  }

  /**
   * Answers a chat (Explain Selection) with the loaded model, through its chat template if it has one. Runs beside
   * completions without slowing them by more than a token; a newer chat stops the one in flight, which resolves
   * `cancelled`, as does an abort through `signal` (within a token).
   */
  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const params = {
      messages: request.messages,
      completion: request.completion,
      ...(request.shorter ? { shorter: request.shorter } : {}),
      maxTokens: options.maxTokens ?? DEFAULT_CHAT_MAX_TOKENS,
      maxTimeMs: options.maxTimeMs ?? DEFAULT_CHAT_MAX_TIME_MS,
    };
    return this.generate('chat', params, options, () => this.cancelledChat());
  }

  /** One completion or chat: loads the model if needed, supersedes the one of its kind in flight, streams its text. */
  private async generate<M extends Generation>(
    method: M,
    params: EngineMethods[M]['params'],
    options: { signal?: AbortSignal; onText?: (text: string) => void },
    cancelled: () => EngineMethods[M]['result'],
  ): Promise<EngineMethods[M]['result']> {
    if (this.isDisposed) throw disposedError();
    const { signal, onText } = options;
    if (signal?.aborted) return cancelled();
    // The one in flight answers `cancelled` within a token.
    const previous = this.inflight[method];
    if (previous !== undefined) this.channel?.cancel(previous);
    let id = this.nextId++;
    this.inflight[method] = id;
    // A request is activity: the model must not be unloaded under it.
    this.idle.clear();
    try {
      // A load (another model, or new settings for it) stops a chat under way. One that had shown nothing yet is
      // asked again on the loaded model, so Explain does not end "cancelled" with no text for a reason the user
      // never gave; a completion is not (the next keystroke asks again).
      for (let attempt = 0; ; attempt++) {
        await this.ensureLoaded(signal);
        if (signal?.aborted || this.inflight[method] !== id) return cancelled();
        let streamed = false;
        const abort = () => this.channel?.cancel(id);
        signal?.addEventListener('abort', abort, { once: true });
        let result: EngineMethods[M]['result'];
        try {
          result = await this.request(method, params, onText && ((text: string) => ((streamed = true), onText(text))), id);
        } finally {
          signal?.removeEventListener('abort', abort);
        }
        const stoppedByEngine = result.stopReason === 'cancelled' && !signal?.aborted && this.inflight[method] === id && !streamed;
        if (method !== 'chat' || !stoppedByEngine || attempt >= 2) return result;
        this.deps.logger.info('the explanation was stopped by a model load before it began; asking again');
        // The same request under a new id: the engine has answered the old one.
        id = this.nextId++;
        this.inflight[method] = id;
      }
    } finally {
      if (this.inflight[method] === id) this.inflight[method] = undefined;
      if (!this.isDisposed && this.inflight.complete === undefined && this.inflight.chat === undefined) this.idle.arm();
    }
  }

  private cancelledChat(): ChatResult {
    const wanted = this.models.wanted;
    return {
      ...cancelledResult(),
      model: this.models.loaded?.chatModel ?? basename(wanted?.chatModelPath || wanted?.modelPath || ''),
      mode: this.models.loaded?.chatMode ?? 'chat-template',
    };
  }

  private async ensureLoaded(signal: AbortSignal | undefined): Promise<void> {
    const model = this.models.wanted;
    if (!model?.modelPath) throw modelNotSet();
    if (this.channel && this.models.isLoaded()) return;
    this.models.throwIfFailed();
    if (!this.channel) {
      const wait = this.backoff.remainingMs();
      if (wait > 0) this.deps.logger.info(`engine keeps stopping; restarting it in ${wait} ms`);
      await this.backoff.wait(signal);
      if (this.isDisposed) throw disposedError();
    }
    if (signal?.aborted) return;
    await this.models.load(model);
  }

  private request<M extends MethodName>(method: M, params: EngineMethods[M]['params'], onText?: (text: string) => void, id = this.nextId++): Promise<EngineMethods[M]['result']> {
    return this.channelFor().request(method, params, id, onText);
  }

  /** The channel to the running engine process, starting one if none runs. */
  private channelFor(): RequestChannel {
    if (this.channel) return this.channel;
    if (this.isDisposed) throw disposedError();
    this.setStatus({ state: 'starting', message: 'Starting the Pipit engine' });
    const channel = new RequestChannel(startEngineProcess(this.deps), this.deps.logger);
    channel.process.on('exit', (code, signal) => this.onExit(channel, code, signal));
    this.channel = channel;
    return channel;
  }

  private onExit(channel: RequestChannel, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.channel === channel) this.channel = undefined;
    if (channel.stopping) return channel.failStopped();
    this.models.forget();
    this.backoff.recordCrash();
    // SIGBUS in an engine is almost always its mapped model file changed on disk (copied over in place).
    const what = signal === 'SIGBUS' ? 'killed by SIGBUS: the model file probably changed on disk while loaded' : signal ? `killed by ${signal}` : `exit code ${code}`;
    const error = new EngineCrashedError(what);
    this.deps.logger.error(`engine process ${channel.process.pid ?? '?'} died (${what}); ${channel.waiting} request(s) failed`);
    channel.failAll(error);
    this.setStatus({ state: 'crashed', message: error.message, errorCode: error.code });
  }

  private stopProcess(): void {
    const channel = this.channel;
    this.channel = undefined;
    this.models.forget();
    channel?.stop();
  }

  private shutdown(): void {
    this.stopProcess();
    this.current = { state: 'disposed' };
  }

  private setStatus(status: EngineStatus): void {
    if (this.isDisposed) return;
    this.current = status;
    this.statusEmitter.fire(status);
  }
}
