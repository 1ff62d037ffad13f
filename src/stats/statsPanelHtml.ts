// The stats panel's HTML shell, with the same strict Content-Security-Policy as the explain panel: one script by
// nonce (media/stats.js), styles from the webview's own origin, nothing remote.
import { renderWebviewPage, type PanelHtmlInput } from '../explain/panelHtml';

export function renderStatsHtml(input: PanelHtmlInput): string {
  return renderWebviewPage(
    input,
    'Pipit: Stats',
    `<header class="header">
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
</main>`,
  );
}
