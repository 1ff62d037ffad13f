import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, renderPanelHtml } from '../../../src/explain/panelHtml';

const INPUT = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123XYZ',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/explain.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/explain.css',
  themeUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
};

describe('explain: panel HTML', () => {
  it('has a strict Content-Security-Policy: nothing by default, the script by nonce, styles and images only from the webview', () => {
    const html = renderPanelHtml(INPUT);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    assert.equal(csp, contentSecurityPolicy(INPUT.cspSource, INPUT.nonce));
    const directives = Object.fromEntries(csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc123XYZ'");
    assert.equal(directives['style-src'], INPUT.cspSource);
    assert.equal(directives['img-src'], INPUT.cspSource);
    assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
  });

  it('loads exactly one script, with the nonce, and no inline script or style', () => {
    const html = renderPanelHtml(INPUT);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.deepEqual(scripts, [`<script nonce="abc123XYZ" src="${INPUT.scriptUri}">`]);
    assert.ok(!/<style|style="/.test(html));
  });

  it('links the shared theme, then the panel\'s own stylesheet', () => {
    const styles = [...renderPanelHtml(INPUT).matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1]);
    assert.deepEqual(styles, [INPUT.themeUri, INPUT.styleUri]);
  });

  it('makes a fresh alphanumeric nonce each time and refuses one that could break out of the attribute', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, makeNonce());
    assert.throws(() => renderPanelHtml({ ...INPUT, nonce: 'x" onload="y' }));
  });
});
