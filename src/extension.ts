// Entry point: builds the object graph once and hands every disposable to VS Code. Nothing heavy happens here:
// the model loads on the first request or on `Pipit: Load Model Now`.
import * as vscode from 'vscode';
import { ConfigurationService } from './vscode/ConfigurationService';
import { registerCommands } from './vscode/commands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Pipit', { log: true });
  context.subscriptions.push(log);
  const config = new ConfigurationService(log);
  context.subscriptions.push(config);
  context.subscriptions.push(...registerCommands({ config, log }));
  log.info(`Pipit ${context.extension.packageJSON.version as string} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
