// The one place that loads node-llama-cpp. It is ESM-only and ships outside the bundle, so it is imported
// dynamically; its types come in with `resolution-mode: import`.
import type * as LlamaCppModule from 'node-llama-cpp' with { 'resolution-mode': 'import' };

export type LlamaCpp = typeof LlamaCppModule;
export type {
  ChatHistoryItem,
  GgufFileInfo,
  GgufInsights,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  LlamaText,
  LlamaTextJSON,
  Token,
  TokenBias,
  TokenPredictor,
} from 'node-llama-cpp' with { 'resolution-mode': 'import' };

let loading: Promise<LlamaCpp> | undefined;

export function loadLlamaCpp(): Promise<LlamaCpp> {
  loading ??= import('node-llama-cpp');
  return loading;
}
