// Which model the engine should run, from the environment and the (machine-scoped) settings.
import type { Settings } from './settings';
import { MODEL_PATH_ENV, resolveModelPath } from '../engine/resolveModelPath';
import type { LoadRequest } from '../engine/types';

/** Overrides `pipit.chatModelPath`, as PIPIT_MODEL_PATH overrides `pipit.modelPath`. */
export const CHAT_MODEL_PATH_ENV = 'PIPIT_CHAT_MODEL_PATH';

/** The variables that choose a model file: honoured only where the environment is the developer's own. */
export const MODEL_ENV_VARIABLES: readonly string[] = [MODEL_PATH_ENV, CHAT_MODEL_PATH_ENV];

/** VS Code's ExtensionMode, in words (this module does not import `vscode`). */
export type RunMode = 'production' | 'development' | 'test';

export interface ModelEnvironment {
  /** The environment with the model variables left in only where they are honoured. */
  env: NodeJS.ProcessEnv;
  /** Model variables that were set and ignored, to say so in the log. */
  ignored: string[];
}

/**
 * The extension host's environment comes from whoever started VS Code: with `code .` in a repository whose `.envrc`
 * (direnv) or `.env` tooling exports variables, the repository chooses it. A model path from there would hand
 * llama.cpp's GGUF parser a file of the repository's choosing, so these variables count only when the extension runs
 * from source (development: `npm start`, F5) or under its tests; an installed Pipit reads the model from the
 * user's settings alone.
 */
export function modelEnvironment(env: NodeJS.ProcessEnv, mode: RunMode): ModelEnvironment {
  if (mode !== 'production') return { env, ignored: [] };
  const ignored = MODEL_ENV_VARIABLES.filter((name) => env[name]?.trim());
  if (ignored.length === 0) return { env, ignored };
  const filtered = { ...env };
  for (const name of MODEL_ENV_VARIABLES) delete filtered[name];
  return { env: filtered, ignored };
}

/** The load request for these settings; `env` must come from `modelEnvironment` (there is no default on purpose). */
export function modelRequest(settings: Settings, env: NodeJS.ProcessEnv): LoadRequest | undefined {
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
