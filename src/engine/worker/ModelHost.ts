// Owns the loaded model in the engine process: preflight, load, one context with two sequences (completion and chat,
// so an explanation never disturbs the completion cache), the FIM format detected from the vocabulary, the chat
// format, and unload. With a separately configured chat model (for a base-only completion model), that model gets its
// own one-sequence context and answers chats, and the completion context keeps one sequence; a chat model that cannot
// be used is a notice, not a failed load: chat then runs on the completion model. A load that fails leaves the model
// loaded before it in place. The model runs on a GPU when one works and as many of its layers fit as leave room for
// the context; otherwise (or when the GPU fails to load it) on the CPU, and the device info says why.
import { availableParallelism, freemem } from 'node:os';
import { basename } from 'node:path';
import { resolveThreads } from '../defaultThreads';
import { EngineError } from '../engineErrors';
import { detectFimFormat, vocabularyFromGguf } from '../fimDetect';
import type { ChatParams, LoadParams } from '../protocol';
import type { ChatResult, CompletionResult, DeviceInfo, InfillRequest, ModelInfo } from '../types';
import { chatFormatterFor } from './chatFormat';
import { ChatSession } from './ChatSession';
import { BACKEND_NAMES, chooseLlama, llamaCppDeviceDeps, type ChosenLlama, type DeviceChoiceDeps } from './deviceChoice';
import { InfillSession } from './InfillSession';
import type { Llama, LlamaContext, LlamaCpp, LlamaModel } from './llamaCpp';
import { preflightModel, type FreeMemory, type Preflight } from './preflight';
import { PriorityGate } from './PriorityGate';

export const DEFAULT_CONTEXT_SIZE = 4096;

export type HostLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface ModelHostDeps {
  loadLlamaCpp(): Promise<LlamaCpp>;
  log: HostLog;
  cores?: number;
  /** Free memory as the system reports it; a load's `memory` override wins over it. */
  freeMemory?(llama: Llama): Promise<FreeMemory>;
  /** Held while completions run or wait; chat yields to it between tokens (shared with the WorkerServer). */
  priority?: PriorityGate;
  /** How builds and devices are found (tests simulate a machine's GPUs); default: node-llama-cpp's own. */
  deviceDeps?(llamaCpp: LlamaCpp): DeviceChoiceDeps;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  session: InfillSession;
  chat: ChatSession;
  /** The separately configured chat model and its context, when one is loaded. */
  chatModel?: { model: LlamaModel; context: LlamaContext };
  info: ModelInfo;
  /** Estimated memory of everything above (both models when there are two). */
  ramBytes: number;
}

interface ChatModelLoaded {
  path: string;
  model: LlamaModel;
  context: LlamaContext;
}

async function systemFreeMemory(llama: Llama): Promise<FreeMemory> {
  const vramBytes = llama.gpu === false ? 0 : (await llama.getVramState()).free;
  return { ramBytes: freemem(), vramBytes };
}

export class ModelHost {
  private loaded: Loaded | undefined;
  private readonly llamas = new Map<'auto' | 'off', Promise<ChosenLlama>>();
  private cpuLlama: Promise<Llama> | undefined;
  private readonly priority: PriorityGate;

  constructor(private readonly deps: ModelHostDeps) {
    this.priority = deps.priority ?? new PriorityGate();
  }

  get info(): ModelInfo | undefined {
    return this.loaded?.info;
  }

  /** The loaded model's infill session (tests inspect its prompt layout). */
  get session(): InfillSession | undefined {
    return this.loaded?.session;
  }

