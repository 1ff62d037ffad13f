// Downloads a catalog model only after the user agreed in a modal that names its size, URL and licence; shows
// progress (size, speed, Cancel) in a notification; turns every failure into a message that says what to do.
// An entry not pinned to a commit is not offered at all, and every file is checked against a SHA-256 before use.
import * as vscode from 'vscode';
import { entryTitle, formatBytes } from '../../catalog/catalog';
import { DownloadError } from '../../catalog/DownloadError';
import type { CatalogEntry } from '../../catalog/types';
import { downloadVerified, pinnedFile, sourceUrl, type VerifiedDownloadDeps } from '../../catalog/verifiedDownload';
import type { ModelLibrary } from './ModelLibrary';

export interface DownloadUiDeps {
  library: ModelLibrary;
  log: vscode.LogOutputChannel;
  /** Test seam: a local stand-in for the hub, an injected free-space function. */
  downloadDeps?: Omit<VerifiedDownloadDeps, 'env'>;
  env?: NodeJS.ProcessEnv;
}

/** Resolves with the downloaded file's path, or undefined when the user declined, cancelled or it failed. */
export async function downloadWithConsent(entry: CatalogEntry, deps: DownloadUiDeps): Promise<string | undefined> {
  let url: string;
  let revision: string;
  try {
    const file = pinnedFile(entry.url);
    url = sourceUrl(file, { env: deps.env ?? process.env, ...(deps.downloadDeps?.hub ? { hub: deps.downloadDeps.hub } : {}) });
    revision = file.revision;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`download ${entry.id}: ${message}`);
    void vscode.window.showWarningMessage(`Pipit: ${message}`);
    return undefined;
  }
  const size = `${entry.sizeConfirmed ? '' : 'about '}${formatBytes(entry.sizeBytes)}`;
  const checksum = entry.sha256
    ? 'The file is checked against its published SHA-256.'
    : `The file is checked against the SHA-256 Hugging Face declares for commit ${revision.slice(0, 12)}, read over HTTPS first; without one it is not downloaded.`;
  const choice = await vscode.window.showInformationMessage(
    `Download ${entryTitle(entry)} (${size})?`,
    {
      modal: true,
      detail: `From: ${url}\nTo: ${deps.library.modelsDir}\nLicence: ${entry.licence}\n${checksum}\nNeeds about ${formatBytes(entry.memoryBytes)} of memory to run.`,
    },
    'Download',
  );
  if (choice !== 'Download') return undefined;
  return runDownload(entry, url, deps);
}

async function runDownload(entry: CatalogEntry, url: string, deps: DownloadUiDeps): Promise<string | undefined> {
  const destination = deps.library.pathOf(entry);
  deps.log.info(`download ${entry.id}: ${url} -> ${destination}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pipit: downloading ${entryTitle(entry)}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const listener = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await downloadVerified(
            entry,
            destination,
            {
              signal: abort.signal,
              onProgress: (event) => {
                const total = event.totalBytes ?? entry.sizeBytes;
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
    deps.log.info(`download ${entry.id}: done, ${result.bytes} bytes from ${result.url}, sha256 ${result.sha256} (verified against ${result.checksumFrom})`);
    void vscode.window.showInformationMessage(`Pipit: ${entryTitle(entry)} downloaded and verified.`);
    return result.path;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`download ${entry.id}: ${message}`);
    if (error instanceof DownloadError && error.code === 'cancelled') {
      void vscode.window.showInformationMessage(`Pipit: ${message}`);
      return undefined;
    }
    const retry = error instanceof DownloadError && (error.code === 'offline' || error.code === 'interrupted' || error.code === 'checksum');
    const picked = await vscode.window.showErrorMessage(`Pipit: ${message}`, ...(retry ? ['Retry'] : []), 'Show Log');
    if (picked === 'Retry') return runDownload(entry, url, deps);
    if (picked === 'Show Log') deps.log.show(true);
    return undefined;
  }
}
