// The model downloader against a real HTTP server on 127.0.0.1: what the user sees is a finished, checked file,
// honest progress, a resumed download after a dropped connection, and clear errors. Only free disk space is
// injected (a full disk cannot be made on demand here).
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError } from '../../../src/catalog/DownloadError';
import { downloadModel, partPath, type DownloadProgress } from '../../../src/catalog/downloadModel';
import { startRangeServer, type RangeServer } from './rangeServer';
import { rejection as rejectionOf } from '../helpers/rejection';

const MB = 1024 * 1024;
const plenty = async () => 1e12;

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, DownloadError, 'the download');

describe('downloadModel', () => {
  let dir: string;
  let server: RangeServer | undefined;
  let destination: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipit-download-'));
    destination = join(dir, 'models', 'model.gguf');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the whole file, checks its SHA-256 and reports progress with size and speed', async () => {
    server = await startRangeServer(2 * MB, { chunkBytes: 256 * 1024, chunkDelayMs: 5 });
    const events: DownloadProgress[] = [];
    const result = await downloadModel(
      { url: server.url(), destination, expectedBytes: 2 * MB, sha256: server.sha256 },
      { onProgress: (progress) => events.push(progress) },
      { freeSpace: plenty, progressIntervalMs: 0 },
    );
    assert.deepEqual(readFileSync(destination), server.data);
    assert.equal(existsSync(partPath(destination)), false, 'no .part file is left behind');
    assert.equal(result.verified, true);
    assert.equal(result.sha256, server.sha256);
    assert.ok(events.length >= 4, `expected several progress events, got ${events.length}`);
    assert.deepEqual(events.map((event) => event.totalBytes), events.map(() => 2 * MB));
    const received = events.map((event) => event.receivedBytes);
    assert.deepEqual(received, [...received].sort((a, b) => a - b), 'progress never goes backwards');
    assert.equal(received.at(-1), 2 * MB);
    assert.ok(events.at(-1)!.bytesPerSecond > 0);
  });

  it('keeps the .part file when the connection drops, and resumes from it with a Range request', async () => {
    server = await startRangeServer(1 * MB, { dropAfterBytes: 300_000 });
    const request = { url: server.url(), destination, expectedBytes: 1 * MB, sha256: server.sha256 };
    const first = await rejection(downloadModel(request, {}, { freeSpace: plenty }));
    assert.equal(first.code, 'interrupted');
    assert.equal(first.partialKept, true);
    assert.equal(statSync(partPath(destination)).size, 300_000);

    const events: DownloadProgress[] = [];
    const result = await downloadModel(request, { onProgress: (event) => events.push(event) }, { freeSpace: plenty, progressIntervalMs: 0 });
    assert.deepEqual(server.ranges, [undefined, 'bytes=300000-']);
    assert.equal(result.resumedFromBytes, 300_000);
    assert.equal(events[0]!.receivedBytes, 300_000, 'progress starts where the last download stopped');
    assert.equal(result.sha256, server.sha256, 'the checksum covers the resumed bytes too');
    assert.deepEqual(readFileSync(destination), server.data);
  });

  it('starts over when the server ignores the Range header', async () => {
    server = await startRangeServer(200_000, { ignoreRange: true });
    const target = join(dir, 'model.gguf');
    writeFileSync(partPath(target), server.data.subarray(0, 50_000));
    await downloadModel({ url: server.url(), destination: target, sha256: server.sha256 }, {}, { freeSpace: plenty });
    assert.deepEqual(readFileSync(target), server.data);
  });

  it('finishes a .part that is already complete (HTTP 416) without downloading it again', async () => {
    server = await startRangeServer(100_000);
    const target = join(dir, 'model.gguf');
    writeFileSync(partPath(target), server.data);
    const result = await downloadModel({ url: server.url(), destination: target, sha256: server.sha256 }, {}, { freeSpace: plenty });
    assert.equal(result.sha256, server.sha256);
    assert.deepEqual(readFileSync(target), server.data);
  });

  it('stops on Cancel and keeps what it has for a later resume', async () => {
    server = await startRangeServer(4 * MB, { chunkBytes: 64 * 1024, chunkDelayMs: 20 });
    const abort = new AbortController();
    const error = await rejection(
      downloadModel(
        { url: server.url(), destination, expectedBytes: 4 * MB, sha256: server.sha256 },
        { signal: abort.signal, onProgress: (event) => event.receivedBytes > 200_000 && abort.abort() },
        { freeSpace: plenty, progressIntervalMs: 0 },
      ),
    );
    assert.equal(error.code, 'cancelled');
    assert.match(error.message, /resumes/);
    assert.equal(existsSync(destination), false);
    const kept = statSync(partPath(destination)).size;
    assert.ok(kept > 200_000 && kept < 4 * MB, `kept ${kept} bytes`);
  });

  it('deletes the file and says so when the checksum does not match', async () => {
    server = await startRangeServer(300_000);
    const error = await rejection(
      downloadModel({ url: server.url(), destination, sha256: 'ab'.repeat(32) }, {}, { freeSpace: plenty }),
    );
    assert.equal(error.code, 'checksum');
    assert.match(error.message, /damaged/);
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(partPath(destination)), false, 'the partial file is removed');
  });

  it('refuses a file with no SHA-256 to check, before sending any request, and says what to do', async () => {
    server = await startRangeServer(10_000);
    for (const sha256 of [undefined, '', 'not-a-hash']) {
      const error = await rejection(downloadModel({ url: server.url(), destination, sha256 }, {}, { freeSpace: plenty }));
      assert.equal(error.code, 'unverified');
      assert.match(error.message, /no SHA-256 to check model\.gguf against.*Browse/);
    }
    assert.deepEqual(server.ranges, [], 'nothing was requested');
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(partPath(destination)), false);
  });

  it('says the file is not there on 404', async () => {
    server = await startRangeServer(10_000);
    const error = await rejection(downloadModel({ url: server.url('/missing.gguf'), destination, sha256: server.sha256 }, {}, { freeSpace: plenty }));
    assert.equal(error.code, 'notFound');
    assert.match(error.message, /404/);
  });

  it('refuses to start when the disk has no room, before sending any request', async () => {
    server = await startRangeServer(10_000);
    const error = await rejection(
      downloadModel({ url: server.url(), destination, expectedBytes: 2e9, sha256: server.sha256 }, {}, { freeSpace: async () => 500 * MB }),
    );
    assert.equal(error.code, 'diskFull');
    assert.match(error.message, /2\.0 GB/);
    assert.deepEqual(server.ranges, [], 'nothing was requested');
  });

  it('checks the size the server announces too, when the catalog did not know it', async () => {
    server = await startRangeServer(3 * MB);
    const error = await rejection(downloadModel({ url: server.url(), destination, sha256: server.sha256 }, {}, { freeSpace: async () => 1 * MB }));
    assert.equal(error.code, 'diskFull');
    assert.equal(existsSync(partPath(destination)), false);
  });

  it('says the network is unreachable when nothing answers', async () => {
    server = await startRangeServer(10);
    const url = server.url();
    await server.close();
    server = undefined;
    const error = await rejection(downloadModel({ url, destination, sha256: 'ab'.repeat(32) }, {}, { freeSpace: plenty }));
    assert.equal(error.code, 'offline');
    assert.match(error.message, /Could not reach 127\.0\.0\.1/);
  });
});
