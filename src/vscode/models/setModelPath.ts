// Choosing a model writes `pipit.modelPath` (or `pipit.chatModelPath`) to the user's settings on this machine, never
// to a workspace: which model runs is the machine owner's choice (the settings are machine-scoped for the same reason).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CHAT_MODEL_PATH_ENV } from '../../config/modelRequest';
import { MODEL_PATH_ENV } from '../../engine/resolveModelPath';

const OVERRIDES = { modelPath: MODEL_PATH_ENV, chatModelPath: CHAT_MODEL_PATH_ENV } as const;

export async function setModelPath(path: string, env: NodeJS.ProcessEnv = process.env, setting: keyof typeof OVERRIDES = 'modelPath'): Promise<void> {
  await vscode.workspace.getConfiguration('pipit').update(setting, path, vscode.ConfigurationTarget.Global);
  const variable = OVERRIDES[setting];
  if (env[variable]?.trim()) {
    void vscode.window.showWarningMessage(
      `Pipit: saved ${basename(path)} as your ${setting === 'modelPath' ? 'model' : 'Explain model'}, but ${variable} is set in the environment and takes precedence until it is removed.`,
    );
  }
}
