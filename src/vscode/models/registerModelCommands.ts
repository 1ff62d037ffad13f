// The model commands: Select Model, and the two the walkthrough's buttons run (download the recommended model,
// choose a local file). Each returns the model path it set, for tests and for other commands.
import * as vscode from 'vscode';
import { recommendModel } from '../../catalog/machineFit';
import { browseForModel, selectModel, type ModelCommandSeams, type SelectModelDeps } from './selectModel';
import { useCatalogEntry } from './useCatalogEntry';

const SELECT_MODEL_COMMAND = 'pipit.selectModel';
const DOWNLOAD_RECOMMENDED_COMMAND = 'pipit.downloadRecommendedModel';
const CHOOSE_LOCAL_MODEL_COMMAND = 'pipit.chooseLocalModel';

export function registerModelCommands(deps: SelectModelDeps): vscode.Disposable[] {
  return [
    // The argument is for tests: `pick` looks at the items and chooses one instead of a person, `ui` answers the
    // dialogs. From the command palette it is undefined.
    vscode.commands.registerCommand(SELECT_MODEL_COMMAND, (seams?: ModelCommandSeams | null) => {
      const { pick, ui } = seams ?? {};
      // Only code in this extension host can pass functions (a command link's JSON cannot).
      const answers = typeof ui?.confirm === 'function' && typeof ui.tell === 'function' ? ui : undefined;
      return selectModel(answers ? { ...deps, ui: answers } : deps, typeof pick === 'function' ? pick : undefined);
    }),
    vscode.commands.registerCommand(DOWNLOAD_RECOMMENDED_COMMAND, () => useCatalogEntry(recommendModel(deps.machine()).entry, deps)),
    vscode.commands.registerCommand(CHOOSE_LOCAL_MODEL_COMMAND, () => browseForModel(deps)),
  ];
}
