// Downloads one model file: resumable (HTTP Range onto a kept `.part` file), checked (SHA-256 over every byte,
// the resumed ones included; a file with no SHA-256 to check is refused before the first request), with free disk space checked before the first byte, progress with speed, and
// cancellation through an AbortSignal.
//
// Why not node-llama-cpp's `createModelDownloader`: it is ESM-only and would be loaded into the extension host for
// one HTTP GET, it does not check a SHA-256, and its resume and progress behaviour is its own (ipull) and hard to
// drive from a test. This is one streaming `fetch` with a Range header: every path (resume, server that ignores
// Range, 404, 416, disk full, checksum) is tested against a real HTTP server on 127.0.0.1.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes } from './catalog';
import { DownloadError } from './DownloadError';
import { statfsFreeSpace, type FreeSpace } from './freeSpace';

export interface DownloadRequest {
  url: string;
  /** Final path; bytes go to `<destination>.part` until the whole file is there and checked. */
  destination: string;
  /** Size the catalog expects, used to check disk space before the request is even sent. */
  expectedBytes?: number;
  /** Lowercase hex SHA-256 the file must have. Required: without one the download is refused before it starts. */
  sha256: string | undefined;
}

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes?: number;
  /** Bytes per second over this session's transfer (resumed bytes excluded). */
  bytesPerSecond: number;
  /** Bytes that were already in the `.part` file when this download started. */
  resumedFromBytes: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadDeps {
  fetch?: typeof fetch;
  freeSpace?: FreeSpace;
  now?: () => number;
  /** Progress events at most this often (the last one always comes). Default 250 ms. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Always true: a file that could not be checked is never kept. */
  verified: true;
  resumedFromBytes: number;
}

