// A local stand-in for the Hugging Face hub (or an HF_ENDPOINT mirror) on 127.0.0.1: the resolve URL answers with
// the headers the hub sends (`X-Linked-Etag`, `X-Linked-Size`, `X-Repo-Commit`) and redirects to a "CDN" path that
// serves the bytes (with Range); the tree API lists the file with its `lfs.oid`. Each declaration can be made to lie.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubStandInOptions {
  repo: string;
  revision: string;
  path: string;
  /** The bytes served (random when not given). */
  data?: Buffer;
  /** What `X-Linked-Etag` says: the data's SHA-256 by default; null sends none. */
  etag?: string | null;
  /** What the tree API's `lfs.oid` says: the data's SHA-256 by default; null lists the file without `lfs`. */
  treeOid?: string | null;
  /** `X-Repo-Commit` sent with the resolve answer (the revision by default). */
  commitHeader?: string;
}

export interface HubStandIn {
  readonly url: string;
  readonly data: Buffer;
  readonly sha256: string;
  /** `METHOD /path` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startHubStandIn(options: HubStandInOptions): Promise<HubStandIn> {
  const data = options.data ?? randomBytes(64 * 1024);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const etag = options.etag === undefined ? sha256 : options.etag;
  const treeOid = options.treeOid === undefined ? sha256 : options.treeOid;
  const requests: string[] = [];
  const resolvePath = `/${options.repo}/resolve/${options.revision}/${options.path}`;
  const folder = options.path.includes('/') ? `/${options.path.slice(0, options.path.lastIndexOf('/'))}` : '';
  const treePath = `/api/models/${options.repo}/tree/${options.revision}${folder}`;
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!);
    requests.push(`${request.method} ${path}`);
    if (path === resolvePath) {
      response.writeHead(302, {
        location: '/cdn/blob',
        'x-repo-commit': options.commitHeader ?? options.revision,
        'x-linked-size': String(data.length),
        ...(etag === null ? { etag: `"${'0'.repeat(40)}"` } : { 'x-linked-etag': `"${etag}"` }),
      });
      response.end();
      return;
    }
    if (path === treePath) {
      const entry = { type: 'file', oid: '1'.repeat(40), size: data.length, path: options.path, ...(treeOid === null ? {} : { lfs: { oid: treeOid, size: data.length, pointerSize: 135 } }) };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify([{ type: 'file', oid: '2'.repeat(40), size: 12, path: 'README.md' }, entry]));
      return;
    }
    if (path === '/cdn/blob') {
      const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      const start = match ? Number(match[1]) : 0;
      if (start >= data.length && match) {
        response.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      response.writeHead(match ? 206 : 200, {
        'content-length': String(data.length - start),
        ...(match ? { 'content-range': `bytes ${start}-${data.length - 1}/${data.length}` } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : data.subarray(start));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Entry not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    data,
    sha256,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
