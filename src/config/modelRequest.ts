// Which model the engine should run, from the environment and the (machine-scoped) settings.
import type { Settings } from './settings';
import { resolveModelPath } from '../engine/resolveModelPath';
import type { LoadRequest } from '../engine/types';

export function modelRequest(settings: Settings, env: NodeJS.ProcessEnv = process.env): LoadRequest | undefined {
  const modelPath = resolveModelPath(env, settings.modelPath);
  if (!modelPath) return undefined;
  return { modelPath, gpu: settings.gpu, threads: settings.threads, ...(settings.gpuLayers >= 0 ? { gpuLayers: settings.gpuLayers } : {}) };
}
