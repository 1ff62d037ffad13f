// Runs the extension-host suite in VS Code desktop through @vscode/test-electron, where one can be had: an installed
// VS Code named by PIPIT_VSCODE_EXECUTABLE, or (PIPIT_TEST_VSCODE=download) one that test-electron downloads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { TEST_SETTINGS } from './codeServer';
import { onCleanup } from './processCleanup';

export interface DesktopVsCode {
  executable: string;
  description: string;
}

/** The VS Code desktop to use, or undefined when none is configured (then the code-server path runs). */
export async function findDesktopVsCode(): Promise<DesktopVsCode | undefined> {
  const executable = process.env.PIPIT_VSCODE_EXECUTABLE;
  if (executable) {
    const version = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout?.split('\n')[0];
    return { executable, description: `VS Code desktop ${version || '(version unknown)'} at ${executable}` };
  }
  if (process.env.PIPIT_TEST_VSCODE === 'download') {
    const version = process.env.PIPIT_TEST_VSCODE_VERSION ?? 'stable';
    const downloaded = await downloadAndUnzipVSCode(version);
    return { executable: downloaded, description: `VS Code desktop ${version} downloaded by @vscode/test-electron` };
  }
  return undefined;
}

export async function runTestsInElectron(run: {
  vscode: DesktopVsCode;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}): Promise<number> {
  const profileDir = mkdtempSync(join(tmpdir(), 'pipit-vscode-'));
  const removeProfile = onCleanup(() => rmSync(profileDir, { recursive: true, force: true }));
  const userDataDir = join(profileDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(TEST_SETTINGS, null, 2));
  try {
    return await runTests({
      vscodeExecutablePath: run.vscode.executable,
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      extensionTestsEnv: {
        ...Object.fromEntries(Object.entries(run.env).filter(([, value]) => value !== undefined)),
        PIPIT_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      } as Record<string, string>,
      launchArgs: [
        run.workspace,
        '--user-data-dir', userDataDir,
        '--extensions-dir', join(profileDir, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits with a non-zero code (failed tests) or cannot start.
    console.error(`[harness] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await removeProfile();
  }
}
