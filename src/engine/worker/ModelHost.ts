// Owns the loaded model in the engine process: preflight, load, the completion context (one sequence, drafting from
// the prompt unless turned off), the chat's own context (created when Explain is used and let go after a quiet time,
// so an explanation never disturbs the completion cache and costs no memory until used), the FIM format detected from
// the vocabulary, the chat format, and unload. With a separately configured chat model (for a base-only completion
// model), that model gets its own one-sequence context and answers chats; a chat model that cannot be used is a
// notice, not a failed load: chat then runs on the completion model. A load that fails leaves the model loaded before
// it in place. The model runs on a GPU when one works and as many of its layers fit as leave room for the context;
// otherwise (or when the GPU fails to load it) on the CPU, and the device info says why.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { resolveThreads } from '../defaultThreads';
import { EngineError } from '../engineErrors';
import { detectFimFormat, vocabularyFromGguf } from '../fimDetect';
import type { ChatParams, LoadParams } from '../protocol';
import type { ChatResult, CompletionResult, InfillRequest, ModelInfo } from '../types';
import { chatFormatterFor } from './chatFormat';
import { ChatSession } from './ChatSession';
import { createChatContext, disposeModel, loadChatModel, preflightChatModel, type ChatModelLoaded } from './chatModel';
import { BACKEND_NAMES, type DeviceChoiceDeps } from './deviceChoice';
import { InfillSession } from './InfillSession';
import type { Llama, LlamaContext, LlamaCpp, LlamaModel } from './llamaCpp';
import { fixedSequence, OnDemandSequence, type SequenceSource } from './OnDemandSequence';
import { Placement } from './Placement';
import type { FreeMemory } from './preflight';
import { PriorityGate } from './PriorityGate';
import { createPromptLookup } from './promptLookup';

const DEFAULT_CONTEXT_SIZE = 4096;
/**
 * How long the chat's context outlives the last explanation: a follow-up question within this time reuses the cached
 * conversation; after it, the context's memory goes back to the system.
 */
const CHAT_IDLE_MS = 3 * 60_000;

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
  /** How long the chat's context stays after the last explanation (default CHAT_IDLE_MS). */
  chatIdleMs?: number;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  session: InfillSession;
  chat: ChatSession;
  /** Where the chat's sequence comes from (disposed with the model). */
  chatSequences: SequenceSource;
  /** The separately configured chat model and its context, when one is loaded. */
  chatModel?: { model: LlamaModel; context: LlamaContext };
  info: ModelInfo;
  /** Estimated memory of everything above (both models when there are two). */
  ramBytes: number;
}

export class ModelHost {
  private loaded: Loaded | undefined;
  private readonly placement: Placement;
  private readonly priority: PriorityGate;

  constructor(private readonly deps: ModelHostDeps) {
    this.priority = deps.priority ?? new PriorityGate();
    this.placement = new Placement(deps);
  }

  get info(): ModelInfo | undefined {
    return this.loaded?.info;
  }

  /** The loaded model's infill session (tests inspect its prompt layout). */
  get session(): InfillSession | undefined {
    return this.loaded?.session;
  }

  /** The loaded model's chat session (tests inspect the prompt it fits to the context). */
  get chatSession(): ChatSession | undefined {
    return this.loaded?.chat;
  }

