// One CPU-only Llama for every model test in this folder (creating one costs a second and loads native code).
import type { Llama } from 'node-llama-cpp' with { 'resolution-mode': 'import' };

let llama: Promise<Llama> | undefined;

export function sharedLlama(): Promise<Llama> {
  llama ??= import('node-llama-cpp').then(({ getLlama, LlamaLogLevel }) => getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: LlamaLogLevel.error }));
  return llama;
}
