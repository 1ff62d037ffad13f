// Choosing a model writes `pipit.modelPath` to the user's settings on this machine, never to a workspace: which
// model runs is the machine owner's choice (the setting is machine-scoped for the same reason).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { MODEL_PATH_ENV } from '../../engine/resolveModelPath';

export async function setModelPath(path: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await vscode.workspace.getConfiguration('pipit').update('modelPath', path, vscode.ConfigurationTarget.Global);
  if (env[MODEL_PATH_ENV]?.trim()) {
    void vscode.window.showWarningMessage(
      `Pipit: saved ${basename(path)} as your model, but ${MODEL_PATH_ENV} is set in the environment and takes precedence until it is removed.`,
    );
  }
}
