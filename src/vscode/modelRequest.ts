// Which model the engine should run, from the environment and the (machine-scoped) settings.
import type { Settings } from '../config/settings';
import { resolveModelPath } from '../engine/resolveModelPath';
import type { LoadRequest } from '../engine/types';

export function modelRequest(settings: Settings, env: NodeJS.ProcessEnv = process.env): LoadRequest | undefined {
  const modelPath = resolveModelPath(env, settings.modelPath);
  return modelPath ? { modelPath, gpu: settings.gpu, threads: settings.threads } : undefined;
}
