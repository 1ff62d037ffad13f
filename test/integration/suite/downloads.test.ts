// Download faults through Select Model in a real extension host: interrupted then resumed, a checksum that fails,
// the disk filling up during the write. The bytes come from the unit tier's local HTTP stand-in
// (test/unit/catalog/rangeServer.ts) on 127.0.0.1, as the hub mirror named by HF_ENDPOINT (the build machines cannot
// reach the hub). Its bytes never hash to the catalog's SHA-256, so every download here ends in a checksum failure.
// Two mocks, for what cannot run here: the notification calls are answered in place of a person (the user's
// "Download" and "Retry" clicks) and recorded as the words the user is shown; and a full disk is injected as ENOSPC
// from the .part file's write (fs/promises `open` wrapped), since this machine's disk cannot be filled for a test.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { CATALOG } from '../../../src/catalog/catalog';
import { startRangeServer, type RangeServer } from '../../unit/catalog/rangeServer';

// The module object itself, which the extension's bundle reads `open` from at each call (an `import *` would be a copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');

const entry = CATALOG.find((each) => each.sha256 && each.sizeConfirmed)!;
const SIZE = 64 * 1024;

type Window = { showInformationMessage: unknown; showErrorMessage: unknown };

describe('model downloads that go wrong', function () {
  this.timeout(120_000);
  const window = vscode.window as unknown as Window;
  const original = { info: window.showInformationMessage, error: window.showErrorMessage, open: fsPromises.open };
  const shown: { kind: 'info' | 'error'; message: string }[] = [];
  /** What the "user" clicks on each error notification, in order. */
  let errorClicks: (string | undefined)[] = [];
  /** Bytes the disk takes before it is full; undefined: room enough. */
  let diskRoom: number | undefined;
  let partPath: string | undefined;
  let server: RangeServer | undefined;
  let mirror: string | undefined;

  before(() => {
    mirror = process.env.HF_ENDPOINT;
    window.showInformationMessage = async (message: string) => {
      shown.push({ kind: 'info', message });
      return /^Download .*\?$/.test(message) ? 'Download' : undefined;
    };
    window.showErrorMessage = async (message: string) => {
      shown.push({ kind: 'error', message });
      return errorClicks.shift();
    };
    (fsPromises as { open: typeof fsPromises.open }).open = (async (path: Parameters<typeof fsPromises.open>[0], ...rest: [string?]) => {
      const handle = await original.open(path, ...rest);
      if (!String(path).endsWith('.part')) return handle;
      partPath = String(path);
      let written = 0;
      return new Proxy(handle, {
        get(target, name) {
          if (name === 'write') {
            return async (chunk: Uint8Array) => {
              if (diskRoom !== undefined && written + chunk.byteLength > diskRoom) {
                await target.write(chunk.subarray(0, diskRoom - written));
                written = diskRoom;
                throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
              }
              written += chunk.byteLength;
              return target.write(chunk);
            };
          }
          const value = Reflect.get(target, name) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    }) as typeof fsPromises.open;
  });

  after(async () => {
    window.showInformationMessage = original.info;
    window.showErrorMessage = original.error;
    (fsPromises as { open: typeof fsPromises.open }).open = original.open;
    if (mirror === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = mirror;
    await server?.close();
  });

  afterEach(async () => {
    if (partPath) rmSync(partPath, { force: true });
    await server?.close();
    server = undefined;
    shown.length = 0;
    diskRoom = undefined;
  });

  async function serve(options: { dropAfterBytes?: number } = {}): Promise<RangeServer> {
    server = await startRangeServer(SIZE, { path: new URL(entry.url).pathname, ...options });
    process.env.HF_ENDPOINT = server.url('');
    return server;
  }

  /** Pipit: Select Model, choosing the catalog entry, as the user does in the quick pick. */
  const choose = () =>
    vscode.commands.executeCommand('pipit.selectModel', {
      pick: async (items: { action?: string; entry?: { id: string } }[]) => items.find((item) => item.action === 'catalog' && item.entry?.id === entry.id),
    });

  const errors = () => shown.filter((each) => each.kind === 'error').map((each) => each.message);

  it('interrupted, then resumed with a Range request on Retry; a file that fails its checksum is deleted and the user told', async () => {
    const stand = await serve({ dropAfterBytes: 16 * 1024 });
    errorClicks = ['Retry', undefined];
    assert.equal(await choose(), undefined, 'no model was set');
    assert.ok(shown.some((each) => each.kind === 'info' && each.message.startsWith(`Download ${entry.label}`)), 'the user was asked first');
    const [stopped, damaged] = errors();
    assert.match(stopped ?? '', /^Pipit: The download stopped after 16 KB of 66 KB .*Download again to resume where it stopped\.$/);
    assert.deepEqual(stand.ranges, [undefined, 'bytes=16384-'], 'Retry resumed from the bytes kept');
    assert.match(damaged ?? '', /^Pipit: The downloaded file is damaged: its SHA-256 is [0-9a-f]{64}, the published one .* It was deleted; download it again\.$/);
    assert.ok(partPath && !existsSync(partPath), 'the damaged .part file is gone');
    assert.ok(!existsSync(partPath.replace(/\.part$/, '')), 'and no model file was kept');
  });

  it('disk full during the write (ENOSPC): the partial file is kept, the user told, and the next download resumes from it', async () => {
    const stand = await serve();
    diskRoom = 24 * 1024;
    errorClicks = [undefined];
    assert.equal(await choose(), undefined);
    assert.match(errors()[0] ?? '', /^Pipit: The disk filled up after .*\. Free some space and download again: it resumes where it stopped\.$/);
    assert.equal(statSync(partPath!).size, 24 * 1024, 'the partial file is kept for the resume');

    // Space freed; the user chooses the model again.
    diskRoom = undefined;
    shown.length = 0;
    errorClicks = [undefined];
    await choose();
    assert.deepEqual(stand.ranges, [undefined, 'bytes=24576-'], 'resumed where the disk filled');
    assert.match(errors()[0] ?? '', /damaged: .* It was deleted/);
  });
});