  async complete(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult> {
    if (!this.loaded) {
      throw new EngineError('MODEL_NOT_SET', 'No model is loaded. Set "pipit.modelPath" to a GGUF code model.');
    }
    const release = this.priority.hold();
    try {
      return await this.loaded.session.run(request, signal, onText);
    } finally {
      release();
    }
  }

  async chat(request: ChatParams, signal: AbortSignal, onText: (text: string) => void): Promise<ChatResult> {
    if (!this.loaded) {
      throw new EngineError('MODEL_NOT_SET', 'No model is loaded. Set "pipit.modelPath" to a GGUF model.');
    }
    return this.loaded.chat.run(request, signal, onText);
  }

  /** `gpuFailure` (internal): the GPU failed to load this model, so this load runs on the CPU and says why. */
  async load(params: LoadParams, gpuFailure?: string): Promise<ModelInfo> {
    const started = performance.now();
    const llamaCpp = await this.deps.loadLlamaCpp();
    const threads = resolveThreads(params.threads, this.deps.cores ?? availableParallelism());
    const requestedContext = params.contextSize ?? DEFAULT_CONTEXT_SIZE;
    const previous = this.loaded;
    const { llama, free, reclaimable, checked, device } = await this.place(llamaCpp, params, requestedContext, gpuFailure);
    const contextSize = Math.min(requestedContext, checked.insights.trainContextSize ?? requestedContext);
    const chatNotices: string[] = [];
    // The completion model was checked with room for a chat sequence too, so falling back to it for chat always fits.
    const chatChecked = params.chatModelPath
      ? await this.preflightChatModel(params.chatModelPath, requestedContext, reclaimable, free, checked, { llamaCpp, llama }, chatNotices)
      : undefined;
    const needRam = checked.ramBytes + (chatChecked?.ramBytes ?? 0);

    if (previous && needRam > free.ramBytes) {
      // Both cannot be in memory at once; the preflight says the new one fits once the old one is gone.
      this.deps.log('info', `unloading ${previous.info.modelPath} first to make room for ${params.modelPath}`);
      await this.unload();
    }

    let model: LlamaModel | undefined;
    let chatModel: ChatModelLoaded | undefined;
    try {
      model = await llama.loadModel({ modelPath: params.modelPath, gpuLayers: checked.gpuLayers });
      if (params.chatModelPath && chatChecked) {
        chatModel = await this.loadChatModel(llama, params.chatModelPath, chatChecked, requestedContext, threads, chatNotices);
      }
      // Each sequence gets its own `contextSize` of cache cells; the chat sequence only when chat runs on this model.
      const context = await model.createContext({ contextSize, sequences: chatModel ? 1 : 2, threads });
      const sequence = context.getSequence();
      const chatSequence = chatModel ? chatModel.context.getSequence() : context.getSequence();
      const chatTarget = chatModel?.model ?? model;
      const chatFormat = chatFormatterFor(llamaCpp, chatTarget, (level, message) => this.deps.log(level, message));
      const format = detectFimFormat(vocabularyFromGguf(tokenizerMetadata(checked.fileInfo)));
      const notices: string[] = [];
      if (format.mode === 'prefixOnly') {
        notices.push(
          'This model has no fill-in-the-middle tokens, so Pipit can only continue the code before the cursor. ' +
            'A FIM code model (for example Qwen2.5-Coder base) gives better suggestions.',
        );
      }
      // Every family with a middle token is shown prefix-suffix-middle (the typed run after the middle token keeps
      // the cache); a family without one is suffix-first by design. Only the benchmark asks for another order.
      const order = params.order ?? (format.mode === 'fim' && format.format.tokens.middle === undefined ? 'spm' : 'psm');
      if (format.mode === 'fim' && params.order !== undefined && !format.format.trainedOrders.includes(order)) {
        this.deps.log('warn', `${format.format.displayName} was trained on ${format.format.trainedOrders.join('/')}, but ${order} was asked for`);
      }
      const info: ModelInfo = {
        modelPath: params.modelPath,
        architecture: checked.architecture,
        ...(format.mode === 'fim' ? { fimFamily: format.format.family } : {}),
        mode: format.mode,
        order,
        contextSize: context.contextSize,
        threads,
        gpu: llama.gpu,
        device,
        loadMs: Math.round(performance.now() - started),
        notices: [...notices, ...chatNotices],
        chatMode: chatFormat.mode,
        chatModel: basename(chatModel?.path ?? params.modelPath),
        ...(chatModel ? { chatModelPath: chatModel.path } : {}),
      };
      const session = new InfillSession(model, sequence, format, {
        order,
        tokenBias: () => new llamaCpp.TokenBias(model!.tokenizer),
        vocabularySize: tokenizerMetadata(checked.fileInfo).tokens?.length ?? 0,
      });
      // Token healing needs an index of the vocabulary (a few hundred ms for 150k tokens): part of loading, so every
      // request behaves the same from the first one on.
      await session.prepareHealing().catch((error: unknown) => this.deps.log('warn', `token healing is off: ${String(error)}`));
      const chat = new ChatSession(chatTarget, chatSequence, {
        modelName: info.chatModel,
        format: chatFormat,
        waitForCompletions: (signal) => this.priority.clear(signal),
      });
      const old = this.loaded;
      this.loaded = {
        llama,
        model,
        context,
        session,
        chat,
        ...(chatModel ? { chatModel: { model: chatModel.model, context: chatModel.context } } : {}),
        info,
        ramBytes: needRam,
      };
      if (old) await disposeLoaded(old);
      const on = device.backend === 'cpu' ? `CPU (${device.reason ?? 'no GPU'})` : `${device.gpu?.name ?? device.backend}, ${device.gpuLayers}/${device.totalLayers} layers`;
      this.deps.log('info', `loaded ${params.modelPath}: ${info.architecture}, ${info.mode} ${info.fimFamily ?? ''}, ctx ${info.contextSize}, ${threads} threads, on ${on}, chat ${info.chatModel} (${info.chatMode}), ${info.loadMs} ms`);
      return info;
    } catch (error) {
      if (chatModel) await disposeModel(chatModel);
      if (model && !model.disposed) await model.dispose();
      if (error instanceof EngineError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      if (device.backend !== 'cpu' && gpuFailure === undefined) {
        // A driver that cannot allocate or run what the estimate said fits: the CPU still can.
        const failure = `${BACKEND_NAMES[device.backend]} on ${device.gpu?.name ?? 'the GPU'} failed to load the model (${detail.split('\n')[0]})`;
        this.deps.log('warn', `${failure}; loading it on the CPU`);
        return this.load(params, failure);
      }
      throw new EngineError(
        'LOAD_FAILED',
        `The model ${params.modelPath} could not be loaded: ${detail}. Check the log; a different model file may work.`,
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await disposeLoaded(loaded);
  }

  async dispose(): Promise<void> {
    await this.unload();
    // Each build once: 'auto' on a machine without a GPU shares the CPU build with 'off'.
    const llamas = new Set<Llama>();
    for (const chosen of this.llamas.values()) {
      const llama = (await chosen.catch(() => undefined))?.llama;
      if (llama) llamas.add(llama);
    }
    const cpu = await this.cpuLlama?.catch(() => undefined);
    if (cpu) llamas.add(cpu);
    for (const llama of llamas) await llama.dispose();
    this.llamas.clear();
    this.cpuLlama = undefined;
  }

  /**
   * Chooses the device and checks the model on it. A model of which not one layer fits in the GPU's free memory goes
   * to the CPU build: a GPU build with no layers on the GPU still sends prompt work there, which can be far slower.
   */
  private async place(llamaCpp: LlamaCpp, params: LoadParams, contextSize: number, gpuFailure: string | undefined) {
    const chosen = await this.llama(llamaCpp, gpuFailure ? 'off' : (params.gpu ?? 'auto'));
    const check = async (llama: Llama) => {
      const system = await (this.deps.freeMemory ?? systemFreeMemory)(llama);
      const free: FreeMemory = {
        ramBytes: params.memory?.ramBytes ?? system.ramBytes,
        vramBytes: params.memory?.vramBytes ?? system.vramBytes,
      };
      // An override is the memory this model may have, whatever is loaded now; the system figure excludes the model
      // loaded now, which a successful load replaces.
      const previous = this.loaded;
      const reclaimable = previous && previous.llama === llama && params.memory?.ramBytes === undefined ? previous.ramBytes : 0;
      const checked = await preflightModel(
        params.modelPath,
        { contextSize, reclaimableRamBytes: reclaimable, ...(params.gpuLayers !== undefined ? { gpuLayers: params.gpuLayers } : {}) },
        { llamaCpp, llama, freeMemory: async () => free },
      );
      return { llama, free, reclaimable, checked };
    };
    let placed = await check(chosen.llama);
    const gpu = chosen.gpu && { ...chosen.gpu, vramFreeBytes: placed.free.vramBytes };
    let reason = gpuFailure ?? chosen.cpuReason;
    if (gpu && placed.checked.gpuLayers === 0) {
      reason =
        params.gpuLayers === 0
          ? 'pipit.gpuLayers is 0'
          : `${gpu.name} has too little free memory for even one layer of the model beside its context: ` +
            `${(gpu.vramFreeBytes / 1024 ** 3).toFixed(2)} GB free`;
      this.deps.log('info', `running on the CPU: ${reason}`);
      placed = await check(await this.cpu(llamaCpp));
    }
    const { gpuLayers, insights } = placed.checked;
    const device: DeviceInfo = {
      backend: gpu && gpuLayers > 0 ? gpu.backend : 'cpu',
      ...(gpu ? { gpu } : {}),
      gpuLayers,
      totalLayers: insights.totalLayers,
      ...(gpuLayers === 0 && reason ? { reason } : {}),
      ...(gpuLayers > 0 && gpuLayers < insights.totalLayers
        ? { reason: params.gpuLayers !== undefined ? `pipit.gpuLayers is ${params.gpuLayers}` : 'the GPU has free memory for only these layers and the context' }
        : {}),
    };
    return { ...placed, device };
  }

  /** Checks the chat model like the completion model; a problem becomes a notice (chat falls back), not an error. */
  private async preflightChatModel(
    path: string,
    requestedContext: number,
    reclaimableRamBytes: number,
    free: FreeMemory,
    completion: Preflight,
    deps: { llamaCpp: LlamaCpp; llama: Llama },
    notices: string[],
  ): Promise<Preflight | undefined> {
    try {
      return await preflightModel(
        path,
        // Only the chat model's own context: one sequence. Memory is what the completion model leaves.
        { contextSize: requestedContext, reclaimableRamBytes, sequences: 1 },
        {
          ...deps,
          freeMemory: async () => ({
            ramBytes: free.ramBytes - completion.ramBytes,
            vramBytes: Math.max(0, free.vramBytes - completion.vramBytes),
          }),
        },
      );
    } catch (error) {
      notices.push(chatFallbackNotice(path, error));
      this.deps.log('warn', `chat model ${path} not used: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Loads the chat model and its one-sequence context; undefined (and a notice) if that fails. */
  private async loadChatModel(
    llama: Llama,
    path: string,
    checked: Preflight,
    requestedContext: number,
    threads: number,
    notices: string[],
  ): Promise<ChatModelLoaded | undefined> {
    let model: LlamaModel | undefined;
    try {
      model = await llama.loadModel({ modelPath: path, gpuLayers: checked.gpuLayers });
      const contextSize = Math.min(requestedContext, checked.insights.trainContextSize ?? requestedContext);
      const context = await model.createContext({ contextSize, sequences: 1, threads });
      return { path, model, context };
    } catch (error) {
      if (model && !model.disposed) await model.dispose();
      notices.push(chatFallbackNotice(path, error));
      this.deps.log('warn', `chat model ${path} failed to load: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The build for `pipit.gpu`, chosen once per engine process (see deviceChoice.ts); every CPU choice shares one. */
  private llama(llamaCpp: LlamaCpp, gpu: 'auto' | 'off'): Promise<ChosenLlama> {
    let chosen = this.llamas.get(gpu);
    if (!chosen) {
      const deps = this.llamaDeps(llamaCpp);
      chosen = chooseLlama(gpu, { ...deps, getLlama: (type) => (type === false ? this.cpu(llamaCpp) : deps.getLlama(type)) });
      chosen.catch(() => this.llamas.delete(gpu));
      this.llamas.set(gpu, chosen);
    }
    return chosen;
  }

  private cpu(llamaCpp: LlamaCpp): Promise<Llama> {
    if (!this.cpuLlama) {
      const llama = this.llamaDeps(llamaCpp).getLlama(false);
      llama.catch(() => (this.cpuLlama = undefined));
      this.cpuLlama = llama;
    }
    return this.cpuLlama;
  }

  private llamaDeps(llamaCpp: LlamaCpp) {
    return this.deps.deviceDeps?.(llamaCpp) ?? llamaCppDeviceDeps(llamaCpp, (level, message) => this.deps.log(level, message));
  }
}

async function disposeLoaded(loaded: Loaded): Promise<void> {
  await loaded.session.stopWarming();
  await loaded.context.dispose();
  await loaded.model.dispose();
  if (loaded.chatModel) await disposeModel(loaded.chatModel);
}

async function disposeModel(loaded: { model: LlamaModel; context: LlamaContext }): Promise<void> {
  if (!loaded.context.disposed) await loaded.context.dispose();
  if (!loaded.model.disposed) await loaded.model.dispose();
}

function chatFallbackNotice(path: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `The chat model ${basename(path)} cannot be used, so Explain Selection uses the completion model instead. ${why}`;
}

function tokenizerMetadata(fileInfo: { metadata: unknown }): Parameters<typeof vocabularyFromGguf>[0] {
  const metadata = fileInfo.metadata as { tokenizer?: { ggml?: Parameters<typeof vocabularyFromGguf>[0] } };
  return metadata.tokenizer?.ggml ?? {};
}
