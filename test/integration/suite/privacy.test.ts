// "No code leaves the machine", proven: while a whole completion session and an explanation run through the local
// engine (the explanation must have streamed from it), every socket of the extension host and of the engine process
// is watched (Linux /proc), and Node's own socket and DNS entry points in the extension host are recorded. Anything
// but loopback fails the test. And the system clipboard: only what was copied in an editor may reach a prompt.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { CONTEXT_IDLE_MS } from '../../../src/completion/contextIdle';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';

interface SocketSeen {
  pid: number;
  table: string;
  local: string;
  remote: string;
}

/** inode -> address pair, from the kernel's socket tables of this network namespace. */
function socketTables(): Map<string, Omit<SocketSeen, 'pid'>> {
  const byInode = new Map<string, Omit<SocketSeen, 'pid'>>();
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      byInode.set(fields[9]!, { table, local: decodeAddress(fields[1]!), remote: decodeAddress(fields[2]!) });
    }
  }
  return byInode;
}

/** /proc/net addresses are hex, little-endian per 32-bit word: "0100007F:1F90" is 127.0.0.1:8080. */
function decodeAddress(hex: string): string {
  const [address, port] = hex.split(':') as [string, string];
  const words = address.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)));
  const ip = bytes.length === 4 ? bytes.join('.') : net.isIPv6(toIpv6(bytes)) ? toIpv6(bytes) : bytes.join(',');
  return `${ip}:${parseInt(port, 16)}`;
}

function toIpv6(bytes: number[]): string {
  const groups: string[] = [];
  for (let index = 0; index < bytes.length; index += 2) groups.push(((bytes[index]! << 8) | bytes[index + 1]!).toString(16));
  return groups.join(':');
}

function isLoopbackOrUnset(endpoint: string): boolean {
  const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
  return (
    host.startsWith('127.') ||
    host === '0.0.0.0' ||
    host === '0:0:0:0:0:0:0:1' ||
    host === '0:0:0:0:0:0:0:0' ||
    /^0:0:0:0:0:ffff:7f/.test(host)
  );
}

function socketInodes(pid: number): string[] {
  const inodes: string[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // the process ended
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.push(match[1]!);
    } catch {
      // closed between readdir and readlink
    }
  }
  return inodes;
}

