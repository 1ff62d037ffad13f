// Drives a real VS Code workbench (code-server in headless Chromium) the way a user does: open a file, type, run a
// command from the palette, press Tab, read the ghost text the editor shows and the document text, take screenshots.
// Pipit is loaded from the working tree as a development extension (dist/ must be built).
//
//   const ui = await startUiDriver();
//   await ui.openFile('math.ts');
//   await ui.goTo(13, 3);
//   await ui.type('return ');
//   const ghost = await ui.waitForGhostText();       // what Pipit suggests, as rendered
//   await ui.press('Tab');                            // accept it
//   assert.match(await ui.savedText('math.ts'), /return \{/);
//   await ui.screenshot('accepted');
//   await ui.close();
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser';
import { delay, startCodeServer } from './codeServer';
import { findTools } from './tools';

// The functions given to page.evaluate run in the page. The project compiles without the DOM library (extension code
// must not see browser globals), so the few DOM shapes they touch are declared here, for this file only.
interface PageElement {
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  readonly style: { readonly top: string };
  readonly selectedOptions?: ArrayLike<PageElement>;
  readonly text?: string;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  cloneNode(deep: boolean): PageElement;
  remove(): void;
}
declare const document: { querySelector(selector: string): PageElement | null };

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspace');
export const RESULTS_DIR = join(REPO_ROOT, '.test-results');

export interface UiDriverOptions {
  /** Folder to open; by default a fresh copy of test/fixtures/workspace, so typing and saving never touch the fixture. */
  workspace?: string;
  /** Variables for the extension host, e.g. PIPIT_MODEL_PATH. */
  env?: NodeJS.ProcessEnv;
  /** User settings on top of the test profile's (see TEST_SETTINGS in codeServer.ts). */
  settings?: Record<string, unknown>;
  /** Folder of the extension under development; the repository root by default. */
  extensionDevelopmentPath?: string;
  /** Wait until the extension host has activated Pipit (its "Pipit" output channel exists). Default true. */
  waitForPipit?: boolean;
}

export interface UiDriver {
  readonly page: Page;
  /** The folder open in the workbench (a copy of the fixture unless options.workspace was given). */
  readonly workspace: string;
  /** Workbench URL, for a look with a real browser while a test is paused. */
  readonly url: string;
  /** Opens a workspace file through Quick Open and waits until its editor has focus. */
  openFile(relativePath: string): Promise<void>;
  /** Moves the cursor (1-based line and column) through Go to Line. */
  goTo(line: number, column?: number): Promise<void>;
  /** Types text into the focused editor, key by key as a user would. */
  type(text: string): Promise<void>;
  /** Presses a key or chord in Playwright's notation: 'Tab', 'Escape', 'Control+End', 'Alt+]'. */
  press(key: string): Promise<void>;
  /** Runs a command by its id (e.g. 'editor.action.inlineSuggest.trigger', 'pipit.toggleEnabled') from the palette. */
  runCommand(commandId: string): Promise<void>;
  /**
   * The ghost text the focused editor shows now ('' when none): the part on the cursor's line, then each further
   * line, joined with newlines.
   */
  ghostText(): Promise<string>;
  /** Waits until the active editor shows ghost text and returns it; throws after timeoutMs. */
  waitForGhostText(options?: { timeoutMs?: number }): Promise<string>;
  /** What Pipit has written to its log so far (the file behind its "Pipit" output channel). */
  pipitLog(): string;
  /** Name of the channel the Output panel shows ('' when the panel is closed). */
  outputChannel(): Promise<string>;
  /** The text of the active editor's rendered lines, without ghost text (only what is scrolled into view). */
  visibleText(): Promise<string>;
  /** Saves the active editor and returns the file's text as written on disk. */
  savedText(relativePath: string): Promise<string>;
  /** Writes a PNG of the page to .test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Stops the browser and code-server and removes the throwaway profile (with the workspace copy). */
  close(): Promise<void>;
}

