// `Pipit: Show Stats`: one webview panel drawing the StatsStore's summary, refreshed while it is open.
import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../../common/lifecycle';
import { renderStatsHtml } from '../../stats/statsPanelHtml';
import type { StatsStore } from '../../stats/StatsStore';
import { statsView } from '../../stats/statsView';
import { pageInput, panelOptions } from '../webviewPanel';

const STATS_VIEW_TYPE = 'pipit.stats';
/** Records arrive once per keystroke; the panel redraws at most this often. */
const REFRESH_MS = 1000;

export class StatsPanel extends Disposable {
  private panel?: vscode.WebviewPanel;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: StatsStore,
    private readonly adaptNote: () => string | undefined,
  ) {
    super();
    this.register(store.onDidChange(() => this.schedule()));
    this.register({ dispose: () => (clearTimeout(this.timer), this.panel?.dispose()) });
  }

  show(): void {
    if (this.panel) return this.panel.reveal(undefined, false);
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(STATS_VIEW_TYPE, 'Pipit: Stats', vscode.ViewColumn.Active, panelOptions(media));
    panel.webview.html = renderStatsHtml(pageInput(panel.webview, media, 'stats'));
    // This panel's listeners, the one for its end included, go when it is closed.
    const listeners = new DisposableStore();
    listeners.add(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        const type = (message as { type?: unknown } | undefined)?.type;
        // `ready` comes each time the page (re)loads, e.g. after the panel was hidden.
        if (type === 'ready') this.post();
        if (type === 'reset') this.store.reset();
      }),
    );
    listeners.add(
      panel.onDidDispose(() => {
        listeners.dispose();
        this.panel = undefined;
      }),
    );
    this.panel = panel;
  }

  private schedule(): void {
    if (!this.panel || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.post();
    }, REFRESH_MS);
  }

  private post(): void {
    void this.panel?.webview.postMessage({ type: 'stats', view: statsView(this.store.summary(), this.adaptNote()) });
  }
}
