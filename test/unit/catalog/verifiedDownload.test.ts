// Downloads are verified or not offered, tested against a local stand-in for the hub (and for an HF_ENDPOINT
// mirror) that serves `X-Linked-Etag` and the tree API, honest or lying. Only free disk space is injected.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError } from '../../../src/catalog/DownloadError';
import { partPath } from '../../../src/catalog/downloadModel';
import { declaredSha256, parseHubUrl } from '../../../src/catalog/hubChecksum';
import { downloadVerified, isOffered } from '../../../src/catalog/verifiedDownload';
import { startHubStandIn, type HubStandIn } from './hubStandIn';
import { rejection as rejectionOf } from '../helpers/rejection';

const REPO = 'ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF';
const COMMIT = '5788aee90e725673490be18f553d234feaa8303d';
const FILE = 'qwen2.5-coder-0.5b-q8_0.gguf';
const URL_PINNED = `https://huggingface.co/${REPO}/resolve/${COMMIT}/${FILE}`;
const plenty = async () => 1e12;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, DownloadError, 'the download');

const fileRequests = (hub: HubStandIn) => hub.requests.filter((request) => request.startsWith('GET /cdn/') || request.startsWith(`GET /${REPO}/resolve/`));
const metadataRequests = (hub: HubStandIn) => hub.requests.filter((request) => request.startsWith('HEAD ') || request.startsWith('GET /api/'));

