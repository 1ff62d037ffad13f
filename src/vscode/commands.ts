// Command handlers: thin translations from the palette and the status bar menu to the services that do the work.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { EngineClient } from '../engine/EngineClient';
import type { Snooze } from '../status/Snooze';
import type { ConfigurationService } from './ConfigurationService';
import { STATUS_MENU_COMMAND, type StatusBar } from './StatusBar';

const DISABLE_FILE_COMMAND = 'pipit.disableForFile';

export interface CommandDeps {
  config: ConfigurationService;
  log: vscode.LogOutputChannel;
  engine: EngineClient;
  snooze: Snooze;
  status: StatusBar;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { config, log, engine, snooze, status } = deps;
  const setEnabled = async (enable: boolean) => {
    await vscode.workspace.getConfiguration('pipit').update('enable', enable, vscode.ConfigurationTarget.Global);
    status.render();
  };
  const snoozeFor = (minutes: number | 'restart') => {
    if (minutes === 'restart') snooze.untilRestart();
    else snooze.forMinutes(minutes);
    status.render();
  };
  return [
    vscode.commands.registerCommand('pipit.showLog', () => log.show(true)),
    vscode.commands.registerCommand('pipit.toggleEnabled', async () => {
      const enable = !config.settings.enable;
      await setEnabled(enable);
      return enable;
    }),
    vscode.commands.registerCommand('pipit.snooze', async (minutes?: number | 'restart') => {
      if (minutes !== undefined) return snoozeFor(minutes);
      const picked = await vscode.window.showQuickPick(
        [
          { label: '5 minutes', value: 5 },
          { label: '15 minutes', value: 15 },
          { label: '60 minutes', value: 60 },
          { label: 'Until VS Code restarts', value: 'restart' as const },
        ],
        { title: 'Snooze Pipit suggestions' },
      );
      if (picked) snoozeFor(picked.value);
    }),
    vscode.commands.registerCommand('pipit.resume', () => {
      snooze.resume();
      status.render();
    }),
    vscode.commands.registerCommand('pipit.loadModel', async () => {
      try {
        const info = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Pipit: loading the model…' },
          () => engine.load(),
        );
        void vscode.window.showInformationMessage(`Pipit: ${basename(info.modelPath)} is ready (${Math.round(info.loadMs)} ms).`);
        return info;
      } catch (error) {
        // The engine's status event already told the user what went wrong and what to do.
        log.error(`load failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('pipit.restartEngine', () => engine.restart()),
    vscode.commands.registerCommand(DISABLE_FILE_COMMAND, async (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target) await disableFile(target);
    }),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, async () => {
      const document = vscode.window.activeTextEditor?.document;
      const languageId = document?.languageId;
      const items: (vscode.QuickPickItem & { run: () => unknown })[] = [
        config.settings.enable
          ? { label: '$(circle-slash) Disable inline suggestions', run: () => setEnabled(false) }
          : { label: '$(check) Enable inline suggestions', run: () => setEnabled(true) },
        snooze.snoozedUntil
          ? { label: '$(bell) Resume suggestions', run: () => vscode.commands.executeCommand('pipit.resume') }
          : { label: '$(bell-slash) Snooze…', run: () => vscode.commands.executeCommand('pipit.snooze') },
        ...(languageId
          ? [{ label: `$(symbol-file) Disable for ${languageId}`, run: () => disableLanguage(languageId) }]
          : []),
        ...(document ? [{ label: '$(eye-closed) Disable for this file', run: () => disableFile(document.uri) }] : []),
        { label: '$(library) Select model…', run: () => vscode.commands.executeCommand('pipit.selectModel') },
        { label: '$(sync) Load model now', run: () => vscode.commands.executeCommand('pipit.loadModel') },
        { label: '$(debug-restart) Restart engine', run: () => engine.restart() },
        { label: '$(output) Show log', run: () => log.show(true) },
        { label: '$(graph) Show stats', run: () => vscode.commands.executeCommand('pipit.showStats') },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: 'Pipit' });
      await picked?.run();
    }),
  ];
}

async function disableLanguage(languageId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('pipit');
  // The user's own map, not the merged one: a workspace's entries must not be copied into the user's settings.
  const languages = { ...(config.inspect<Record<string, boolean>>('languages')?.globalValue ?? {}), [languageId]: false };
  await config.update('languages', languages, vscode.ConfigurationTarget.Global);
}

/**
 * Adds the file to `pipit.exclude` of its workspace folder (or the user's settings for a file outside any folder),
 * where the settings reader finds it for that file: the folder's own value, in a multi-root workspace too.
 */
async function disableFile(uri: vscode.Uri): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const config = vscode.workspace.getConfiguration('pipit', folder?.uri ?? uri);
  const pattern = vscode.workspace.asRelativePath(uri, false);
  const inspected = config.inspect<string[]>('exclude');
  // Only the target's own list is extended (in a single-folder workspace the folder's settings are the workspace's).
  const folderValue = inspected?.workspaceFolderValue ?? (vscode.workspace.workspaceFile ? undefined : inspected?.workspaceValue);
  const current = (folder ? folderValue : inspected?.globalValue) ?? [];
  if (current.includes(pattern)) return;
  await config.update('exclude', [...current, pattern], folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global);
}
