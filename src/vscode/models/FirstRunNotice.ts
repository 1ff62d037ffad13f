// The one-time welcome: when no model is configured, offer to download the recommended one (after the usual
// consent dialog), to pick a local GGUF file, or to open the settings. It never downloads anything by itself.
import * as vscode from 'vscode';
import { entryTitle, formatBytes } from '../../catalog/catalog';
import { recommendModel } from '../../catalog/machineFit';
import { browseForModel, type SelectModelDeps } from './selectModel';
import { useCatalogEntry } from './useCatalogEntry';

export const FIRST_RUN_KEY = 'pipit.firstRunNoticeShown';

export type NoticeShower = (message: string, ...actions: string[]) => Thenable<string | undefined>;

export interface FirstRunDeps extends SelectModelDeps {
  state: vscode.Memento;
  /** Whether a model is configured (setting or PIPIT_MODEL_PATH). */
  hasModel: () => boolean;
  show?: NoticeShower;
}

/** Shows the notice if it was never shown and no model is set; resolves when the user has answered or dismissed it. */
export async function showFirstRunNotice(deps: FirstRunDeps): Promise<'shown' | 'skipped'> {
  if (deps.state.get<boolean>(FIRST_RUN_KEY) || deps.hasModel()) return 'skipped';
  await deps.state.update(FIRST_RUN_KEY, true);
  const { entry, reason } = recommendModel(deps.machine());
  const download = `Download ${entry.label}`;
  const local = 'Choose Local GGUF…';
  const settings = 'Open Settings';
  const show = deps.show ?? ((message, ...actions) => vscode.window.showInformationMessage(message, ...actions));
  const choice = await show(
    `Pipit needs a code model for inline suggestions. ${reason} ${entryTitle(entry)} is a ${formatBytes(entry.sizeBytes)} download (you confirm before it starts).`,
    download,
    local,
    settings,
  );
  if (choice === download) await useCatalogEntry(entry, deps);
  else if (choice === local) await browseForModel(deps);
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'pipit.modelPath');
  return 'shown';
}