export async function startUiDriver(options: UiDriverOptions = {}): Promise<UiDriver> {
  const tools = findTools();
  const server = await startCodeServer({ tools, env: options.env, settings: options.settings });
  // The fixture's copy lives in the server's throwaway profile, so it goes with it, even if this process is killed.
  const workspace = options.workspace ?? join(server.profileDir, 'workspace');
  if (options.workspace === undefined) cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  let closeBrowser = async (): Promise<void> => undefined;
  const close = async (): Promise<void> => {
    await closeBrowser();
    await server.stop();
  };
  try {
    const launched = await launchChromium(tools);
    closeBrowser = launched.close;
    const page = await launched.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const url = server.workbenchUrl(workspace, {
      extensionDevelopmentPath: options.extensionDevelopmentPath ?? REPO_ROOT,
    });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    if (options.waitForPipit ?? true) await waitForPipit(server.userDataDir, 30_000);
    return createDriver(page, workspace, url, close, server.userDataDir);
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Drives a workbench something else started (`npm start`): opens `url` in Chromium. `close` closes only the browser;
 * the caller stops the server.
 */
export async function attachUiDriver(url: string, workspace: string, userDataDir: string): Promise<UiDriver> {
  const launched = await launchChromium(findTools());
  try {
    const page = await launched.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await waitForPipit(userDataDir, 30_000);
    return createDriver(page, workspace, url, launched.close, userDataDir);
  } catch (error) {
    await launched.close();
    throw error;
  }
}

/**
 * activate() creates Pipit's log output channel first; the server keeps each log channel as a file
 * (logs/<session>/exthost<n>/pipit.pipit/Pipit.log), so activation shows without clicking through the Output view.
 */
function findPipitLog(userDataDir: string): string | undefined {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return undefined;
  const found = readdirSync(logs, { recursive: true, encoding: 'utf8' }).find((path) => path.endsWith('pipit.pipit/Pipit.log'));
  return found ? join(logs, found) : undefined;
}

async function waitForPipit(userDataDir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (findPipitLog(userDataDir)) return;
    // onStartupFinished comes a few seconds after the workbench shows.
    if (Date.now() > deadline) throw new Error(`Pipit did not activate within ${timeoutMs / 1000} s`);
    await delay(200);
  }
}

/** The titles of the VS Code commands the tests run from the palette; Pipit's come from package.json. */
const BUILT_IN_TITLES: Record<string, string> = {
  'editor.action.inlineSuggest.trigger': 'Trigger Inline Suggestion',
  'notifications.showList': 'Notifications: Show Notifications',
};

/** The command's title as the palette shows it ("Pipit: Explain Selection"). */
function commandTitle(commandId: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; category?: string }[] } };
  const own = manifest.contributes.commands.find((each) => each.command === commandId);
  const title = own ? (own.category ? `${own.category}: ${own.title}` : own.title) : BUILT_IN_TITLES[commandId];
  if (!title) throw new Error(`runCommand: add the palette title of ${commandId} to BUILT_IN_TITLES in uiDriver.ts`);
  return title;
}

