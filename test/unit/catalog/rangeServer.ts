// A real HTTP file server on 127.0.0.1 for the downloader's tests: Range requests (206/416), and on demand a
// connection dropped mid-file, a slow trickle, or a server that ignores Range. Nothing is mocked below fetch.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServerOptions {
  /** The path the file is served at (a hub mirror's resolve path, for instance); `/model.gguf` by default. */
  path?: string;
  /** Drop the connection after this many body bytes, on the first request only. */
  dropAfterBytes?: number;
  ignoreRange?: boolean;
  /** Send the body in chunks of this size with this delay between them. */
  chunkBytes?: number;
  chunkDelayMs?: number;
}

export interface RangeServer {
  url(path?: string): string;
  readonly data: Buffer;
  readonly sha256: string;
  /** The Range header of every request, in order (undefined when none was sent). */
  readonly ranges: (string | undefined)[];
  close(): Promise<void>;
}

export async function startRangeServer(size: number, options: RangeServerOptions = {}): Promise<RangeServer> {
  const data = randomBytes(size);
  const ranges: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    ranges.push(request.headers.range);
    if (request.url !== (options.path ?? '/model.gguf')) {
      response.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (match && !options.ignoreRange) {
      start = Number(match[1]);
      if (start >= data.length) {
        response.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      response.writeHead(206, {
        'content-range': `bytes ${start}-${data.length - 1}/${data.length}`,
        'content-length': String(data.length - start),
      });
    } else {
      response.writeHead(200, { 'content-length': String(data.length) });
    }
    const body = data.subarray(start);
    const drop = ranges.length === 1 ? options.dropAfterBytes : undefined;
    if (drop !== undefined) {
      response.write(body.subarray(0, drop), () => setTimeout(() => response.socket?.destroy(), 20));
      return;
    }
    const chunk = options.chunkBytes ?? body.length;
    let sent = 0;
    const next = () => {
      if (response.destroyed) return;
      if (sent >= body.length) return void response.end();
      response.write(body.subarray(sent, sent + chunk));
      sent += chunk;
      setTimeout(next, options.chunkDelayMs ?? 0);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = options.path ?? '/model.gguf') => `http://127.0.0.1:${port}${path}`,
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    ranges,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
