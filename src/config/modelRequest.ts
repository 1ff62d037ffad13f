// Which model the engine should run, from the environment and the (machine-scoped) settings.
import type { Settings } from './settings';
import { resolveModelPath } from '../engine/resolveModelPath';
import type { LoadRequest } from '../engine/types';

/** Overrides `pipit.chatModelPath`, as PIPIT_MODEL_PATH overrides `pipit.modelPath`. */
export const CHAT_MODEL_PATH_ENV = 'PIPIT_CHAT_MODEL_PATH';

export function modelRequest(settings: Settings, env: NodeJS.ProcessEnv = process.env): LoadRequest | undefined {
  const modelPath = resolveModelPath(env, settings.modelPath);
  if (!modelPath) return undefined;
  const chatModelPath = env[CHAT_MODEL_PATH_ENV]?.trim() || settings.chatModelPath.trim();
  return {
    modelPath,
    gpu: settings.gpu,
    threads: settings.threads,
    ...(settings.gpuLayers >= 0 ? { gpuLayers: settings.gpuLayers } : {}),
    ...(chatModelPath ? { chatModelPath } : {}),
  };
}
