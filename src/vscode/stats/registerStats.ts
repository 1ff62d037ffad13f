// Stats wiring: the store (restored from globalState, saved back at most every 30 s and when the extension is
// deactivated), the `pipit.accepted` command that inline items run when accepted, and `Pipit: Show Stats`.
import * as vscode from 'vscode';
import type { IDisposable } from '../../common/lifecycle';
import { StatsStore } from '../../stats/StatsStore';
import { StatsPanel } from './StatsPanel';

const SHOW_STATS_COMMAND = 'pipit.showStats';
const ACCEPTED_COMMAND = 'pipit.accepted';
const STATE_KEY = 'pipit.stats';
const SAVE_EVERY_MS = 30_000;

/** What the provider attaches to every InlineCompletionItem: VS Code runs it when the item is accepted whole. */
export const ACCEPTED_ITEM_COMMAND: vscode.Command = { command: ACCEPTED_COMMAND, title: 'Pipit: suggestion accepted' };

export interface StatsWiring {
  store: StatsStore;
  disposables: IDisposable[];
  /** Writes what changed since the last save; deactivate() returns this promise so VS Code waits for it. */
  save(): Thenable<void>;
}

export function registerStats(
  context: vscode.ExtensionContext,
  adaptNote: () => string | undefined,
  onAccepted: () => void = () => undefined,
): StatsWiring {
  const store = new StatsStore(context.globalState.get(STATE_KEY));
  let saveTimer: NodeJS.Timeout | undefined;
  let unsaved = false;
  const save = (): Thenable<void> => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!unsaved) return Promise.resolve();
    unsaved = false;
    return context.globalState.update(STATE_KEY, store.toJSON()).then(undefined, (error: unknown) => {
      unsaved = true;
      throw error;
    });
  };
  // A periodic save that fails is tried again by the next one; nothing else waits for it.
  const saveLater = () => save().then(undefined, () => undefined);
  const changes = store.onDidChange(() => {
    unsaved = true;
    saveTimer ??= setTimeout(saveLater, SAVE_EVERY_MS);
  });
  const panel = new StatsPanel(context.extensionUri, store, adaptNote);
  return {
    store,
    save,
    disposables: [
      vscode.commands.registerCommand(ACCEPTED_COMMAND, () => {
        store.accepted();
        onAccepted();
      }),
      vscode.commands.registerCommand(SHOW_STATS_COMMAND, () => panel.show()),
      panel,
      changes,
      {
        dispose: () => {
          // deactivate() saved and waited; this only catches a disposal without it.
          saveLater();
          store.dispose();
        },
      },
    ],
  };
}
