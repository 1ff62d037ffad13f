// The stats panel's HTML shell, with the same strict Content-Security-Policy as the explain panel: one script by
// nonce (media/stats.js), styles from the webview's own origin, nothing remote.
import { escapeHtml } from '../explain/markdown';
import { contentSecurityPolicy } from '../explain/panelHtml';

export interface StatsPanelHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function renderStatsHtml(input: StatsPanelHtmlInput): string {
  if (!/^[A-Za-z0-9]+$/.test(input.nonce)) throw new Error('nonce must be alphanumeric');
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Pipit: Stats</title>
</head>
<body>
<header class="header">
  <h1>Pipit on this machine</h1>
  <button id="reset" type="button" class="secondary" title="Forget the numbers collected so far">Reset</button>
</header>
<main>
  <section id="tiles" class="tiles" aria-label="Summary"></section>
  <section class="chart-box">
    <h2 id="chart-title">Time to a suggestion</h2>
    <div id="chart"></div>
  </section>
  <ul id="notes" class="notes"></ul>
</main>
<script nonce="${input.nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}
