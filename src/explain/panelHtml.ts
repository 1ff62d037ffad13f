// The panels' HTML: a fixed shell with a strict Content-Security-Policy. The only script is the panel's own (allowed by
// a fresh nonce), styles come only from the webview's own resource origin, nothing else may load.
import { randomBytes } from 'node:crypto';
import { escapeHtml } from './renderHtml';

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of the panel's script and stylesheet (media/explain.js, media/explain.css), as strings. */
  scriptUri: string;
  styleUri: string;
  /** The same of media/panel.css: the theme both panels share, loaded before the panel's own stylesheet. */
  themeUri: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** A whole webview page around `body`: the strict CSP, the stylesheet, and the one script allowed by its nonce. */
export function renderWebviewPage(input: PanelHtmlInput, title: string, body: string): string {
  if (!/^[A-Za-z0-9]+$/.test(input.nonce)) throw new Error('nonce must be alphanumeric');
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${attr(input.themeUri)}">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(title)}</title>
</head>
<body>
${body}
<script nonce="${input.nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}

export function renderPanelHtml(input: PanelHtmlInput): string {
  return renderWebviewPage(
    input,
    'Pipit: Explain',
    `<header class="header">
  <p id="subject" class="subject">Waiting for the model…</p>
  <div class="toolbar" role="toolbar" aria-label="Explanation">
    <button id="stop" type="button" disabled title="Stop generating (Escape)">Stop</button>
    <button id="copy" type="button" class="secondary" disabled title="Copy the answer as Markdown">Copy</button>
    <button id="again" type="button" class="secondary" disabled title="Explain the same code again">Explain again</button>
  </div>
</header>
<main id="conversation" class="conversation" aria-live="polite"></main>
<form id="ask-form" class="ask" autocomplete="off">
  <textarea id="question" rows="2" maxlength="4000" placeholder="Ask about this code… (Enter to send, Shift+Enter for a new line)" aria-label="Follow-up question"></textarea>
  <button id="ask" type="submit" disabled>Ask</button>
</form>`,
  );
}
