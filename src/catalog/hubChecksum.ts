// The SHA-256 Hugging Face itself declares for one file at one pinned revision, fetched from the main hub over HTTPS
// before a download: for a catalog entry whose own checksum could not be confirmed, this is what the downloaded
// bytes are checked against. The hub states it twice, and both are read: the `X-Linked-Etag` header of the resolve
// URL (LFS files), and `lfs.oid` in the tree API. If they disagree, or neither gives a SHA-256, nothing is downloaded.
import { isIP } from 'node:net';
import { DownloadError } from './DownloadError';

export const HUB = 'https://huggingface.co';

/** A file in a model repository at a revision, as named by a `resolve` URL. */
export interface HubFile {
  /** `owner/name` */
  repo: string;
  revision: string;
  /** Path inside the repository (may contain folders). */
  path: string;
}

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** `https://huggingface.co/{owner}/{name}/resolve/{revision}/{path}`, or undefined for any other URL. */
export function parseHubUrl(url: string): HubFile | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== HUB) return undefined;
  const match = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(parsed.pathname);
  if (!match) return undefined;
  return { repo: `${match[1]}/${match[2]}`, revision: decodeURIComponent(match[3]!), path: match[4]!.split('/').map(decodeURIComponent).join('/') };
}

/** A revision is pinned when it is a commit id: a branch (`main`) can be moved to other bytes at any time. */
export function isPinned(file: HubFile): boolean {
  return COMMIT.test(file.revision);
}

/** The resolve URL of `file` on a hub or mirror at `base`. */
export function fileUrl(base: string, file: HubFile): string {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}/${file.repo}/resolve/${file.revision}/${path}`;
}

export interface HubChecksumDeps {
  fetch?: typeof fetch;
  /** The main hub (tests: a stand-in on loopback). Never a mirror: a mirror's word is what is being checked. */
  hub?: string;
  timeoutMs?: number;
}

export interface DeclaredChecksum {
  sha256: string;
  /** The size the tree API gives, where it does. */
  sizeBytes?: number;
  /** Where it was read: `X-Linked-Etag`, `tree API lfs.oid`. */
  sources: string[];
}

/** Reads the hub's SHA-256 for `file`; throws a DownloadError that says what to do when there is none to trust. */
export async function declaredSha256(file: HubFile, deps: HubChecksumDeps = {}, signal?: AbortSignal): Promise<DeclaredChecksum> {
  const hub = (deps.hub ?? HUB).replace(/\/+$/, '');
  requireHttps(hub);
  const fetchFn = deps.fetch ?? fetch;
  const timeout = AbortSignal.timeout(deps.timeoutMs ?? 15_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const name = `${file.repo}/${file.path}@${file.revision.slice(0, 7)}`;

  const [header, tree] = await Promise.all([
    etagOf(fetchFn, fileUrl(hub, file), file, combined),
    treeOidOf(fetchFn, hub, file, combined),
  ]);
  if (signal?.aborted) throw new DownloadError('cancelled', 'Download cancelled.', false);
  if (header.failed && tree.failed) {
    throw new DownloadError(
      'offline',
      `Could not read the SHA-256 Hugging Face declares for ${name} (${header.failed}). Check the network or proxy, then try again.`,
      false,
    );
  }
  const declared = [
    ...(header.sha256 ? [{ sha256: header.sha256, source: 'X-Linked-Etag' }] : []),
    ...(tree.sha256 ? [{ sha256: tree.sha256, source: 'tree API lfs.oid' }] : []),
  ];
  if (declared.length === 0) {
    throw new DownloadError(
      'unverified',
      `Hugging Face declares no SHA-256 for ${name}, so the download could not be verified and was not started. ` +
        'Choose another model, or download the file yourself and pick it with "Browse…".',
      false,
    );
  }
  if (declared.some((item) => item.sha256 !== declared[0]!.sha256)) {
    throw new DownloadError(
      'checksum',
      `Hugging Face declares two different SHA-256 values for ${name} (${declared.map((item) => `${item.source}: ${item.sha256}`).join('; ')}), ` +
        'so the download was not started. Try again later, or choose another model.',
      false,
    );
  }
  return {
    sha256: declared[0]!.sha256,
    ...(tree.size !== undefined ? { sizeBytes: tree.size } : {}),
    sources: declared.map((item) => item.source),
  };
}

/** Hashes are trusted only over HTTPS (a loopback stand-in is this machine, as in the tests). */
function requireHttps(base: string): void {
  const url = new URL(base);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new DownloadError('unverified', `Pipit reads model checksums only over HTTPS, not from ${url.origin}.`, false);
  }
}

interface Lookup {
  sha256?: string;
  size?: number;
  /** Why the hub could not be asked at all (network), as opposed to answering without a hash. */
  failed?: string;
}

/** `X-Linked-Etag: "<sha256>"` on the resolve URL (not followed: the header is on the hub's own answer). */
async function etagOf(fetchFn: typeof fetch, url: string, file: HubFile, signal: AbortSignal): Promise<Lookup> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'HEAD', redirect: 'manual', signal });
  } catch (error) {
    return { failed: causeOf(error) };
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 400) return {};
  // The hub names the commit it answered for; an answer about another revision says nothing about this one.
  const commit = response.headers.get('x-repo-commit');
  if (commit && commit.toLowerCase() !== file.revision) return {};
  const sha256 = etagValue(response.headers.get('x-linked-etag'));
  return sha256 ? { sha256 } : {};
}

/** `lfs.oid` of the file in `GET /api/models/{repo}/tree/{revision}/{folder}`. */
async function treeOidOf(fetchFn: typeof fetch, hub: string, file: HubFile, signal: AbortSignal): Promise<Lookup> {
  const folder = file.path.includes('/') ? `/${file.path.slice(0, file.path.lastIndexOf('/')).split('/').map(encodeURIComponent).join('/')}` : '';
  let response: Response;
  try {
    response = await fetchFn(`${hub}/api/models/${file.repo}/tree/${file.revision}${folder}`, { redirect: 'manual', signal });
  } catch (error) {
    return { failed: causeOf(error) };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return {};
  }
  let listing: unknown;
  try {
    listing = JSON.parse(await response.text());
  } catch {
    return {};
  }
  if (!Array.isArray(listing)) return {};
  const entry: unknown = listing.find((item: unknown) => typeof item === 'object' && item !== null && (item as { path?: unknown }).path === file.path);
  const lfs = (entry as { lfs?: { oid?: unknown; size?: unknown } } | undefined)?.lfs;
  const oid = typeof lfs?.oid === 'string' ? lfs.oid.toLowerCase().replace(/^sha256:/, '') : undefined;
  if (!oid || !SHA256.test(oid)) return {};
  return { sha256: oid, ...(typeof lfs?.size === 'number' ? { size: lfs.size } : {}) };
}

/** `"abc…"`, `W/"abc…"` -> `abc…` when it is a SHA-256; a git blob id (40 hex) or anything else -> undefined. */
function etagValue(header: string | null): string | undefined {
  const value = header?.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return value && SHA256.test(value) ? value : undefined;
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { cause?: { code?: string } }).cause?.code;
    return code ?? error.message;
  }
  return String(error);
}
