// Runs inside the extension host as a second development extension beside Pipit (extensionHostProbe.ts loads it):
// answers HTTP requests on a Unix socket, so a UI test can time round trips into the extension host and read Pipit's
// API while it drives the workbench. No TCP port: nothing leaves the machine, and Pipit's own sockets stay its own.
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';

/** Pipit's exported API, as far as the probe reports it (see PipitApi in src/extension.ts). */
interface PipitView {
  enginePid?: number;
  counters?: unknown;
  engineStatus?: { state?: string };
  statusBar?: unknown;
}

let server: Server | undefined;

export function activate(): void {
  const socket = process.env.PIPIT_PROBE_SOCKET;
  if (!socket) return;
  rmSync(socket, { force: true });
  server = createServer((request, response) => {
    void answer(request.url ?? '').then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  server.listen(socket);
}

/** `/pipit`: a snapshot of Pipit's API and of the active editor, read through the extension host's event loop. */
async function answer(url: string): Promise<unknown> {
  if (url !== '/pipit') throw new Error(`unknown probe request ${url}`);
  const pipit = vscode.extensions.getExtension<PipitView>('pipit.pipit');
  if (!pipit) return { active: false };
  const api = pipit.isActive ? pipit.exports : await pipit.activate();
  const document = vscode.window.activeTextEditor?.document;
  return {
    active: true,
    ...(document ? { editor: { uri: document.uri.toString(), lineCount: document.lineCount, version: document.version } } : {}),
    enginePid: api.enginePid,
    counters: api.counters,
    engineState: api.engineStatus?.state,
    statusBar: api.statusBar,
  };
}

export function deactivate(): void {
  server?.close();
}
