// The explain panel's page in a real browser (Debian Chromium, headless, via playwright-core): hostile model output
// streamed through the real pipeline (fake engine -> ExplainSession -> messages) must render as inert text, with no
// script run and no request made; the buttons must post their messages. VS Code itself cannot run here, so the page
// gets a fake `acquireVsCodeApi` and is served from a stand-in webview origin with the same HTML, CSP and assets.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ExplainSession } from '../../src/explain/ExplainSession';
import { makeNonce, renderPanelHtml } from '../../src/explain/panelHtml';
import { parsePanelMessage, type HostMessage, type PanelMessage } from '../../src/explain/protocol';
import type { ExplainTarget } from '../../src/explain/types';
import { FakeChatEngine } from '../unit/explain/fakeChatEngine';

// Some functions below run in the page. This project is type-checked without the DOM library (its code runs in
// Node), so the few browser globals they use are declared here, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare function getComputedStyle(element: unknown): { color: string };

const ROOT = join(__dirname, '..', '..', '..');
const ORIGIN = 'https://webview.pipit.test';
const PAGE_URL = `${ORIGIN}/index.html`;
const CHROMIUM = process.env.PIPIT_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, '.test-results', 'explain-panel.png');

const TARGET: ExplainTarget = {
  kind: 'function',
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  range: { startLine: 7, endLine: 9 },
  name: 'total',
  code: '  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price, 0);\n  }',
};

/** Model output written to attack the page, cut so that tags straddle the streamed chunks. */
const HOSTILE_ANSWER = [
  '## What it does\n\nIt sums the prices <img src=x on',
  'error="window.__pwned=1;alert(1)"> of the items.\n<scr',
  'ipt>window.__pwned = 2</script>\n',
  '[MDN](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/reduce), ',
  '[bad](javascript:window.__pwned=3), ![pixel](https://evil.example/pixel.png)\n',
  '<svg onload="window.__pwned=4"></svg> <iframe src="https://evil.example/"></iframe> ',
  '<a href="https://evil.example/x" onclick="window.__pwned=5">raw</a> ',
  '<style>@import url(https://evil.example/x.css);</style>\n\n',
  '```ts\nconst total = items.reduce((sum, item) => sum + item.price, 0); // one pass\n```\n\n',
  '- **Edge case**: an empty list gives `0`.\n- Prices must be *numbers*: strings would concatenate.\n',
];

interface Panel {
  page: Page;
  session: ExplainSession;
  engine: FakeChatEngine;
  /** Messages the page posted to the extension. */
  posted: PanelMessage[];
  /** Every URL the page requested. */
  requests: string[];
  dialogs: string[];
  /** Resolves when every message posted so far has reached the page. */
  delivered: () => Promise<void>;
}

