// Launches Debian's Chromium through playwright-core (never `playwright`, which downloads its own browser).
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { onCleanup } from './processCleanup';
import type { Tools } from './tools';

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(tools: Tools, options: { headless?: boolean } = {}): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    headless: options.headless ?? true,
    // Our own cleanup stops the browser on signals, after the page and before the server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const close = onCleanup(() => browser.close().catch(() => undefined));
  return { browser, close };
}
