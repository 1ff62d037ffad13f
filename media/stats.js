// Pipit's stats panel. Draws the StatsView the extension sends (src/stats/statsView.ts): tiles as text nodes and
// the latency histogram as SVG elements created by name. No HTML is parsed, nothing is fetched.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function renderTiles(tiles) {
    const box = byId('tiles');
    box.replaceChildren(
      ...tiles.map((tile) => {
        const node = el('div', 'tile');
        node.append(el('div', 'tile-label', tile.label), el('div', 'tile-value', tile.value));
        if (tile.hint) node.append(el('div', 'tile-hint', tile.hint));
        return node;
      }),
    );
  }

  function renderChart(chart, empty) {
    byId('chart-title').textContent = chart.title;
    const root = svg('svg', { viewBox: `0 0 ${chart.width} ${chart.height}`, role: 'img', 'aria-label': chart.title, class: 'chart' });
    root.append(svg('line', { x1: 0, y1: chart.plotHeight, x2: chart.width, y2: chart.plotHeight, class: 'axis' }));
    for (const bar of chart.bars) {
      const group = svg('g', {});
      group.append(svg('title', {}, `${bar.label}: ${bar.count}`));
      group.append(svg('rect', { x: bar.x, y: bar.y, width: bar.width, height: Math.max(bar.height, bar.count ? 1 : 0), rx: 2, class: 'bar' }));
      if (bar.count) group.append(svg('text', { x: bar.x + bar.width / 2, y: bar.y - 4, class: 'count' }, bar.count));
      group.append(svg('text', { x: bar.x + bar.width / 2, y: chart.plotHeight + 18, class: 'label' }, bar.label));
      root.append(group);
    }
    if (empty) root.append(svg('text', { x: chart.width / 2, y: chart.plotHeight / 2, class: 'empty' }, 'No suggestions yet'));
    byId('chart').replaceChildren(root);
  }

  function renderNotes(notes) {
    byId('notes').replaceChildren(...notes.map((note) => el('li', undefined, note)));
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'stats' || !message.view) return;
    const view = message.view;
    renderTiles(view.tiles);
    renderChart(view.chart, view.empty);
    renderNotes(view.notes);
    document.body.dataset.rendered = 'true';
  });
  byId('reset').addEventListener('click', () => vscode.postMessage({ type: 'reset' }));
  vscode.postMessage({ type: 'ready' });
})();
