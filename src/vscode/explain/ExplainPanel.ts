// The one explain panel: a webview beside the editor, reused for every explanation. Translates between the
// webview's messages and the ExplainSession; all it adds is VS Code's clipboard, browser and panel life cycle.
import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../../common/lifecycle';
import { ExplainSession } from '../../explain/ExplainSession';
import { renderPanelHtml } from '../../explain/panelHtml';
import { handlePanelMessage } from '../../explain/panelMessages';
import type { HostMessage } from '../../explain/protocol';
import type { ChatEngine, ExplainTarget, TargetContext } from '../../explain/types';
import { pageInput, panelOptions } from '../webviewPanel';

export const EXPLAIN_VIEW_TYPE = 'pipit.explain';

export class ExplainPanel extends Disposable {
  private panel?: vscode.WebviewPanel;
  private session?: ExplainSession;
  /** The webview drops messages until its script runs (and again after it was hidden): it says `ready`. */
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engine: ChatEngine,
    private readonly log: vscode.LogOutputChannel,
    /** pipit.explain.maxTokens, read at each answer. */
    private readonly maxTokens: () => number,
  ) {
    super();
    this.register({ dispose: () => this.panel?.dispose() });
  }

  /** Shows the panel (creating it once) and explains `target`, replacing what it showed. */
  show(target: ExplainTarget, context: TargetContext): void {
    const panel = this.panel ?? this.create();
    panel.reveal(vscode.ViewColumn.Beside, true);
    this.run(this.sessionFor().explain(target, context));
  }

  private create(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      EXPLAIN_VIEW_TYPE,
      'Pipit: Explain',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...panelOptions(media), enableFindWidget: true },
    );
    panel.webview.html = renderPanelHtml(pageInput(panel.webview, media, 'explain'));
    // This panel's listeners, the one for its end included, go when it is closed.
    const listeners = new DisposableStore();
    listeners.add(panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)));
    // A hidden webview loses its page (no retainContextWhenHidden: it costs memory); it says `ready` again.
    listeners.add(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    listeners.add(
      panel.onDidDispose(() => {
        listeners.dispose();
        this.session?.dispose();
        this.session = undefined;
        this.panel = undefined;
        this.ready = false;
      }),
    );
    this.panel = panel;
    return panel;
  }

  private sessionFor(): ExplainSession {
    this.session ??= new ExplainSession({
      engine: this.engine,
      post: (message) => this.post(message),
      log: (line) => this.log.warn(line),
      maxTokens: this.maxTokens,
    });
    return this.session;
  }

  private post(message: HostMessage): void {
    if (message.type === 'reset' && this.panel) this.panel.title = message.title;
    if (this.ready && this.panel) void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    handlePanelMessage(raw, this.session, {
      post: (message) => void this.panel?.webview.postMessage(message),
      setReady: () => {
        this.ready = true;
      },
      copy: (answer) => {
        void vscode.env.clipboard.writeText(answer).then(() => vscode.window.setStatusBarMessage('Pipit: explanation copied', 2000));
      },
      // VS Code asks the user before opening a domain they have not trusted.
      openLink: (url) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
      run: (work) => this.run(work),
    });
  }

  private run(work: Promise<void>): void {
    work.catch((error: unknown) => this.log.error(`explain failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  }
}
