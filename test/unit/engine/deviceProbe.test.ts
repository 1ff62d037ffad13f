// The GPU measurement behind the model recommendation: `engineWorker.js --probe-device` in a real child process, as
// the extension runs it before the first model is chosen, and what the catalog then sees of the machine.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { recommendModel, usableVram } from '../../../src/catalog/machineFit';
import { readMachine } from '../../../src/vscode/models/machine';
import { MeasuredGpuStore } from '../../../src/vscode/models/measuredGpu';
import { LLVMPIPE_ENV, llvmpipeInstalled } from '../../harness/llvmpipe';
import { WORKER_PATH } from './engineHarness';

const GB = 1024 ** 3;

function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as vscode.Memento;
}

/** Runs `body` with these variables in this process's environment (the probe's fork copies it). */
async function withEnv(env: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  set(env);
  try {
    await body();
  } finally {
    set(saved);
  }
}

describe('measuring the GPU for the model recommendation', function () {
  this.timeout(120_000);

  it('finds the Vulkan device and its free memory, and the machine then counts it', async function () {
    if (!llvmpipeInstalled()) this.skip();
    const store = new MeasuredGpuStore(memento());
    const said: string[] = [];
    await withEnv(LLVMPIPE_ENV, () => store.probe(WORKER_PATH, (line) => said.push(line)));
    const gpu = store.gpu;
    assert.ok(gpu, said.join('\n'));
    assert.equal(gpu.backend, 'vulkan');
    assert.ok(gpu.vramTotalBytes > 0 && gpu.vramFreeBytes > 0 && gpu.vramFreeBytes <= gpu.vramTotalBytes, JSON.stringify(gpu));
    assert.match(said[0] ?? '', new RegExp(`^GPU probe: ${gpu.name.replace(/[()]/g, '\\$&')}, [0-9.]+ GB free$`));
    const machine = readMachine(gpu);
    assert.equal(machine.vramBytes, usableVram(gpu));
    assert.equal(machine.gpuName, gpu.name);
    assert.match(recommendModel(machine).reason, new RegExp(`GB free GPU memory \\(${gpu.name.replace(/[()]/g, '\\$&')}\\)`));
  });

  it('says why models would run on the CPU where no device is visible, and the machine counts no GPU', async () => {
    const store = new MeasuredGpuStore(memento());
    const said: string[] = [];
    await withEnv({ ...LLVMPIPE_ENV, VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' }, () =>
      store.probe(WORKER_PATH, (line) => said.push(line)),
    );
    assert.ok(store.measured);
    assert.equal(store.gpu, undefined);
    assert.match(said[0] ?? '', /^GPU probe: none \(.*Vulkan/);
    assert.equal(readMachine(store.gpu).vramBytes, undefined);
  });

  it('keeps what a model load found', async () => {
    const store = new MeasuredGpuStore(memento());
    const gpu = { backend: 'vulkan' as const, name: 'AMD Radeon RX 7600', vramTotalBytes: 8 * GB, vramFreeBytes: 7.5 * GB };
    await store.record({ backend: 'vulkan', gpu, gpuLayers: 25, totalLayers: 25 });
    assert.deepEqual(store.gpu, gpu);
    assert.equal(readMachine(store.gpu).vramBytes, 7.5 * GB - 0.08 * 8 * GB);
  });
});
