// Starts code-server (VS Code's server and web workbench, with the same Node extension host as the desktop) on
// loopback, with a throwaway profile and settings fit for tests, and stops it with its whole process group.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onCleanup, onExitSync } from './processCleanup';
import type { Tools } from './tools';

/** Settings every test profile gets: nothing may hide ghost text, restore old edits, or pop up over the editor. */
export const TEST_SETTINGS: Record<string, unknown> = {
  // The suggest widget hides ghost text.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  // Unsaved edits of a previous run would come back otherwise.
  'files.hotExit': 'off',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

export interface CodeServerOptions {
  tools: Tools;
  /** Variables for the server, and so for the extension host (e.g. PIPIT_MODEL_PATH). */
  env?: NodeJS.ProcessEnv;
  /** User settings on top of TEST_SETTINGS. */
  settings?: Record<string, unknown>;
  /** VSIX files installed into the profile's extensions folder before the server starts. */
  installVsix?: string[];
  /** Port to bind on 127.0.0.1; a free one when left out. */
  port?: number;
  /**
   * Profile folder to use and keep (for `npm start`: settings a developer changes survive a restart). By default a
   * throwaway folder, removed on stop.
   */
  profileDir?: string;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  /** Throwaway folder holding user data, extensions, XDG dirs and the server log. */
  profileDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /**
   * Workbench URL for a folder. `payload` entries (e.g. extensionDevelopmentPath, extensionTestsPath) take absolute
   * paths of this machine; they are turned into `vscode-remote://remote/...` URIs, the only form the server honours.
   */
  workbenchUrl(folder: string, payload?: Record<string, string>): string;
  readLog(): string;
  /** Resolves when the server process ends (on stop(), or if it dies). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tools } = options;
  const keepProfile = options.profileDir !== undefined;
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'pipit-code-server-'));
  const userDataDir = join(profileDir, 'user-data');
  const extensionsDir = join(profileDir, 'extensions');
  const logFile = join(profileDir, 'code-server.log');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  if (!keepProfile || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...TEST_SETTINGS, ...options.settings }, null, 2));
  }
  // Without these code-server writes ~/.config/code-server/config.yaml and caches into the user's home.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    XDG_CONFIG_HOME: join(profileDir, 'xdg-config'),
    XDG_DATA_HOME: join(profileDir, 'xdg-data'),
    XDG_CACHE_HOME: join(profileDir, 'xdg-cache'),
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const removeProfile = (): void => {
    if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
  };

  try {
    for (const vsix of options.installVsix ?? []) {
      await promisify(execFile)(tools.node, [tools.codeServerEntry, ...common, '--install-extension', vsix], {
        env,
        timeout: 60_000,
      });
    }
  } catch (error) {
    removeProfile();
    throw error;
  }

  const port = options.port ?? (await freePort());
  const logFd = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      // Stops the server if this process dies without stopping it (SIGKILL, crash).
      join(__dirname, 'watchdog.js'),
      String(process.pid),
      keepProfile ? '' : profileDir,
      tools.node,
      tools.codeServerEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      // Makes the workbench honour the `payload` URL parameter and expose window.codeAutomationExit.
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    // Own process group: stopping it takes the watchdog, the server, the extension host and what it spawned along.
    { env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  const forgetExitHook = onExitSync(() => {
    signalGroup(pid, 'SIGKILL');
    removeProfile();
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = onCleanup(async () => {
    if (!exited) {
      signalGroup(pid, 'SIGTERM');
      const killed = await Promise.race([exitedPromise.then(() => true), delay(5000).then(() => false)]);
      if (!killed) signalGroup(pid, 'SIGKILL');
    }
    // Children of the group (extension host) may outlive the leader by a moment.
    signalGroup(pid, 'SIGKILL');
    forgetExitHook();
    removeProfile();
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    port,
    baseUrl,
    profileDir,
    userDataDir,
    extensionsDir,
    logFile,
    workbenchUrl(folder, payload) {
      // A `.code-workspace` file opens as a (multi-root) workspace, anything else as a folder.
      const params = [`${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`];
      if (payload) {
        const entries = Object.entries(payload).map(([key, path]) => [key, `vscode-remote://remote${path}`]);
        params.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
      }
      return `${baseUrl}/?${params.join('&')}`;
    },
    readLog: () => readFileSync(logFile, 'utf8'),
    exited: exitedPromise,
    stop,
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      const log = server.readLog();
      await stop();
      throw new Error(`code-server exited at start:\n${log}`);
    }
    if (await healthy(baseUrl)) return server;
    if (Date.now() > deadline) {
      const log = server.readLog();
      await stop();
      throw new Error(`code-server did not answer /healthz within 30 s:\n${log}`);
    }
    await delay(200);
  }
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