describe('verified downloads', () => {
  let dir: string;
  let destination: string;
  const hubs: HubStandIn[] = [];
  const standIn = async (options: Partial<Parameters<typeof startHubStandIn>[0]> = {}) => {
    const hub = await startHubStandIn({ repo: REPO, revision: COMMIT, path: FILE, ...options });
    hubs.push(hub);
    return hub;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipit-verified-'));
    destination = join(dir, 'models', FILE);
  });
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks a file with no catalog checksum against the hub's own declaration for the pinned commit", async () => {
    const hub = await standIn();
    const result = await downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, freeSpace: plenty });
    assert.equal(result.sha256, hub.sha256);
    assert.equal(result.checksumFrom, 'Hugging Face (X-Linked-Etag, tree API lfs.oid)');
    assert.deepEqual(readFileSync(destination), hub.data);
    assert.deepEqual(metadataRequests(hub).sort(), [`GET /api/models/${REPO}/tree/${COMMIT}`, `HEAD /${REPO}/resolve/${COMMIT}/${FILE}`]);
  });

  it("uses the catalog's confirmed checksum without asking the hub for one", async () => {
    const hub = await standIn({ etag: 'ab'.repeat(32), treeOid: 'ab'.repeat(32) });
    const result = await downloadVerified({ url: URL_PINNED, sha256: hub.sha256 }, destination, {}, { hub: hub.url, freeSpace: plenty });
    assert.equal(result.checksumFrom, 'the catalog');
    assert.deepEqual(metadataRequests(hub), []);
  });

  it('deletes the file when a lying hub declares the hash of other bytes, and says it is damaged', async () => {
    const other = sha(randomBytes(100));
    const hub = await standIn({ etag: other, treeOid: other });
    const error = await rejection(downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, freeSpace: plenty }));
    assert.equal(error.code, 'checksum');
    assert.match(error.message, new RegExp(`SHA-256 is ${hub.sha256}, the published one ${other}`));
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(partPath(destination)), false);
  });

  it('refuses before downloading when the header and the tree API disagree', async () => {
    const hub = await standIn({ treeOid: sha(Buffer.from('something else')) });
    const error = await rejection(downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, freeSpace: plenty }));
    assert.equal(error.code, 'checksum');
    assert.match(error.message, /declares two different SHA-256 values .*X-Linked-Etag.*tree API lfs\.oid.*not started/);
    assert.deepEqual(fileRequests(hub), [], 'no byte of the file was requested');
  });

  it('refuses a file the hub declares no SHA-256 for (no LFS hash), and tells the user what to do', async () => {
    const hub = await standIn({ etag: null, treeOid: null });
    const error = await rejection(downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, freeSpace: plenty }));
    assert.equal(error.code, 'unverified');
    assert.match(error.message, /declares no SHA-256 .*not started.*Browse/);
    assert.deepEqual(fileRequests(hub), []);
    assert.equal(existsSync(destination), false);
  });

  it('ignores a header about another commit, and still checks against the tree API', async () => {
    const hub = await standIn({ commitHeader: 'f'.repeat(40), etag: 'cd'.repeat(32) });
    const declared = await declaredSha256({ repo: REPO, revision: COMMIT, path: FILE }, { hub: hub.url });
    assert.deepEqual(declared, { sha256: hub.sha256, sizeBytes: hub.data.length, sources: ['tree API lfs.oid'] });
  });

  it('does not offer an entry that follows a branch, and asks nothing of the network for it', async () => {
    const hub = await standIn({ revision: 'main' });
    const url = `https://huggingface.co/${REPO}/resolve/main/${FILE}`;
    assert.equal(isOffered(url), false);
    assert.equal(isOffered(URL_PINNED), true);
    const error = await rejection(downloadVerified({ url, sha256: hub.sha256 }, destination, {}, { hub: hub.url, freeSpace: plenty }));
    assert.equal(error.code, 'unpinned');
    assert.match(error.message, /not pinned to a commit .*"main".*Browse/);
    assert.deepEqual(hub.requests, []);
  });

  it('checks an HF_ENDPOINT mirror against the main hub, so a mirror serving other bytes is caught', async () => {
    const hub = await standIn();
    // The mirror serves other bytes and declares their hash: its word must not count.
    const mirror = await standIn({ data: randomBytes(64 * 1024) });
    const error = await rejection(
      downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, env: { HF_ENDPOINT: `${mirror.url}/` }, freeSpace: plenty }),
    );
    assert.equal(error.code, 'checksum');
    assert.deepEqual(metadataRequests(mirror), [], 'nothing but bytes is asked of the mirror');
    assert.deepEqual(fileRequests(hub), [], 'the bytes came from the mirror');
    assert.equal(existsSync(destination), false);

    const honest = await standIn({ data: hub.data });
    const result = await downloadVerified({ url: URL_PINNED }, destination, {}, { hub: hub.url, env: { HF_ENDPOINT: honest.url }, freeSpace: plenty });
    assert.equal(result.sha256, hub.sha256);
    assert.ok(result.url.startsWith(honest.url));
  });

  it("checks a mirror against the catalog's checksum too", async () => {
    const hub = await standIn();
    const mirror = await standIn({ data: randomBytes(1000) });
    const error = await rejection(
      downloadVerified({ url: URL_PINNED, sha256: hub.sha256 }, destination, {}, { hub: hub.url, env: { HF_ENDPOINT: mirror.url }, freeSpace: plenty }),
    );
    assert.equal(error.code, 'checksum');
  });

  it('reads checksums only over HTTPS (a loopback stand-in aside): a plain http hub is refused without a request', async () => {
    const attempted: string[] = [];
    const spy = (async (input: string | URL | Request) => {
      attempted.push(String(input));
      throw new Error('no network in this test');
    }) as typeof fetch;
    const error = await rejection(downloadVerified({ url: URL_PINNED }, destination, {}, { hub: 'http://hub.example.com', fetch: spy, freeSpace: plenty }));
    assert.equal(error.code, 'unverified');
    assert.match(error.message, /only over HTTPS/);
    assert.deepEqual(attempted, []);
  });

  it('parses hub URLs, folders and escapes included', () => {
    assert.deepEqual(parseHubUrl(URL_PINNED), { repo: REPO, revision: COMMIT, path: FILE });
    assert.deepEqual(parseHubUrl(`https://huggingface.co/a/b/resolve/${COMMIT}/sub/dir/x.gguf`)?.path, 'sub/dir/x.gguf');
    assert.equal(parseHubUrl('https://example.com/a/b/resolve/main/x.gguf'), undefined);
    assert.equal(parseHubUrl('http://huggingface.co/a/b/resolve/main/x.gguf'), undefined);
  });
});
