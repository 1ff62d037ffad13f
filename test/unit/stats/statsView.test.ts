// What the stats panel draws, and the strict page it draws it in.
import * as assert from 'node:assert/strict';
import { renderStatsHtml } from '../../../src/stats/statsPanelHtml';
import { statsView } from '../../../src/stats/statsView';
import { summarize } from '../../../src/stats/summarize';
import { toStatsRecord } from '../../../src/stats/types';
import { record } from './records';

describe('statsView', () => {
  const summary = summarize([record('shown', 420), record('shown', 380), record('cache', 3)].map(toStatsRecord), [], 1);

  it('shows acceptance, latency, hit rates and speed as tiles', () => {
    const view = statsView(summary);
    const tiles = Object.fromEntries(view.tiles.map((tile) => [tile.label, tile.value]));
    assert.equal(tiles['Acceptance'], '33%');
    assert.equal(tiles['Latency p50'], '380 ms');
    assert.equal(tiles['Latency p95'], '420 ms');
    assert.equal(tiles['Cache hits'], '33%');
    assert.equal(tiles['Generation'], '—');
  });

  it('scales the tallest bar to the plot and keeps every bar inside the chart', () => {
    const { chart } = statsView(summary);
    const tallest = chart.bars.reduce((a, b) => (b.count > a.count ? b : a));
    assert.equal(tallest.label, '250–500');
    assert.ok(tallest.y >= 0 && tallest.y < chart.plotHeight / 2);
    for (const bar of chart.bars) {
      assert.ok(bar.x >= 0 && bar.x + bar.width <= chart.width, bar.label);
      assert.equal(bar.y + bar.height, chart.plotHeight);
    }
  });

  it('adds the slow-machine note under the chart when settings were adapted', () => {
    assert.ok(statsView(summary, 'Slow machine (4.0 tokens/s): …').notes.includes('Slow machine (4.0 tokens/s): …'));
    assert.equal(statsView(summarize([], [], 0)).empty, true);
  });
});

describe('renderStatsHtml', () => {
  const html = renderStatsHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', scriptUri: 'vscode-resource:/media/stats.js', styleUri: 'vscode-resource:/media/stats.css', themeUri: 'vscode-resource:/media/panel.css' });

  it('allows only its own nonce-tagged script and local styles, and loads nothing remote', () => {
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123" src="vscode-resource:\/media\/stats.js">/);
    assert.doesNotMatch(html, /https?:\/\//);
  });

  it('rejects a nonce that could break out of the attribute', () => {
    assert.throws(() => renderStatsHtml({ cspSource: 'x', nonce: '"><script>', scriptUri: 'a', styleUri: 'b', themeUri: 'c' }));
  });
});