/** Room left beside the model: a disk filled to the last byte breaks the editor before it breaks us. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;

export function partPath(destination: string): string {
  return `${destination}.part`;
}

export async function downloadModel(
  request: DownloadRequest,
  options: DownloadOptions = {},
  deps: DownloadDeps = {},
): Promise<DownloadResult> {
  // A file that cannot be checked is not worth its download: it would be run by llama.cpp's GGUF parser unverified.
  if (!request.sha256 || !/^[0-9a-fA-F]{64}$/.test(request.sha256)) {
    throw new DownloadError(
      'unverified',
      `There is no SHA-256 to check ${fileNameOf(request.url)} against, so Pipit does not download it. ` +
        'Choose another model, or download the file yourself and pick it with "Browse…".',
      false,
    );
  }
  const directory = dirname(request.destination);
  await mkdir(directory, { recursive: true });
  // A 416 with a .part of the wrong size means the file changed upstream: start over, once.
  for (let attempt = 0; ; attempt++) {
    const result = await attemptDownload(request, options, deps, directory);
    if (result !== 'restart' || attempt > 0) {
      if (result === 'restart') throw new DownloadError('http', 'The server refused to resume the download twice. Try again later.', false);
      return result;
    }
    await rm(partPath(request.destination), { force: true });
  }
}

async function attemptDownload(
  request: DownloadRequest,
  options: DownloadOptions,
  deps: DownloadDeps,
  directory: string,
): Promise<DownloadResult | 'restart'> {
  const { signal, onProgress } = options;
  const fetchFn = deps.fetch ?? fetch;
  const freeSpace = deps.freeSpace ?? statfsFreeSpace;
  const now = deps.now ?? Date.now;
  const part = partPath(request.destination);
  const existing = await sizeOf(part);
  if (request.expectedBytes !== undefined) await ensureSpace(freeSpace, directory, request.expectedBytes - existing);
  if (signal?.aborted) throw cancelledError(existing);

  let response: Response;
  try {
    response = await fetchFn(request.url, {
      headers: existing > 0 ? { range: `bytes=${existing}-` } : {},
      redirect: 'follow',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw cancelledError(existing);
    throw new DownloadError(
      'offline',
      `Could not reach ${hostOf(request.url)} (${causeOf(error)}). Check the network or proxy, then try again${existing > 0 ? '; the download resumes where it stopped' : ''}.`,
      existing > 0,
    );
  }

  if (response.status === 416) {
    await response.body?.cancel();
    const total = parseTotal(response.headers.get('content-range'));
    if (total !== undefined && total === existing) return finish(request, part, existing, existing);
    return 'restart';
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    await rm(part, { force: true });
    throw new DownloadError('notFound', `The model file is not at ${request.url} (HTTP ${response.status}). Pipit's catalog may be out of date: choose another model or a local GGUF file.`, false);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError('http', `The server answered HTTP ${response.status} for ${request.url}. Try again later.`, existing > 0);
  }

  let offset = 0;
  if (response.status === 206) {
    const start = parseStart(response.headers.get('content-range'));
    if (start !== existing) {
      await response.body.cancel();
      return 'restart';
    }
    offset = existing;
  } else if (existing > 0) {
    // The server ignored the Range header and sends the whole file: start the .part over.
    await truncate(part, 0);
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total =
    response.status === 206
      ? parseTotal(response.headers.get('content-range')) ?? (Number.isFinite(length) ? offset + length : undefined)
      : Number.isFinite(length)
        ? length
        : request.expectedBytes;
  if (total !== undefined) await ensureSpace(freeSpace, directory, total - offset, () => response.body?.cancel());

  const hash = createHash('sha256');
  if (offset > 0) await hashFile(part, hash);
  const startedAt = now();
  const interval = deps.progressIntervalMs ?? 250;
  let received = offset;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const at = now();
    if (!onProgress || (!force && at - lastReport < interval)) return;
    lastReport = at;
    const seconds = Math.max((at - startedAt) / 1000, 0.001);
    onProgress({
      receivedBytes: received,
      ...(total !== undefined ? { totalBytes: total } : {}),
      bytesPerSecond: (received - offset) / seconds,
      resumedFromBytes: offset,
    });
  };
  report(true);

  const file = await open(part, offset > 0 ? 'a' : 'w');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await file.write(chunk);
      hash.update(chunk);
      received += chunk.byteLength;
      report(false);
    }
  } catch (error) {
    await file.close().catch(() => undefined);
    if (signal?.aborted) throw cancelledError(await sizeOf(part));
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new DownloadError('diskFull', `The disk filled up after ${formatBytes(received)}. Free some space and download again: it resumes where it stopped.`, true);
    }
    throw interruptedError(received, total, error);
  }
  await file.close();
  report(true);
  if (signal?.aborted) throw cancelledError(received);
  if (total !== undefined && received !== total) throw interruptedError(received, total);
  return finish(request, part, received, offset, hash);
}

async function finish(request: DownloadRequest, part: string, bytes: number, resumedFromBytes: number, hash?: Hash): Promise<DownloadResult> {
  let digestHash = hash;
  if (!digestHash) {
    digestHash = createHash('sha256');
    await hashFile(part, digestHash);
  }
  const digest = digestHash.digest('hex');
  if (digest !== request.sha256!.toLowerCase()) {
    await rm(part, { force: true });
    throw new DownloadError(
      'checksum',
      `The downloaded file is damaged: its SHA-256 is ${digest}, the published one ${request.sha256}. It was deleted; download it again.`,
      false,
    );
  }
  await rename(part, request.destination);
  return { path: request.destination, bytes, sha256: digest, verified: true, resumedFromBytes };
}

async function ensureSpace(freeSpace: FreeSpace, directory: string, needed: number, onFail?: () => unknown): Promise<void> {
  if (needed <= 0) return;
  const free = await freeSpace(directory);
  if (free >= needed + DISK_MARGIN_BYTES) return;
  await onFail?.();
  throw new DownloadError(
    'diskFull',
    `Not enough disk space: the model needs ${formatBytes(needed)} more and ${formatBytes(free)} is free in ${directory}. Free some space and try again.`,
    true,
  );
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function parseStart(header: string | null): number | undefined {
  const match = /^bytes\s+(\d+)-\d+\/(?:\d+|\*)$/i.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

function parseTotal(header: string | null): number | undefined {
  const match = /\/(\d+)\s*$/.exec(header ?? '');
  return match ? Number(match[1]) : undefined;
}

function cancelledError(keptBytes: number): DownloadError {
  return new DownloadError(
    'cancelled',
    keptBytes > 0 ? `Download cancelled; ${formatBytes(keptBytes)} kept, so downloading again resumes from there.` : 'Download cancelled.',
    keptBytes > 0,
  );
}

function interruptedError(received: number, total: number | undefined, cause?: unknown): DownloadError {
  const of = total !== undefined ? ` of ${formatBytes(total)}` : '';
  const why = cause ? ` (${causeOf(cause)})` : '';
  return new DownloadError('interrupted', `The download stopped after ${formatBytes(received)}${of}${why}. Download again to resume where it stopped.`, true);
}

function fileNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    return code ?? (cause instanceof Error ? cause.message : error.message);
  }
  return String(error);
}
