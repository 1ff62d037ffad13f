// The built-in engine (node-llama-cpp in Pipit's child process) seen through the same interface as external servers.
import type { ChatEngine, CompletionEngine, EngineStatus } from '../engine/types';
import { modelDisplayName } from './modelHints';
import type { EngineCapabilities, EngineHealth, PipitEngine } from './types';

/** What the adapter needs of EngineClient. */
export interface BuiltinSource extends CompletionEngine, ChatEngine {
  readonly status: EngineStatus;
}

/**
 * `fileExists` is passed in: this module is on the completion path, which reads no file system (a remote window's
 * documents live on another machine); only Check Engines asks whether the model file is there.
 */
export function builtinEngine(source: BuiltinSource, modelPath: () => string | undefined, fileExists: (path: string) => Promise<boolean>): PipitEngine {
  return {
    kind: 'builtin',
    complete: (request, options) => source.complete(request, options),
    chat: (request, options) => source.chat(request, options),
    describe(): EngineCapabilities {
      return {
        kind: 'builtin',
        label: 'Built-in (node-llama-cpp)',
        leavesMachine: false,
        completionRoute: "in-process FIM with Pipit's prompt layout and KV reuse",
        chatRoute: "the model's chat template",
      };
    },
    async health(): Promise<EngineHealth> {
      const status = source.status;
      const path = status.model?.modelPath ?? modelPath();
      if (!path) return { ok: false, fim: false, detail: 'No model is set: run "Pipit: Select Model".' };
      const model = modelDisplayName(path);
      if (status.state === 'crashed' || (status.errorCode && status.state !== 'ready')) {
        return { ok: false, model, fim: false, detail: status.message ?? `The built-in engine failed (${status.errorCode}).` };
      }
      if (status.state !== 'ready' || !status.model) {
        // Whether it fills in the middle is in its vocabulary, which only loading reads.
        const found = await fileExists(path);
        if (!found) return { ok: false, model, fim: false, detail: `The model file ${path} does not exist: run "Pipit: Select Model" or correct pipit.modelPath.` };
        return {
          ok: true,
          model,
          fim: undefined,
          detail: `${model} has not loaded yet, so whether it can fill in the middle is not known: it loads on the next suggestion, or run "Pipit: Load Model Now".`,
        };
      }
      const fim = status.model.mode === 'fim';
      return {
        ok: true,
        model,
        fim,
        detail: fim
          ? `Ready: ${model} (${status.model.fimFamily ?? 'FIM'}, ${status.model.order.toUpperCase()} order).`
          : `Ready: ${model}, but it has no FIM tokens: suggestions ignore the code after the cursor.`,
      };
    },
  };
}
