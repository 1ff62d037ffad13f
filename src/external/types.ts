// The one engine interface Pipit routes between: the built-in node-llama-cpp engine and external servers (llama-server,
// Ollama, OpenAI-compatible) all complete, chat, report their health and describe what they can do. The pipeline,
// Explain, the cache and the filters see only `CompletionEngine`/`ChatEngine`, whichever engine runs.
import type { ChatEngine, CompletionEngine } from '../engine/types';

export type EngineKind = 'builtin' | 'llamaServer' | 'ollama' | 'openai';

export const ENGINE_KINDS: readonly EngineKind[] = ['builtin', 'llamaServer', 'ollama', 'openai'];

export const ENGINE_LABELS: Readonly<Record<EngineKind, string>> = {
  builtin: 'Built-in (node-llama-cpp)',
  llamaServer: 'llama-server',
  ollama: 'Ollama',
  openai: 'OpenAI-compatible server',
};

export interface EngineHealth {
  ok: boolean;
  /** The model the engine serves, as the user would recognise it. */
  model?: string;
  /**
   * Whether it can fill in the middle (code after the cursor is used), as measured: from the model's vocabulary or a
   * probe of the server. Undefined when it could not be measured yet (the built-in model has not loaded).
   */
  fim: boolean | undefined;
  /** One or two sentences for the Check Engines report: what was found, or what is wrong and what to do. */
  detail: string;
}

export interface EngineCapabilities {
  kind: EngineKind;
  label: string;
  /** Endpoint without credentials; undefined for the built-in engine. */
  endpoint?: string;
  /** False when the engine runs on this machine (built-in, or a server on a loopback address). */
  leavesMachine: boolean;
  /** How completion prompts are sent, for the report ("/infill", "/api/generate with suffix", ...). */
  completionRoute: string;
  chatRoute: string;
}

export interface PipitEngine extends CompletionEngine, ChatEngine {
  readonly kind: EngineKind;
  health(signal?: AbortSignal): Promise<EngineHealth>;
  describe(): EngineCapabilities;
}
