// The model commands: Select Model, and the two the walkthrough's buttons run (download the recommended model,
// choose a local file). Each returns the model path it set, for tests and for other commands.
import * as vscode from 'vscode';
import { recommendModel } from '../../catalog/machineFit';
import { browseForModel, selectModel, useCatalogEntry, type ModelPicker, type SelectModelDeps } from './selectModel';

export const SELECT_MODEL_COMMAND = 'pipit.selectModel';
export const DOWNLOAD_RECOMMENDED_COMMAND = 'pipit.downloadRecommendedModel';
export const CHOOSE_LOCAL_MODEL_COMMAND = 'pipit.chooseLocalModel';

export function registerModelCommands(deps: SelectModelDeps): vscode.Disposable[] {
  return [
    // `pick` is for tests: they look at the items and choose one instead of a person.
    vscode.commands.registerCommand(SELECT_MODEL_COMMAND, (pick?: ModelPicker) => selectModel(deps, typeof pick === 'function' ? pick : undefined)),
    vscode.commands.registerCommand(DOWNLOAD_RECOMMENDED_COMMAND, () => useCatalogEntry(recommendModel(deps.machine()).entry, deps)),
    vscode.commands.registerCommand(CHOOSE_LOCAL_MODEL_COMMAND, () => browseForModel(deps)),
  ];
}
