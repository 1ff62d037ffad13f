// Download failures as codes the UI turns into advice; each message already says what to do.

export type DownloadErrorCode =
  | 'offline'
  | 'notFound'
  | 'http'
  | 'diskFull'
  | 'checksum'
  /** No SHA-256 to check the file against: refused before any byte is downloaded. */
  | 'unverified'
  /** The catalog entry does not name a commit: what `main` holds can change, so it is not offered. */
  | 'unpinned'
  | 'interrupted'
  | 'cancelled'
  | 'io';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    /** Whether the `.part` file was kept, so choosing the model again resumes where it stopped. */
    readonly partialKept: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}
