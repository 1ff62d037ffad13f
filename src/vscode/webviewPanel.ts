// What the two webview panels (explain, stats) share: options that keep them locked down, and their page's inputs
// (the CSP source, a fresh nonce, their own script and stylesheet, and the theme stylesheet both use).
import * as vscode from 'vscode';
import { makeNonce, type PanelHtmlInput } from '../explain/panelHtml';

/** Scripts run, but load only from media/; command links do nothing. */
export function panelOptions(media: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
}

/** The page of media/<name>.js and media/<name>.css, themed by media/panel.css. */
export function pageInput(webview: vscode.Webview, media: vscode.Uri, name: 'explain' | 'stats'): PanelHtmlInput {
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  return {
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: uri(`${name}.js`),
    styleUri: uri(`${name}.css`),
    themeUri: uri('panel.css'),
  };
}
