// A catalog file from download to disk, verified: its URL must pin a commit, its SHA-256 is the catalog's where that
// was confirmed, else the one the main hub declares for that commit (read over HTTPS first), and the bytes (from the
// hub, or from the HF_ENDPOINT mirror) must match it. A file with no pin or no hash is refused and never fetched.
import { DownloadError } from './DownloadError';
import { downloadModel, type DownloadDeps, type DownloadOptions, type DownloadResult } from './downloadModel';
import { declaredSha256, fileUrl, HUB, isPinned, parseHubUrl, type HubChecksumDeps, type HubFile } from './hubChecksum';
import { mirrorOf } from './hubEndpoint';

export interface CatalogFile {
  /** A `https://huggingface.co/{repo}/resolve/{commit}/{file}` URL. */
  url: string;
  /** The catalog's confirmed SHA-256, when it has one. */
  sha256?: string;
  sizeBytes?: number;
  sizeConfirmed?: boolean;
}

export interface VerifiedDownloadDeps extends DownloadDeps, Pick<HubChecksumDeps, 'hub' | 'timeoutMs'> {
  /** Where HF_ENDPOINT (a mirror) is read from. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface VerifiedDownloadResult extends DownloadResult {
  /** Where the SHA-256 came from: the catalog, or the hub's declarations. */
  checksumFrom: string;
  /** The URL the bytes came from (the mirror's, with HF_ENDPOINT). */
  url: string;
}

/** The hub file of a catalog URL, or a DownloadError saying why it is not offered. */
export function pinnedFile(url: string): HubFile {
  const file = parseHubUrl(url);
  if (!file) throw new DownloadError('unpinned', `Pipit downloads models only from Hugging Face resolve URLs, not from ${url}.`, false);
  if (!isPinned(file)) {
    throw new DownloadError(
      'unpinned',
      `${file.repo}/${file.path} is not pinned to a commit (it follows "${file.revision}", which can change to other bytes at any time), ` +
        'so Pipit does not offer it for download. Choose another model, or download the file yourself and pick it with "Browse…".',
      false,
    );
  }
  return file;
}

/** Whether a catalog URL can be downloaded at all (pinned to a commit on the hub). */
export function isOffered(url: string): boolean {
  const file = parseHubUrl(url);
  return file !== undefined && isPinned(file);
}

/** The URL the bytes are fetched from: the mirror named by HF_ENDPOINT, else the hub. */
export function sourceUrl(file: HubFile, deps: Pick<VerifiedDownloadDeps, 'env' | 'hub'>): string {
  return fileUrl(mirrorOf(deps.env ?? {}) ?? deps.hub ?? HUB, file);
}

export async function downloadVerified(
  catalogFile: CatalogFile,
  destination: string,
  options: DownloadOptions = {},
  deps: VerifiedDownloadDeps = {},
): Promise<VerifiedDownloadResult> {
  const file = pinnedFile(catalogFile.url);
  let sha256 = catalogFile.sha256?.toLowerCase();
  let checksumFrom = 'the catalog';
  let expectedBytes = catalogFile.sizeConfirmed ? catalogFile.sizeBytes : undefined;
  if (!sha256) {
    // Always the main hub, never the mirror: a mirror that serves other bytes would declare their hash too.
    const declared = await declaredSha256(
      file,
      { ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.hub ? { hub: deps.hub } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) },
      options.signal,
    );
    sha256 = declared.sha256;
    checksumFrom = `Hugging Face (${declared.sources.join(', ')})`;
    expectedBytes ??= declared.sizeBytes;
  }
  const url = sourceUrl(file, deps);
  const result = await downloadModel({ url, destination, ...(expectedBytes !== undefined ? { expectedBytes } : {}), sha256 }, options, deps);
  return { ...result, checksumFrom, url };
}
