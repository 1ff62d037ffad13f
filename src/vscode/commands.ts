// Command handlers: thin translations from the palette to the services that do the work.
import * as vscode from 'vscode';
import type { ConfigurationService } from './ConfigurationService';

export interface CommandDeps {
  config: ConfigurationService;
  log: vscode.LogOutputChannel;
}

export function registerCommands({ config, log }: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pipit.showLog', () => log.show(true)),
    vscode.commands.registerCommand('pipit.toggleEnabled', async () => {
      const enable = !config.settings.enable;
      await vscode.workspace.getConfiguration('pipit').update('enable', enable, vscode.ConfigurationTarget.Global);
      void vscode.window.setStatusBarMessage(`Pipit inline suggestions ${enable ? 'enabled' : 'disabled'}`, 3000);
      return enable;
    }),
    vscode.commands.registerCommand('pipit.loadModel', () => {
      void vscode.window.showInformationMessage('Pipit: the local engine is not available yet in this build.');
    }),
    vscode.commands.registerCommand('pipit.restartEngine', () => {
      void vscode.window.showInformationMessage('Pipit: the local engine is not available yet in this build.');
    }),
  ];
}