describe('explain panel in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async function () {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install Debian's chromium package or set PIPIT_CHROMIUM`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function openPanel(script: string[][], chunkDelayMs: number): Promise<Panel> {
    const context = await browser.newContext({ viewport: { width: 760, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const posted: PanelMessage[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const nonce = makeNonce();
    const html = renderPanelHtml({
      cspSource: ORIGIN,
      nonce,
      scriptUri: `${ORIGIN}/media/explain.js`,
      styleUri: `${ORIGIN}/media/explain.css`,
      themeUri: `${ORIGIN}/media/panel.css`,
    });
    // The stand-in webview origin: the page and its three media files; anything else is refused (and recorded above).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === PAGE_URL) return route.fulfill({ contentType: 'text/html', body: html });
      const media = /^https:\/\/webview\.pipit\.test\/media\/(explain\.(?:js|css)|panel\.css)$/.exec(url);
      if (media) return route.fulfill({ contentType: media[1]!.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(ROOT, 'media', media[1]!)) });
      return route.abort();
    });

    const engine = new FakeChatEngine({ script, chunkDelayMs, model: 'qwen2.5-coder-1.5b-instruct-q8_0.gguf' });
    let chain = Promise.resolve();
    const session = new ExplainSession({
      engine,
      throttleMs: 10,
      post: (message: HostMessage) => {
        chain = chain.then(() => page.evaluate((m) => window.postMessage(m, '*'), message));
      },
    });
    // What the glue does with the page's messages, minus VS Code (clipboard, browser).
    await page.exposeFunction('__toHost', (raw: unknown) => {
      const message = parsePanelMessage(raw);
      if (!message) return;
      posted.push(message);
      if (message.type === 'stop') session.stop();
      if (message.type === 'ask') void session.ask(message.question);
      if (message.type === 'explainAgain') void session.again();
    });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      document.addEventListener('securitypolicyviolation', (event: { violatedDirective: string; blockedURI: string }) => {
        ((w.__violations ??= []) as string[]).push(`${event.violatedDirective} ${event.blockedURI}`);
      });
      w.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => (w.__toHost as (m: unknown) => void)(message),
        getState: () => undefined,
        setState: () => undefined,
      });
    });
    await page.goto(PAGE_URL);
    await waitFor(() => posted.some((message) => message.type === 'ready'), 'the page said ready');
    return { page, session, engine, posted, requests, dialogs, delivered: () => chain };
  }

  async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The variables VS Code sets on a webview for its Dark Modern theme (a subset). */
  async function applyDarkTheme(page: Page): Promise<void> {
    await page.evaluate(() => {
      const vars: Record<string, string> = {
        '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
        '--vscode-font-size': '13px',
        '--vscode-foreground': '#cccccc',
        '--vscode-editor-background': '#1f1f1f',
        '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
        '--vscode-button-background': '#0078d4',
        '--vscode-button-foreground': '#ffffff',
        '--vscode-textLink-foreground': '#4daafc',
        '--vscode-textCodeBlock-background': '#2b2b2b',
        '--vscode-descriptionForeground': '#9d9d9d',
      };
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add('vscode-dark');
    });
  }

  it('renders streamed hostile model output as inert text: no script runs, nothing loads, code is highlighted', async () => {
    const panel = await openPanel([HOSTILE_ANSWER], 15);
    const { page } = panel;
    await applyDarkTheme(page);
    await panel.session.explain(TARGET, { enclosing: ['export class Cart'], imports: [] });
    await panel.delivered();
    await page.waitForSelector('.stats:not(:empty)');

    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'a script from the model ran');
    assert.deepEqual(panel.dialogs, [], 'a dialog opened');
    assert.deepEqual(panel.requests.sort(), [`${ORIGIN}/index.html`, `${ORIGIN}/media/explain.css`, `${ORIGIN}/media/explain.js`, `${ORIGIN}/media/panel.css`]);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []), []);

    const answer = page.locator('.answer').first();
    assert.equal(await answer.locator('img, script, svg, iframe, style, object, embed').count(), 0);
    const text = await answer.innerText();
    assert.ok(text.includes('It sums the prices <img src=x onerror="window.__pwned=1;alert(1)"> of the items.'), text);
    assert.ok(text.includes('<script>window.__pwned = 2</script>'));
    // Links: http(s) only, and the image became a link (never loaded).
    const hrefs = await answer.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    assert.deepEqual(hrefs, ['https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/reduce', 'https://evil.example/pixel.png']);
    const attributes = await answer.evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name)),
    );
    assert.deepEqual([...new Set(attributes)].sort(), ['class', 'href', 'title']);

    // Markdown rendered: heading, list, emphasis, and the code block highlighted.
    assert.equal(await answer.locator('h2').innerText(), 'What it does');
    assert.equal(await answer.locator('li').count(), 2);
    assert.equal(await answer.locator('li strong').innerText(), 'Edge case');
    const spans = await answer.locator('pre code span').evaluateAll((nodes) => nodes.map((node) => `${node.className}:${node.textContent}`));
    assert.deepEqual(spans, ['tok-keyword:const', 'tok-function:reduce', 'tok-number:0', 'tok-comment:// one pass']);
    const keywordColor = await answer.locator('pre code .tok-keyword').evaluate((node) => getComputedStyle(node).color);
    const plainColor = await answer.locator('pre code').evaluate((node) => getComputedStyle(node).color);
    assert.notEqual(keywordColor, plainColor, 'the stylesheet loaded and colours keywords');

    // Model and timing are shown.
    assert.match(await page.locator('.stats').innerText(), /^qwen2\.5-coder-1\.5b-instruct-q8_0\.gguf · chat template · first token \d+ ms · total [\d.]+ m?s$/);

    // Clicking a link does not navigate or load anything: it asks the extension to open it.
    await answer.locator('a').first().click();
    await waitFor(() => panel.posted.some((message) => message.type === 'openLink'), 'the link click was posted');
    assert.equal(page.url(), PAGE_URL);
    assert.equal(panel.requests.length, 4);

    mkdirSync(join(ROOT, '.test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.context().close();
  });

  it('Stop posts a cancel message, generation stops, and the panel says the answer is incomplete', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i} `);
    const panel = await openPanel([words], 10);
    const { page } = panel;
    const done = panel.session.explain(TARGET, { enclosing: [], imports: [] });
    await page.waitForFunction(() => document.querySelector('.answer')?.textContent?.includes('word3'));
    assert.equal(await page.locator('#stop').isEnabled(), true);
    await page.locator('#stop').click();
    await done;
    await panel.delivered();
    assert.deepEqual(panel.posted.filter((message) => message.type === 'stop'), [{ type: 'stop' }]);
    await page.waitForSelector('.stats:not(:empty)');
    assert.match(await page.locator('.stats').innerText(), /cancelled$/);
    assert.ok((await page.locator('.notices').innerText()).includes('Stopped: the answer is incomplete.'));
    assert.ok(!(await page.locator('.answer').innerText()).includes('word399'));
    assert.equal(await page.locator('#stop').isEnabled(), false);
    await page.context().close();
  });

  it('Copy, Explain again and a follow-up question post their messages; the follow-up is answered below', async () => {
    const panel = await openPanel([['It sums prices.'], ['Because `reduce` folds the list.']], 0);
    const { page } = panel;
    await panel.session.explain(TARGET, { enclosing: [], imports: [] });
    await panel.delivered();
    await page.waitForSelector('#copy:not([disabled])');
    await page.locator('#copy').click();
    await waitFor(() => panel.posted.some((message) => message.type === 'copy'), 'copy was posted');
    assert.deepEqual(panel.posted.find((message) => message.type === 'copy'), { type: 'copy', turn: 0 });

    await page.locator('#question').fill('Why reduce?');
    await page.locator('#question').press('Enter');
    await waitFor(() => panel.posted.some((message) => message.type === 'ask'), 'the question was posted');
    await page.waitForFunction(() => document.querySelectorAll('.stats:not(:empty)').length === 2);
    await panel.delivered();
    assert.equal(await page.locator('.question').innerText(), 'Why reduce?');
    assert.equal(await page.locator('.answer').nth(1).innerHTML(), '<p>Because <code>reduce</code> folds the list.</p>');
    assert.equal(await page.locator('#question').inputValue(), '');

    await page.locator('#again').click();
    await waitFor(() => panel.posted.some((message) => message.type === 'explainAgain'), 'explain again was posted');
    await waitFor(() => panel.engine.requests.length === 3, 'the code was explained again');
    await panel.delivered();
    await page.waitForFunction(() => document.querySelectorAll('.turn').length === 1 && document.querySelector('.stats')?.textContent !== '');
    assert.equal(await page.locator('.question').count(), 0, 'explain again starts a fresh conversation');
    await page.context().close();
  });
});
