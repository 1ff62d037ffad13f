// "No code leaves the machine", proven: while a whole completion session and an explanation run through the local
// engine, every socket of the extension host and of the engine process is watched (Linux /proc), and Node's own
// socket and DNS entry points in the extension host are recorded. Anything but loopback fails the test.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';

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
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const deadline = Date.now() + 60_000;
    while (api.counters.engineRequests === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(api.counters.engineRequests > before, 'the session reached the engine');
    const enginePid = api.enginePid;
    assert.ok(enginePid, 'the engine process ran');

    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand('pipit.explainSelection');
    await new Promise((resolve) => setTimeout(resolve, 3000));

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
});