function createDriver(page: Page, workspace: string, url: string, close: () => Promise<void>, userDataDir: string): UiDriver {
  const activeEditor = page.locator('.editor-instance .monaco-editor.focused');

  async function quickInput(prefix: string, text: string): Promise<void> {
    // Close a quick input left open, but never press Escape in the editor: it would drop the user's selection.
    if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(prefix + text);
  }

  const driver: UiDriver = {
    page,
    workspace,
    url,

    async openFile(relativePath) {
      await quickInput('', relativePath);
      const name = relativePath.split('/').pop() ?? relativePath;
      // Quick Open lists files only once the file search answers: wait for a row naming the file.
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
      await activeEditor.waitFor();
    },

    async goTo(line, column) {
      await quickInput(':', column === undefined ? `${line}` : `${line}:${column}`);
      await page.keyboard.press('Enter');
      await activeEditor.waitFor();
    },

    async type(text) {
      await activeEditor.waitFor();
      await page.keyboard.type(text, { delay: 20 });
    },

    async press(key) {
      await page.keyboard.press(key);
    },

    async runCommand(commandId) {
      // The palette finds a command by its id as well as by its title, but it filters asynchronously: until it has,
      // the rows are the unfiltered list, and Enter would run whatever comes first (on a busy machine, Explain once
      // never ran this way). So Enter waits until the first row is the command's.
      const title = commandTitle(commandId);
      await quickInput('>', commandId);
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const label = (await first.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
        if (label.startsWith(title)) break;
        if (Date.now() > deadline) throw new Error(`the command palette did not list ${JSON.stringify(title)} (${commandId}) first; it shows ${JSON.stringify(label)}`);
        await delay(50);
      }
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },

    async ghostText() {
      return page.evaluate(() => {
        const editor = document.querySelector('.editor-instance .monaco-editor.focused');
        if (!editor) return '';
        // Ghost text is rendered as one span per syntax token: on the cursor's line (in .view-lines), and for further
        // lines in a view zone of its own rows. Gather the spans by row, the cursor's line first.
        const rows = new Map<PageElement, string>();
        for (const span of editor.querySelectorAll('[class*="ghost-text"]')) {
          if (span.querySelector('[class*="ghost-text"]')) continue;
          const row = span.closest('.view-line') ?? span;
          rows.set(row, (rows.get(row) ?? '') + (span.textContent ?? ''));
        }
        const top = (row: PageElement): number => parseFloat(row.style.top) || 0;
        const inline = [...rows.keys()].filter((row) => row.closest('.view-lines'));
        const below = [...rows.keys()].filter((row) => !row.closest('.view-lines')).sort((a, b) => top(a) - top(b));
        return [...inline, ...below]
          .map((row) => rows.get(row) ?? '')
          .join('\n')
          .replace(/\u00a0/g, ' ');
      });
    },

    async waitForGhostText({ timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await driver.ghostText();
        if (text.trim() !== '') return text;
        if (Date.now() > deadline) throw new Error(`no ghost text within ${timeoutMs} ms`);
        await delay(100);
      }
    },

    async visibleText() {
      // The editor renders on animation frames, behind the keys it has handled: read until two reads agree.
      let previous = await readViewLines(page);
      for (let tries = 0; tries < 50; tries++) {
        await delay(100);
        const current = await readViewLines(page);
        if (current === previous) return current;
        previous = current;
      }
      return previous;
    },

    pipitLog() {
      const log = findPipitLog(userDataDir);
      return log ? readFileSync(log, 'utf8') : '';
    },

    async outputChannel() {
      return page.evaluate(() => {
        const select = document.querySelector('.part.panel select.monaco-select-box');
        return select?.selectedOptions?.[0]?.text ?? '';
      });
    },

    async savedText(relativePath) {
      const path = join(workspace, relativePath);
      const before = statSync(path).mtimeMs;
      await page.keyboard.press('Control+S');
      // The write goes through the server. The tab's dirty mark is rendered late, so it cannot say whether there
      // was anything to save: wait for the file to change, or briefly when the document had no edits.
      const deadline = Date.now() + 10_000;
      const cleanDeadline = Date.now() + 2_000;
      for (;;) {
        const clean = (await page.locator('.tab.active.dirty').count()) === 0;
        if (clean && statSync(path).mtimeMs !== before) break;
        if (clean && Date.now() > cleanDeadline) break;
        if (Date.now() > deadline) throw new Error(`saving ${relativePath} did not finish within 10 s`);
        await delay(50);
      }
      return readFileSync(path, 'utf8');
    },

    async screenshot(name) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const path = join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },

    close,
  };
  return driver;
}

function readViewLines(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor.focused');
    if (!editor) throw new Error('no focused editor');
    return [...editor.querySelectorAll('.view-lines .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => {
        const copy = line.cloneNode(true);
        for (const ghost of copy.querySelectorAll('[class*="ghost-text"]')) ghost.remove();
        return (copy.textContent ?? '').replace(/\u00a0/g, ' ');
      })
      .join('\n');
  });
}
