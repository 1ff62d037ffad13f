// Where chats run. A separately configured chat model (for a base-only completion model) is checked and loaded beside
// the completion model on its own one-sequence context; a chat model that cannot be used is a notice, not a failed
// load: chat then runs on the completion model, in a context created when Explain is used.
import { basename } from 'node:path';
import { EngineError } from '../engineErrors';
import type { Llama, LlamaContext, LlamaCpp, LlamaModel } from './llamaCpp';
import { preflightModel, type FreeMemory, type Preflight } from './preflight';

export interface ChatModelLoaded {
  path: string;
  model: LlamaModel;
  context: LlamaContext;
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** Checks the chat model like the completion model; a problem becomes a notice (chat falls back), not an error. */
export async function preflightChatModel(input: {
  path: string;
  requestedContext: number;
  reclaimable: number;
  free: FreeMemory;
  completion: Preflight;
  llamaCpp: LlamaCpp;
  llama: Llama;
  notices: string[];
  log: Log;
}): Promise<Preflight | undefined> {
  const { path, free, completion } = input;
  try {
    return await preflightModel(
      path,
      // Only the chat model's own context: one sequence. Memory is what the completion model leaves.
      { contextSize: input.requestedContext, reclaimableRamBytes: input.reclaimable, sequences: 1 },
      {
        llamaCpp: input.llamaCpp,
        llama: input.llama,
        freeMemory: async () => ({
          ramBytes: free.ramBytes - completion.ramBytes,
          vramBytes: Math.max(0, free.vramBytes - completion.vramBytes),
        }),
      },
    );
  } catch (error) {
    input.notices.push(chatFallbackNotice(path, error));
    input.log('warn', `chat model ${path} not used: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Loads the chat model and its one-sequence context; undefined (and a notice) if that fails. */
export async function loadChatModel(input: {
  llama: Llama;
  path: string;
  checked: Preflight;
  requestedContext: number;
  threads: number;
  notices: string[];
  log: Log;
}): Promise<ChatModelLoaded | undefined> {
  const { path, checked, requestedContext } = input;
  let model: LlamaModel | undefined;
  try {
    model = await input.llama.loadModel({ modelPath: path, gpuLayers: checked.gpuLayers });
    const contextSize = Math.min(requestedContext, checked.insights.trainContextSize ?? requestedContext);
    const context = await model.createContext({ contextSize, sequences: 1, threads: input.threads });
    return { path, model, context };
  } catch (error) {
    if (model && !model.disposed) await model.dispose();
    input.notices.push(chatFallbackNotice(path, error));
    input.log('warn', `chat model ${path} failed to load: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return undefined;
  }
}

export async function disposeModel(loaded: { model: LlamaModel; context: LlamaContext }): Promise<void> {
  if (!loaded.context.disposed) await loaded.context.dispose();
  if (!loaded.model.disposed) await loaded.model.dispose();
}

/** The chat's own context on the completion model; memory for it was checked at load (see Placement). */
export async function createChatContext(model: LlamaModel, contextSize: number, threads: number): Promise<LlamaContext> {
  try {
    return await model.createContext({ contextSize, sequences: 1, threads });
  } catch (error) {
    throw new EngineError(
      'NOT_ENOUGH_MEMORY',
      `Explain needs memory for a context of ${contextSize} tokens beside the completion model, and it could not be had ` +
        `(${error instanceof Error ? error.message : String(error)}). Close other programs, or lower the context budgets, and explain again.`,
    );
  }
}

function chatFallbackNotice(path: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `The chat model ${basename(path)} cannot be used, so Explain Selection uses the completion model instead. ${why}`;
}