describe('privacy: nothing leaves the machine', function () {
  this.timeout(180_000);
  let api: PipitApi;
  const seen: SocketSeen[] = [];
  const nodeCalls: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const restore: (() => void)[] = [];

  before(async function () {
    if (process.platform !== 'linux') {
      // The socket watch reads Linux's /proc; CI and the build machines are Linux.
      throw new Error('the privacy test needs Linux /proc');
    }
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    // Node's entry points in this extension host: a connect to anywhere but loopback, or any DNS lookup, is recorded.
    const connect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const [first, second] = args as [unknown, unknown];
      const options = typeof first === 'object' && first !== null ? (first as net.TcpNetConnectOpts & net.IpcNetConnectOpts) : undefined;
      const host = options ? options.host ?? (options.path ? 'ipc' : 'localhost') : typeof second === 'string' ? second : typeof first === 'string' ? 'ipc' : 'localhost';
      if (!/^(ipc|localhost|127\.[\d.]+|::1)$/.test(String(host))) nodeCalls.push(`net connect ${String(host)}`);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    restore.push(() => (net.Socket.prototype.connect = connect));
    // The module object itself (an `import *` namespace would be a read-only copy).
    const dns = require('node:dns') as { lookup: (...args: unknown[]) => unknown };
    const lookup = dns.lookup;
    dns.lookup = (hostname: unknown, ...rest: unknown[]) => {
      if (!/^(localhost|127\.[\d.]+|::1)$/.test(String(hostname))) nodeCalls.push(`dns lookup ${String(hostname)}`);
      return lookup(hostname, ...rest);
    };
    restore.push(() => (dns.lookup = lookup));

    timer = setInterval(scan, 20);
  });

  function scan(): void {
    {
      const pids = [process.pid, ...(api.enginePid ? [api.enginePid] : [])];
      const tables = socketTables();
      for (const pid of pids) {
        for (const inode of socketInodes(pid)) {
          const socket = tables.get(inode);
          if (socket && !seen.some((old) => old.pid === pid && old.local === socket.local && old.remote === socket.remote)) {
            seen.push({ pid, ...socket });
          }
        }
      }
    }
  }

  after(async () => {
    if (timer) clearInterval(timer);
    restore.forEach((undo) => undo());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a completion session and an explanation use only the local engine over IPC', async () => {
    // An untitled copy of a sample file: the session edits it, and nothing of the fixture changes on disk.
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    const sample = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder!.uri, 'greet.js'));
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: Buffer.from(sample).toString('utf8') });
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1).range.end;
    const before = api.counters.engineRequests;
    await editor.edit((edit) => edit.insert(end, '\nfunction farewell(name) {\n  '));
    for (const text of ['const', ' ', 'x', ' =']) {
      editor.selection = new vscode.Selection(editor.document.lineAt(editor.document.lineCount - 1).range.end, editor.document.lineAt(editor.document.lineCount - 1).range.end);
      await vscode.commands.executeCommand('type', { text });
      // The trigger command waits for the provider's answer (the first one starts the engine and loads the model):
      // wait for it as before, but at most 10 s, so a slow load cannot run the test into mocha's timeout unexplained.
      await Promise.race([vscode.commands.executeCommand('editor.action.inlineSuggest.trigger'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const deadline = Date.now() + 60_000;
    while (api.counters.engineRequests === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(api.counters.engineRequests > before, 'the session reached the engine');
    const enginePid = api.enginePid;
    assert.ok(enginePid, 'the engine process ran');

    // The explanation must really run and stream from the engine, while the sockets are watched.
    const explainedBefore = api.explanations.length;
    const routesBefore = new Set(api.routes);
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand('pipit.explainSelection');
    const explanation = await until(() => api.explanations.slice(explainedBefore).find((record) => record.done), 90_000, 'the explanation to end');
    assert.equal(explanation.error, undefined, `the explanation failed: ${explanation.error}`);
    assert.ok(explanation.streamedChunks > 0 && explanation.streamedChars > 0, `text streamed from the engine: ${JSON.stringify(explanation)}`);
    assert.equal(explanation.engine, 'builtin', 'the built-in engine answered');
    const route = api.routes.find((decision) => !routesBefore.has(decision) && decision.kind === 'explain');
    assert.ok(route, 'the explanation was routed');
    assert.deepEqual([route.answeredBy, route.leftMachine], ['builtin', false]);
    assert.equal(api.enginePid, enginePid, 'the same engine process answered');

    // The watch itself works: a loopback connection made here must have been seen.
    const server = net.createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    scan();
    client.destroy();
    server.close();
    assert.ok(
      seen.some((socket) => socket.pid === process.pid && socket.remote.endsWith(`:${port}`)),
      `the socket watch saw the test's own loopback connection to port ${port}`,
    );

    const engineSockets = seen.filter((socket) => socket.pid === enginePid);
    assert.deepEqual(engineSockets, [], 'the engine process opened no network socket at all (its IPC channel is a Unix socket pair)');
    const outside = seen.filter((socket) => !isLoopbackOrUnset(socket.remote) || !isLoopbackOrUnset(socket.local));
    assert.deepEqual(outside, [], 'the extension host talked to nothing but loopback');
    assert.deepEqual(nodeCalls, [], `no connection or DNS lookup was attempted from the extension host: ${nodeCalls.join(', ')}`);
  });

  describe('the system clipboard', () => {
    const SECRET = 'pipit-clipboard-secret-7f3a9c2e-Pa55word';
    const config = () => vscode.workspace.getConfiguration('pipit');
    let stub: http.Server | undefined;
    const prompts: string[] = [];

    before(async () => {
      // A loopback stand-in for an OpenAI-compatible server: it records every prompt Pipit sends and answers a
      // short suggestion. Routing completions to it makes each prompt, extra context included, readable here.
      stub = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (request.url?.startsWith('/v1/completions')) {
            prompts.push(body);
            response.writeHead(200, { 'content-type': 'text/event-stream' });
            response.end('data: {"choices":[{"text":"1;","finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
          } else {
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end('{"data":[{"id":"stub"}]}');
          }
        });
      });
      await new Promise<void>((resolve) => stub!.listen(0, '127.0.0.1', resolve));
      const { port } = stub.address() as net.AddressInfo;
      await config().update('engines.openai.endpoint', `http://127.0.0.1:${port}/v1`, vscode.ConfigurationTarget.Global);
      await config().update('engines.openai.model', 'stub', vscode.ConfigurationTarget.Global);
      await config().update('routing.singleLine', 'openai', vscode.ConfigurationTarget.Global);
      await config().update('routing.multiLine', 'openai', vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      for (const key of ['engines.openai.endpoint', 'engines.openai.model', 'routing.singleLine', 'routing.multiLine']) {
        await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      await new Promise((resolve) => stub?.close(resolve));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    /** Triggers suggestions in `editor` until a prompt that `done` accepts reached the stand-in. */
    async function promptsUntil(document: vscode.TextDocument, done: (prompt: string) => boolean, what: string): Promise<void> {
      await until(
        async () => {
          const editor = await vscode.window.showTextDocument(document);
          const position = document.lineAt(document.lineCount - 1).range.end;
          editor.selection = new vscode.Selection(position, position);
          // Extra context enters the prompt only when the user pauses (contextIdle.ts): pause as a user does.
          await new Promise((resolve) => setTimeout(resolve, CONTEXT_IDLE_MS + 500));
          await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
          await new Promise((resolve) => setTimeout(resolve, 500));
          return prompts.some(done);
        },
        60_000,
        what,
      );
    }

    it('text copied outside the editor enters no prompt; text copied in the editor does', async () => {
      // "From outside the editor": put on the system clipboard without any selection in VS Code.
      await vscode.env.clipboard.writeText(SECRET);
      assert.equal(await vscode.env.clipboard.readText(), SECRET, 'the clipboard works in this extension host');

      const other = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'export const otherFileMarker = 31337;\n' });
      await vscode.window.showTextDocument(other);
      const current = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'function total(items) {\n  return ' });
      await vscode.window.showTextDocument(current);
      // Switching editors is when the clipboard used to be read into the prompt.
      await vscode.window.showTextDocument(other);
      await vscode.window.showTextDocument(current);
      await promptsUntil(current, (prompt) => prompt.includes('otherFileMarker'), 'a prompt with the other file as extra context');
      assert.ok(prompts.length > 0);
      assert.deepEqual(prompts.filter((prompt) => prompt.includes(SECRET)), [], 'the clipboard secret is in no prompt');

      // Copied in the editor: the same text is selected in a file, then on the clipboard (what Copy does).
      const copiedText = 'const copiedInEditorMarker = 4242;';
      const source = await vscode.workspace.openTextDocument({ language: 'javascript', content: `${copiedText}\n` });
      const sourceEditor = await vscode.window.showTextDocument(source);
      sourceEditor.selection = new vscode.Selection(0, 0, 0, copiedText.length);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vscode.env.clipboard.writeText(copiedText);
      await vscode.window.showTextDocument(current);
      await promptsUntil(current, (prompt) => prompt.includes('copiedInEditorMarker'), 'a prompt with the text copied in the editor');
      assert.deepEqual(prompts.filter((prompt) => prompt.includes(SECRET)), [], 'still no secret');
      assert.ok(api.routes.some((route) => route.answeredBy === 'openai' && !route.leftMachine), 'the loopback stand-in answered');
    });
  });
});
