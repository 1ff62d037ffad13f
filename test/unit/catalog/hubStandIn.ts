// A local stand-in for the Hugging Face hub (or an HF_ENDPOINT mirror) on 127.0.0.1: the resolve URL answers with
// the headers the hub sends (`X-Linked-Etag`, `X-Linked-Size`, `X-Repo-Commit`) and redirects to a "CDN" path that
// serves the bytes (with Range); the tree API lists the file with its `lfs.oid`. Each declaration can be made to lie.
// It can serve several files (a code model and its chat pair): the first is the one its `data` and `sha256` describe.
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
  /** Every file served, in the order given (the first is `data`/`sha256`). */
  readonly files: readonly { data: Buffer; sha256: string }[];
  /** `METHOD /path` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

interface ServedFile {
  options: HubStandInOptions;
  data: Buffer;
  sha256: string;
  etag: string | null;
  treeOid: string | null;
  resolvePath: string;
  treePath: string;
  cdnPath: string;
}

function served(options: HubStandInOptions, index: number): ServedFile {
  const data = options.data ?? randomBytes(64 * 1024);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const folder = options.path.includes('/') ? `/${options.path.slice(0, options.path.lastIndexOf('/'))}` : '';
  return {
    options,
    data,
    sha256,
    etag: options.etag === undefined ? sha256 : options.etag,
    treeOid: options.treeOid === undefined ? sha256 : options.treeOid,
    resolvePath: `/${options.repo}/resolve/${options.revision}/${options.path}`,
    treePath: `/api/models/${options.repo}/tree/${options.revision}${folder}`,
    cdnPath: index === 0 ? '/cdn/blob' : `/cdn/blob${index}`,
  };
}

export async function startHubStandIn(options: HubStandInOptions, ...more: HubStandInOptions[]): Promise<HubStandIn> {
  const files = [options, ...more].map(served);
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!);
    requests.push(`${request.method} ${path}`);
    const resolved = files.find((file) => file.resolvePath === path);
    if (resolved) {
      const { data, etag } = resolved;
      response.writeHead(302, {
        location: resolved.cdnPath,
        'x-repo-commit': resolved.options.commitHeader ?? resolved.options.revision,
        'x-linked-size': String(data.length),
        ...(etag === null ? { etag: `"${'0'.repeat(40)}"` } : { 'x-linked-etag': `"${etag}"` }),
      });
      response.end();
      return;
    }
    const listed = files.filter((file) => file.treePath === path);
    if (listed.length > 0) {
      const entries = listed.map(({ data, treeOid, options: { path: filePath } }) => ({
        type: 'file',
        oid: '1'.repeat(40),
        size: data.length,
        path: filePath,
        ...(treeOid === null ? {} : { lfs: { oid: treeOid, size: data.length, pointerSize: 135 } }),
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify([{ type: 'file', oid: '2'.repeat(40), size: 12, path: 'README.md' }, ...entries]));
      return;
    }
    const blob = files.find((file) => file.cdnPath === path);
    if (blob) {
      const { data } = blob;
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
    data: files[0]!.data,
    sha256: files[0]!.sha256,
    files: files.map(({ data, sha256 }) => ({ data, sha256 })),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
