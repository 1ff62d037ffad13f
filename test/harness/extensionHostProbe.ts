// The test side of probeExtension.ts: writes the probe as an extension, names the socket it answers on (the extension
// host reads PIPIT_PROBE_SOCKET), and times requests to it. The workbench loads one development folder only (given
// several, it keeps the last); a folder without package.json is scanned for extensions, so the probe's folder holds
// the probe and a link to Pipit's working tree, and is given as the development folder.
//
//   const probe = createExtensionHostProbe();
//   const ui = await startUiDriver({ extensionDevelopmentPath: probe.folder, env: probe.env });
//   const { ms, body } = await probe.pipit();       // round trip into the extension host, and Pipit's API
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './uiDriver';

export interface PipitSnapshot {
  active: boolean;
  enginePid?: number;
  counters?: { requests: number; engineRequests: number; readAheads: number; errors: number; skipped: number; cacheHits: number; typedThroughHits: number; prefetches: number };
  engineState?: string;
  statusBar?: { text: string; tooltip: string };
  /** The active text editor's document, as the extension host has it. */
  editor?: { uri: string; lineCount: number; version: number };
}

export interface ExtensionHostProbe {
  /** For UiDriverOptions.extensionDevelopmentPath: holds Pipit (a link to the working tree) and the probe. */
  folder: string;
  /** For UiDriverOptions.env: where the probe listens. */
  env: NodeJS.ProcessEnv;
  /** Asks the probe for Pipit's API; `ms` is the whole round trip from this process. */
  pipit(timeoutMs?: number): Promise<{ ms: number; body: PipitSnapshot }>;
  dispose(): void;
}

export function createExtensionHostProbe(): ExtensionHostProbe {
  // Short: a Unix socket path has a limit of about 100 characters.
  const folder = mkdtempSync(join(tmpdir(), 'pipit-probe-'));
  const socket = join(folder, 'probe.sock');
  const extension = join(folder, 'probe');
  mkdirSync(extension);
  symlinkSync(REPO_ROOT, join(folder, 'pipit'));
  writeFileSync(
    join(extension, 'package.json'),
    JSON.stringify({
      name: 'probe',
      publisher: 'pipit-test',
      version: '0.0.1',
      engines: { vscode: '^1.74.0' },
      activationEvents: ['*'],
      main: './main.js',
    }),
  );
  // The extension host gives `require('vscode')` only to code inside an extension's folder: the compiled probe (which
  // needs nothing else) is copied in.
  copyFileSync(join(__dirname, 'probeExtension.js'), join(extension, 'main.js'));
  return {
    folder,
    env: { PIPIT_PROBE_SOCKET: socket },
    pipit: (timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        const call = request({ socketPath: socket, path: '/pipit', timeout: timeoutMs }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const ms = performance.now() - started;
            if (response.statusCode !== 200) return reject(new Error(`probe answered ${response.statusCode}: ${text}`));
            resolve({ ms, body: JSON.parse(text) as PipitSnapshot });
          });
        });
        call.on('timeout', () => call.destroy(new Error(`the extension host did not answer within ${timeoutMs} ms`)));
        call.on('error', reject);
        call.end();
      }),
    dispose: () => {
      // The link first, on its own: nothing may ever walk into the working tree it points at.
      unlinkSync(join(folder, 'pipit'));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
