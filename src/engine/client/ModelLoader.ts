// Which model the engine should have and which it has: a load asked for twice while it runs happens once, a file that
// failed is not tried again on every keystroke (until the model is set again), and a failed load leaves the model
// loaded before it in use. The status says what happened, in words a user can act on.
import { EngineCrashedError, EngineError } from '../engineErrors';
import type { LoadParams } from '../protocol';
import type { EngineStatus, LoadRequest, ModelInfo } from '../types';
import type { EngineClientOptions, EngineLogger } from './types';

export interface ModelLoaderDeps {
  /** Sends the load to the engine process (starting it if needed). */
  load(params: LoadParams): Promise<ModelInfo>;
  setStatus(status: EngineStatus): void;
  /** Whether the engine process runs now (what the status says after a failure). */
  running(): boolean;
  logger: EngineLogger;
  options?: EngineClientOptions;
}

export function modelNotSet(): EngineError {
  return new EngineError('MODEL_NOT_SET', 'No model is set. Set "pipit.modelPath" (or PIPIT_MODEL_PATH) to a GGUF code model.');
}

/** Two requests load the same thing exactly when their keys are equal. */
function loadKey(model: LoadRequest): string {
  return JSON.stringify([model.modelPath, model.gpu ?? 'auto', model.gpuLayers ?? -1, model.threads ?? 0, model.contextSize ?? 0, model.order ?? 'spm', model.memory, model.chatModelPath ?? '']);
}

export class ModelLoader {
  private desired: LoadRequest | undefined;
  private current: { info: ModelInfo; request: LoadRequest } | undefined;
  private loading: { key: string; promise: Promise<ModelInfo> } | undefined;
  private failed: { key: string; error: EngineError } | undefined;

  constructor(private readonly deps: ModelLoaderDeps) {
    this.desired = deps.options?.model;
  }

  /** The model loaded in the engine process now. */
  get loaded(): ModelInfo | undefined {
    return this.current?.info;
  }

  /** The model requests should run on: the one set, or loaded last. */
  get wanted(): LoadRequest | undefined {
    return this.desired;
  }

  /** Changes the model the next request uses; a different path or setting reloads then. */
  setModel(model: LoadRequest | undefined): void {
    this.desired = model;
    this.failed = undefined;
  }

  /**
   * The file at `path` changed on disk (replaced, deleted, put back). Whether the wanted model must be read again:
   * the copy in memory is no longer the file the user sees, and a file that failed may load now.
   */
  fileChanged(path: string): boolean {
    if (this.desired?.modelPath !== path) return false;
    this.failed = undefined;
    if (this.current?.request.modelPath === path) this.current = undefined;
    return true;
  }

  /** The process that held the model ended. */
  forget(): void {
    this.current = undefined;
  }

  /** Whether the wanted model is the one loaded. */
  isLoaded(): boolean {
    return this.current !== undefined && this.desired !== undefined && loadKey(this.current.request) === loadKey(this.desired);
  }

  /** Throws what loading the wanted model failed with last time, so a broken file is not retried on each keystroke. */
  throwIfFailed(): void {
    if (!this.desired?.modelPath) throw modelNotSet();
    if (this.failed?.key === loadKey(this.desired)) throw this.failed.error;
  }

  /** Loads `model` (or the wanted one). On failure the model loaded before stays in use. */
  async load(model: LoadRequest | undefined = this.desired): Promise<ModelInfo> {
    if (!model?.modelPath) throw modelNotSet();
    this.desired = model;
    const key = loadKey(model);
    if (this.loading?.key === key) return this.loading.promise;
    const promise = this.run(model, key);
    this.loading = { key, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }

  private async run(model: LoadRequest, key: string): Promise<ModelInfo> {
    const previous = this.current?.info;
    this.deps.setStatus({ state: 'loading', ...(previous ? { model: previous } : {}), message: `Loading ${model.modelPath}` });
    try {
      const memory = model.memory ?? this.deps.options?.memory;
      const info = await this.deps.load(memory ? { ...model, memory } : { ...model });
      this.current = { info, request: model };
      this.failed = undefined;
      this.deps.setStatus({ state: 'ready', model: info, message: info.notices[0] ?? `Model ready: ${model.modelPath}` });
      return info;
    } catch (error) {
      const engineError = error instanceof EngineError ? error : new EngineError('INTERNAL', String(error));
      if (!(engineError instanceof EngineCrashedError)) this.failed = { key, error: engineError };
      // A failed load leaves the model that was loaded before in place, and requests keep using it.
      const loaded = this.current;
      if (loaded) this.desired = loaded.request;
      this.deps.logger.error(`${engineError.code}: ${engineError.message}${engineError.detail ? `\n${engineError.detail}` : ''}`);
      this.deps.setStatus({
        state: loaded ? 'ready' : this.deps.running() ? 'idle' : 'crashed',
        ...(loaded ? { model: loaded.info } : {}),
        message: engineError.message,
        errorCode: engineError.code,
      });
      throw engineError;
    }
  }
}
