// A loopback node:http server for the failure shapes a real server cannot be made to produce on demand (a missing
// endpoint, a broken stream, an error body that echoes the request's key). Named as a stub in every test using it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  url: string;
  /** Requests received, with their bodies parsed as JSON where they are JSON. */
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: unknown }[];
  /** Paths whose connection the client closed before the response ended. */
  closedEarly: string[];
  close(): Promise<void>;
}

export type Handler = (request: { path: string; body: unknown; headers: IncomingMessage['headers'] }, response: ServerResponse) => void | Promise<void>;

export async function startStubServer(handler: Handler): Promise<StubServer> {
  const requests: StubServer['requests'] = [];
  const closedEarly: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: kept as text.
      }
      const path = request.url ?? '/';
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
      response.on('close', () => {
        if (!response.writableFinished) closedEarly.push(path);
      });
      void Promise.resolve(handler({ path, body, headers: request.headers }, response)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedEarly,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