  /** Where chats get their sequence (tests check that its context exists only while Explain is used). */
  get chatSequences(): SequenceSource | undefined {
    return this.loaded?.chatSequences;
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
    const previous = this.loaded;
    const { llama, free, reclaimable, checked, device, requestedContext, contextNotices } = await this.placeWithContext(llamaCpp, params, gpuFailure);
    const contextSize = Math.min(requestedContext, checked.insights.trainContextSize ?? requestedContext);
    // Only budgets above the default can be cut by the model's training context: say so when they are.
    if (contextSize < requestedContext && requestedContext > DEFAULT_CONTEXT_SIZE) contextNotices.push(contextCutNotice(params.contextSize ?? requestedContext, contextSize, `${basename(params.modelPath)} was trained on ${contextSize} tokens`));
    const chatNotices: string[] = [...contextNotices];
    // The completion model was checked with room for a chat sequence too, so falling back to it for chat always fits.
    const chatChecked = params.chatModelPath
      ? await preflightChatModel({ path: params.chatModelPath, requestedContext, reclaimable, free, completion: checked, llamaCpp, llama, notices: chatNotices, log: this.deps.log })
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
        chatModel = await loadChatModel({ llama, path: params.chatModelPath, checked: chatChecked, requestedContext, threads, notices: chatNotices, log: this.deps.log });
      }
      // Each sequence gets its own `contextSize` of cache cells: the completion context has one, and the chat gets a
      // context of its own only while Explain is used (the weights are shared, mapped once).
      const context = await model.createContext({ contextSize, sequences: 1, threads });
      const lookup = params.promptLookup ? createPromptLookup(llamaCpp) : undefined;
      const sequence = context.getSequence(lookup ? { tokenPredictor: lookup.predictor } : {});
      const loadedModel = model;
      const chatSequences: SequenceSource = chatModel
        ? fixedSequence(chatModel.context.getSequence())
        : new OnDemandSequence(
            context.contextSize,
            () => createChatContext(loadedModel, context.contextSize, threads),
            this.deps.chatIdleMs ?? CHAT_IDLE_MS,
            () => this.deps.log('debug', 'the chat context was idle: released'),
          );
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
        ...(lookup ? { lookup } : {}),
      });
      // Token healing needs an index of the vocabulary (a few hundred ms for 150k tokens): part of loading, so every
      // request behaves the same from the first one on.
      await session.prepareHealing().catch((error: unknown) => this.deps.log('warn', `token healing is off: ${String(error)}`));
      const chat = new ChatSession(chatTarget, chatSequences, {
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
        chatSequences,
        ...(chatModel ? { chatModel: { model: chatModel.model, context: chatModel.context } } : {}),
        info,
        ramBytes: needRam,
      };
      if (old) await disposeLoaded(old);
      const on = device.backend === 'cpu' ? `CPU (${device.reason ?? 'no GPU'})` : `${device.gpu?.name ?? device.backend}, ${device.gpuLayers}/${device.totalLayers} layers`;
      this.deps.log('info', `loaded ${params.modelPath}: ${info.architecture}, ${info.mode} ${info.fimFamily ?? ''}, ctx ${info.contextSize}, ${threads} threads, prompt lookup ${lookup ? 'on' : 'off'}, on ${on}, chat ${info.chatModel} (${info.chatMode}), ${info.loadMs} ms`);
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

  /**
   * Places the model with the context its budgets ask for (`params.contextSize`, from the settings). A context larger
   * than the default that memory cannot hold is halved until it fits, down to the default, and the notice says so:
   * a budget is honoured or the user is told it was not, never cut silently.
   */
  private async placeWithContext(llamaCpp: LlamaCpp, params: LoadParams, gpuFailure: string | undefined) {
    const wanted = params.contextSize ?? DEFAULT_CONTEXT_SIZE;
    let requestedContext = wanted;
    for (;;) {
      try {
        const placed = await this.placement.place(llamaCpp, params, requestedContext, gpuFailure, this.loaded);
        const contextNotices = requestedContext < wanted ? [contextCutNotice(wanted, requestedContext, 'the free memory holds no more beside the model')] : [];
        return { ...placed, requestedContext, contextNotices };
      } catch (error) {
        if (!(error instanceof EngineError) || error.code !== 'NOT_ENOUGH_MEMORY' || requestedContext <= DEFAULT_CONTEXT_SIZE) throw error;
        requestedContext = Math.max(DEFAULT_CONTEXT_SIZE, Math.floor(requestedContext / 2 / 1024) * 1024);
        this.deps.log('info', `a context of ${wanted} tokens does not fit in memory; trying ${requestedContext}`);
      }
    }
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await disposeLoaded(loaded);
  }

  async dispose(): Promise<void> {
    await this.unload();
    await this.placement.dispose();
  }
}

async function disposeLoaded(loaded: Loaded): Promise<void> {
  await loaded.session.stopWarming();
  await loaded.chatSequences.dispose();
  await loaded.context.dispose();
  await loaded.model.dispose();
  if (loaded.chatModel) await disposeModel(loaded.chatModel);
}

function contextCutNotice(wanted: number, got: number, why: string): string {
  return (
    `The context budgets (pipit.context.prefixTokens, suffixTokens, extraFilesTokens and pipit.maxTokens) need ${wanted} ` +
    `tokens, but ${why}: prompts are cut to ${got} tokens. Lower the budgets to stop this notice.`
  );
}

function tokenizerMetadata(fileInfo: { metadata: unknown }): Parameters<typeof vocabularyFromGguf>[0] {
  const metadata = fileInfo.metadata as { tokenizer?: { ggml?: Parameters<typeof vocabularyFromGguf>[0] } };
  return metadata.tokenizer?.ggml ?? {};
}
