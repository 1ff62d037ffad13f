// Stats wiring: the store (restored from globalState, saved back at most every 30 s and on shutdown), the
// `pipit.accepted` command that inline items run when accepted, and `Pipit: Show Stats`.
import * as vscode from 'vscode';
import type { IDisposable } from '../../common/lifecycle';
import { StatsStore } from '../../stats/StatsStore';
import { StatsPanel } from './StatsPanel';

export const SHOW_STATS_COMMAND = 'pipit.showStats';
export const ACCEPTED_COMMAND = 'pipit.accepted';
const STATE_KEY = 'pipit.stats';
const SAVE_EVERY_MS = 30_000;

/** What the provider attaches to every InlineCompletionItem: VS Code runs it when the item is accepted whole. */
export const ACCEPTED_ITEM_COMMAND: vscode.Command = { command: ACCEPTED_COMMAND, title: 'Pipit: suggestion accepted' };

export interface StatsWiring {
  store: StatsStore;
  disposables: IDisposable[];
}

export function registerStats(
  context: vscode.ExtensionContext,
  adaptNote: () => string | undefined,
  onAccepted: () => void = () => undefined,
): StatsWiring {
  const store = new StatsStore(context.globalState.get(STATE_KEY));
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    saveTimer = undefined;
    void context.globalState.update(STATE_KEY, store.toJSON());
  };
  const changes = store.onDidChange(() => {
    saveTimer ??= setTimeout(save, SAVE_EVERY_MS);
  });
  const panel = new StatsPanel(context.extensionUri, store, adaptNote);
  return {
    store,
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
          if (saveTimer) clearTimeout(saveTimer);
          save();
          store.dispose();
        },
      },
    ],
  };
}
