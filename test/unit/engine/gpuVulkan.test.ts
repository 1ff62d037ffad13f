// The GPU path with no GPU: llvmpipe, Mesa's software Vulkan device, runs llama.cpp's Vulkan build in the real engine
// process. ggml skips devices of type CPU unless GGML_VK_VISIBLE_DEVICES names them, so these tests name it, and a
// real user's llvmpipe stays unused (test/harness/llvmpipe.ts). CI fails without llvmpipe, a developer's run skips.
// llvmpipe is slow: the scripted model, short answers.
import * as assert from 'node:assert/strict';
import { EngineClient } from '../../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../../src/engine/spawnEngine';
import type { EngineClientOptions } from '../../../src/engine/EngineClient';
import type { InfillRequest } from '../../../src/engine/types';
import { LLVMPIPE_ENV as LLVMPIPE, llvmpipeInstalled, NO_LLVMPIPE } from '../../harness/llvmpipe';
import { ensureScriptedModel } from '../../models/testModels';
import { WORKER_PATH } from './engineHarness';

const SCRIPT = 'return a + b;';
const REQUEST: InfillRequest = { prefix: 'function add(a, b) {\n  ', suffix: '\n}\n', maxTokens: 16, maxTimeMs: 60_000 };

describe('engine on a Vulkan device (llvmpipe) and its CPU fallback', function () {
  this.timeout(240_000);
  let scripted: string;
  const clients: EngineClient[] = [];
  const log: string[] = [];

  /** The engine process with these variables added to its environment. */
  function engine(env: NodeJS.ProcessEnv, options: EngineClientOptions = {}): EngineClient {
    const client = new EngineClient({
      workerPath: WORKER_PATH,
      logger: { debug: () => undefined, info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
      spawn: (modulePath, args, forkOptions) => forkEngineProcess(modulePath, args, { ...forkOptions, env: { ...forkOptions.env, ...env } }),
      setPriority: lowerProcessPriority,
      options,
    });
    clients.push(client);
    return client;
  }

  before(async function () {
    if (!llvmpipeInstalled()) {
      if (process.env.CI) throw new Error(NO_LLVMPIPE);
      console.log(`      skipped: ${NO_LLVMPIPE}`);
      this.skip();
    }
    scripted = await ensureScriptedModel(SCRIPT);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.join('\n'));
    log.length = 0;
  });
  after(() => clients.forEach((client) => client.dispose()));

  it('completes through the Vulkan build on the device with every layer there, as the CPU does', async () => {
    const cpu = engine({}, { model: { modelPath: scripted, contextSize: 1024, gpu: 'off' } });
    const gpu = engine(LLVMPIPE, { model: { modelPath: scripted, contextSize: 1024 } });
    const onCpu = await cpu.complete(REQUEST);
    const onGpu = await gpu.complete(REQUEST);
    const device = gpu.status.model?.device;
    assert.equal(device?.backend, 'vulkan', JSON.stringify(device));
    assert.ok(device.gpu && device.gpu.name.length > 0 && device.gpu.vramTotalBytes > 0, JSON.stringify(device));
    assert.equal(device.gpuLayers, device.totalLayers);
    assert.equal(device.reason, undefined);
    assert.deepEqual(cpu.status.model?.device, { backend: 'cpu', gpuLayers: 0, totalLayers: device.totalLayers, reason: 'pipit.gpu is "off"' });
    assert.equal(onCpu.text, SCRIPT);
    assert.equal(onGpu.text, onCpu.text);
    assert.equal(onGpu.stopReason, 'eos');
  });

  it('falls back to the CPU and says why when no Vulkan device or driver is visible', async () => {
    // No Vulkan driver files at all: what a machine without a GPU driver (or without Mesa) looks like to the loader.
    const client = engine({ ...LLVMPIPE, VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' });
    await client.load({ modelPath: scripted, contextSize: 1024 });
    const device = client.status.model?.device;
    assert.equal(device?.backend, 'cpu', JSON.stringify(device));
    assert.match(device.reason ?? '', /^Vulkan has no usable device or driver here/);
    assert.equal((await client.complete(REQUEST)).text, SCRIPT);
  });

  it('falls back to the CPU when llvmpipe is not named: a software device is no GPU', async () => {
    const client = engine({ CUDA_VISIBLE_DEVICES: '', GGML_VK_VISIBLE_DEVICES: undefined });
    // Where a real GPU is present it is used, rightly; this case is about machines that have none.
    await client.load({ modelPath: scripted, contextSize: 1024 });
    const device = client.status.model?.device;
    if (device?.backend === 'vulkan' && !/llvmpipe/i.test(device.gpu?.name ?? '')) return;
    assert.equal(device?.backend, 'cpu', JSON.stringify(device));
    assert.equal(device.reason, 'Vulkan found no GPU device (software devices such as llvmpipe are skipped)');
  });

  it('falls back to the CPU when not one layer fits the free GPU memory, and names the GPU', async () => {
    const client = engine(LLVMPIPE);
    await client.load({ modelPath: scripted, contextSize: 1024, memory: { vramBytes: 1024 * 1024 } });
    const device = client.status.model?.device;
    assert.equal(device?.backend, 'cpu', JSON.stringify(device));
    assert.equal(device.gpu?.backend, 'vulkan');
    assert.match(device.reason ?? '', /has too little free memory for even one layer of the model beside its context: 0\.00 GB free$/);
    assert.equal((await client.complete(REQUEST)).text, SCRIPT);
  });
});
