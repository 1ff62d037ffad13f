// Downloads catalog models only after the user agreed in a modal that names each file's size, URL and licence; shows
// progress (size, speed, Cancel) in a notification per file; turns every failure into a message that says what to do.
// A file not pinned to a commit is not offered at all, and every file is checked against a SHA-256 before use.
import * as vscode from 'vscode';
import { entryTitle, formatBytes } from '../../catalog/catalog';
import { DownloadError } from '../../catalog/DownloadError';
import type { ModelFile } from '../../catalog/types';
import { downloadVerified, pinnedFile, sourceUrl, type VerifiedDownloadDeps } from '../../catalog/verifiedDownload';
import type { ModelLibrary } from './ModelLibrary';

/** The dialogs of a model choice. VS Code's by default; the real-VS-Code tests answer them in a person's place. */
export interface ModelUi {
  /** A modal question; resolves with the action chosen, undefined when dismissed. */
  confirm(message: string, detail: string, actions: readonly string[]): Thenable<string | undefined>;
  /** A notification that needs no answer. */
  tell(message: string): void;
}

const VSCODE_MODEL_UI: ModelUi = {
  confirm: (message, detail, actions) => vscode.window.showInformationMessage(message, { modal: true, detail }, ...actions),
  tell: (message) => void vscode.window.showInformationMessage(message),
};

export interface DownloadUiDeps {
  library: ModelLibrary;
  log: vscode.LogOutputChannel;
  /** Test seam: a local stand-in for the hub, an injected free-space function. */
  downloadDeps?: Omit<VerifiedDownloadDeps, 'env'>;
  env?: NodeJS.ProcessEnv;
  ui?: ModelUi;
}

/** A file ready to download: where its bytes come from, and what the consent dialog says of it. */
export interface PlannedDownload {
  file: ModelFile;
  url: string;
  /** "Qwen2.5-Coder 0.5B Q8_0 (531 MB)". */
  title: string;
  /** From, licence, checksum and memory, one per line. */
  facts: string;
}

/** The download of `file`, or undefined (after saying why) when it is not offered: not pinned to a commit. */
export function planDownload(file: ModelFile, deps: DownloadUiDeps): PlannedDownload | undefined {
  try {
    const pinned = pinnedFile(file.url);
    const url = sourceUrl(pinned, { env: deps.env ?? process.env, ...(deps.downloadDeps?.hub ? { hub: deps.downloadDeps.hub } : {}) });
    const checksum = file.sha256
      ? 'Checked against its published SHA-256.'
      : `Checked against the SHA-256 Hugging Face declares for commit ${pinned.revision.slice(0, 12)}, read over HTTPS first; without one it is not downloaded.`;
    return {
      file,
      url,
      title: `${entryTitle(file)} (${file.sizeConfirmed ? '' : 'about '}${formatBytes(file.sizeBytes)})`,
      facts: `From: ${url}\nLicence: ${file.licence}\n${checksum}\nNeeds about ${formatBytes(file.memoryBytes)} of memory to run.`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`download ${file.id}: ${message}`);
    void vscode.window.showWarningMessage(`Pipit: ${message}`);
    return undefined;
  }
}

export function uiOf(deps: DownloadUiDeps): ModelUi {
  return deps.ui ?? VSCODE_MODEL_UI;
}

/** Resolves with the downloaded file's path, or undefined when the user declined, cancelled or it failed. */
export async function downloadWithConsent(file: ModelFile, deps: DownloadUiDeps): Promise<string | undefined> {
  const planned = planDownload(file, deps);
  if (!planned) return undefined;
  const choice = await uiOf(deps).confirm(`Download ${planned.title}?`, `${planned.facts}\nTo: ${deps.library.modelsDir}`, ['Download']);
  return choice === 'Download' ? download(planned, deps) : undefined;
}

/** Downloads a file the user agreed to, with progress; resolves with its path, or undefined when it did not finish. */
export async function download(planned: PlannedDownload, deps: DownloadUiDeps): Promise<string | undefined> {
  const { file, url } = planned;
  const destination = deps.library.pathOf(file);
  deps.log.info(`download ${file.id}: ${url} -> ${destination}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pipit: downloading ${entryTitle(file)}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const listener = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await downloadVerified(
            file,
            destination,
            {
              signal: abort.signal,
              onProgress: (event) => {
                const total = event.totalBytes ?? file.sizeBytes;
                const percent = (event.receivedBytes / total) * 100;
                progress.report({
                  increment: Math.max(0, percent - reported),
                  message: `${formatBytes(event.receivedBytes)} of ${formatBytes(total)} · ${formatBytes(event.bytesPerSecond)}/s${event.resumedFromBytes ? ' (resumed)' : ''}`,
                });
                reported = Math.max(reported, percent);
              },
            },
            { ...deps.downloadDeps, env: deps.env ?? process.env },
          );
        } finally {
          listener.dispose();
        }
      },
    );
    deps.log.info(`download ${file.id}: done, ${result.bytes} bytes from ${result.url}, sha256 ${result.sha256} (verified against ${result.checksumFrom})`);
    uiOf(deps).tell(`Pipit: ${entryTitle(file)} downloaded and verified.`);
    return result.path;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`download ${file.id}: ${message}`);
    if (error instanceof DownloadError && error.code === 'cancelled') {
      uiOf(deps).tell(`Pipit: ${message}`);
      return undefined;
    }
    const retry = error instanceof DownloadError && (error.code === 'offline' || error.code === 'interrupted' || error.code === 'checksum');
    const picked = await vscode.window.showErrorMessage(`Pipit: ${message}`, ...(retry ? ['Retry'] : []), 'Show Log');
    if (picked === 'Retry') return download(planned, deps);
    if (picked === 'Show Log') deps.log.show(true);
    return undefined;
  }
}
