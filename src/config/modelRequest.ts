// Which model the engine should run, from the environment and the (machine-scoped) settings.
import type { Settings } from './settings';
import { MODEL_PATH_ENV, resolveModelPath } from '../engine/resolveModelPath';
import type { LoadRequest } from '../engine/types';

/** Overrides `pipit.chatModelPath`, as PIPIT_MODEL_PATH overrides `pipit.modelPath`. */
export const CHAT_MODEL_PATH_ENV = 'PIPIT_CHAT_MODEL_PATH';

/** The variables that choose a model file: honoured only where the environment is the developer's own. */
const MODEL_ENV_VARIABLES: readonly string[] = [MODEL_PATH_ENV, CHAT_MODEL_PATH_ENV];

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

/** The context every model gets at least: room for an explanation and its follow-ups. */
export const MIN_CONTEXT_TOKENS = 4096;
/** What a completion prompt adds to its budgets: the FIM tokens, file headers and the repository name. */
const PROMPT_FRAMING_TOKENS = 256;
/** Contexts come in steps of this many tokens, so that nudging a budget does not reload the model each time. */
const CONTEXT_STEP = 1024;

/**
 * The context the budgets need: the largest prompt any folder's settings can build (code before and after the
 * cursor, other files' chunks) plus the answer. The engine sizes the model's context to it, within what memory allows,
 * and says so when it cannot.
 */
export function contextTokensFor(budgets: readonly Settings[]): number {
  const need = Math.max(
    0,
    ...budgets.map((each) => each.prefixTokens + each.suffixTokens + (each.extraContext ? each.extraContextTokens : 0) + each.maxTokens),
  );
  return Math.max(MIN_CONTEXT_TOKENS, Math.ceil((need + PROMPT_FRAMING_TOKENS) / CONTEXT_STEP) * CONTEXT_STEP);
}

/**
 * The load request for these settings; `env` must come from `modelEnvironment` (there is no default on purpose).
 * `budgets`: the settings of every folder a document may come from, whose budgets size the context.
 */
export function modelRequest(settings: Settings, env: NodeJS.ProcessEnv, budgets: readonly Settings[] = [settings]): LoadRequest | undefined {
  const modelPath = resolveModelPath(env, settings.modelPath);
  if (!modelPath) return undefined;
  const chatModelPath = env[CHAT_MODEL_PATH_ENV]?.trim() || settings.chatModelPath.trim();
  return {
    modelPath,
    gpu: settings.gpu,
    threads: settings.threads,
    ...(settings.gpuLayers >= 0 ? { gpuLayers: settings.gpuLayers } : {}),
    ...(chatModelPath ? { chatModelPath } : {}),
    contextSize: contextTokensFor(budgets),
  };
}
