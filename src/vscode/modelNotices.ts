// Tells the user, once per model and problem, what the engine could not do and what to do about it.
import * as vscode from 'vscode';
import type { EngineStatus } from '../engine/types';

export class ModelNotices {
  private readonly said = new Set<string>();

  onEngineStatus(status: EngineStatus): void {
    const model = status.model;
    if (status.errorCode && status.errorCode !== 'ENGINE_DISPOSED' && status.message) {
      this.once(`${status.errorCode}:${status.message}`, () => this.showError(status.message!));
    }
    for (const notice of model?.notices ?? []) {
      this.once(`${model!.modelPath}:${notice}`, () => void vscode.window.showInformationMessage(`Pipit: ${notice}`));
    }
  }

  private once(key: string, show: () => void): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    show();
  }

  private showError(message: string): void {
    void vscode.window.showErrorMessage(`Pipit: ${message}`, 'Open Settings', 'Show Log').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'pipit.modelPath');
      if (choice === 'Show Log') void vscode.commands.executeCommand('pipit.showLog');
    });
  }
}
