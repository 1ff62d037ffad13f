// Which llama.cpp build the engine picks on simulated machines, and why it says it fell back to the CPU; and how many
// layers fit a GPU's free memory.
import * as assert from 'node:assert/strict';
import { binaryPackage, chooseLlama, type DeviceChoiceDeps } from '../../../src/engine/worker/deviceChoice';
import type { Llama } from '../../../src/engine/worker/llamaCpp';
import { mostLayersThatFit } from '../../../src/engine/worker/preflight';
import type { GpuBackend } from '../../../src/engine/types';

interface FakeGpu {
  devices: string[];
  vram: number;
}

/** A machine: which backends it has libraries for, which builds are installed, what each build sees. */
function machine(options: {
  platform?: NodeJS.Platform;
  supported: (GpuBackend | false)[];
  installed?: GpuBackend[];
  builds?: Partial<Record<GpuBackend, FakeGpu | Error>>;
}): DeviceChoiceDeps & { disposed: string[]; logged: string[] } {
  const disposed: string[] = [];
  const logged: string[] = [];
  const fake = (gpu: GpuBackend | false, seen: FakeGpu): Llama =>
    ({
      gpu,
      supportsGpuOffloading: gpu !== false && seen.devices.length > 0,
      getGpuDeviceNames: async () => seen.devices,
      getVramState: async () => ({ total: seen.vram, free: seen.vram, used: 0, unifiedSize: 0 }),
      dispose: async () => void disposed.push(String(gpu)),
    }) as unknown as Llama;
  return {
    platform: options.platform ?? 'linux',
    supportedGpuTypes: async () => options.supported,
    hasBinary: (backend) => (options.installed ?? ['vulkan']).includes(backend),
    async getLlama(gpu) {
      if (gpu === false) return fake(false, { devices: [], vram: 0 });
      const build = options.builds?.[gpu];
      if (build instanceof Error) throw build;
      return fake(gpu, build ?? { devices: [], vram: 0 });
    },
    log: (_level, message) => void logged.push(message),
    disposed,
    logged,
  };
}

const GB = 1024 ** 3;

describe('choosing the llama.cpp build', () => {
  it('uses a Vulkan device when its driver shows one', async () => {
    const deps = machine({ supported: ['vulkan', false], builds: { vulkan: { devices: ['AMD Radeon RX 6600'], vram: 8 * GB } } });
    const chosen = await chooseLlama('auto', deps);
    assert.equal(chosen.llama.gpu, 'vulkan');
    assert.deepEqual(chosen.gpu, { backend: 'vulkan', name: 'AMD Radeon RX 6600', vramTotalBytes: 8 * GB });
    assert.equal(chosen.cpuReason, undefined);
  });

  it('says when there is no Vulkan driver at all', async () => {
    const chosen = await chooseLlama('auto', machine({ supported: [false] }));
    assert.equal(chosen.llama.gpu, false);
    assert.equal(chosen.cpuReason, 'no Vulkan driver is installed (libvulkan.so.1 not found)');
  });

  it('says when the Vulkan build sees no device, and lets that build go', async () => {
    const deps = machine({ supported: ['vulkan', false], builds: { vulkan: { devices: [], vram: 0 } } });
    const chosen = await chooseLlama('auto', deps);
    assert.equal(chosen.llama.gpu, false);
    assert.match(chosen.cpuReason ?? '', /^Vulkan found no GPU device \(software devices such as llvmpipe are skipped\)$/);
    assert.deepEqual(deps.disposed, ['vulkan']);
  });

  it('says when the driver fails the build\'s self-test', async () => {
    const chosen = await chooseLlama('auto', machine({ supported: ['vulkan', false], builds: { vulkan: new Error('NoBinaryFoundError') } }));
    assert.equal(chosen.llama.gpu, false);
    assert.equal(chosen.cpuReason, "Vulkan has no usable device or driver here (llama.cpp's Vulkan build failed its self-test)");
  });

  it('says when this install has no Vulkan build', async () => {
    const chosen = await chooseLlama('auto', machine({ platform: 'win32', supported: ['vulkan', false], installed: [] }));
    assert.equal(chosen.cpuReason, 'this install has no Vulkan build of llama.cpp');
  });

  it('uses Vulkan on an NVIDIA GPU when the CUDA build is not installed, and logs why', async () => {
    const deps = machine({
      supported: ['cuda', 'vulkan', false],
      installed: ['vulkan'],
      builds: { vulkan: { devices: ['NVIDIA GeForce RTX 4060'], vram: 8 * GB } },
    });
    const chosen = await chooseLlama('auto', deps);
    assert.equal(chosen.gpu?.backend, 'vulkan');
    const both = await chooseLlama('auto', { ...deps, getLlama: (gpu) => (gpu === 'vulkan' ? Promise.reject(new Error('boom')) : deps.getLlama(gpu)) });
    assert.match(both.cpuReason ?? '', /^an NVIDIA GPU with CUDA is here, but Pipit does not ship the CUDA build.*; Vulkan has no usable device or driver here .*: boom\)$/);
  });

  it('prefers CUDA where its build is installed', async () => {
    const chosen = await chooseLlama(
      'auto',
      machine({ supported: ['cuda', 'vulkan', false], installed: ['cuda', 'vulkan'], builds: { cuda: { devices: ['NVIDIA H100'], vram: 80 * GB } } }),
    );
    assert.equal(chosen.gpu?.backend, 'cuda');
  });

  it('uses Metal on a Mac', async () => {
    const chosen = await chooseLlama(
      'auto',
      machine({ platform: 'darwin', supported: ['metal'], installed: ['metal'], builds: { metal: { devices: ['Apple M2'], vram: 16 * GB } } }),
    );
    assert.equal(chosen.gpu?.backend, 'metal');
  });

  it('runs on the CPU when pipit.gpu is off, without trying a GPU', async () => {
    const deps = machine({ supported: ['vulkan', false], builds: { vulkan: new Error('must not be tried') } });
    const chosen = await chooseLlama('off', deps);
    assert.equal(chosen.llama.gpu, false);
    assert.equal(chosen.cpuReason, 'pipit.gpu is "off"');
  });

  it('names the binary package of each build', () => {
    assert.equal(binaryPackage('linux', 'x64', 'vulkan'), '@node-llama-cpp/linux-x64-vulkan');
    assert.equal(binaryPackage('win32', 'x64', 'cuda'), '@node-llama-cpp/win-x64-cuda');
    assert.equal(binaryPackage('darwin', 'arm64', 'metal'), '@node-llama-cpp/mac-arm64-metal');
    assert.equal(binaryPackage('linux', 'arm64', 'vulkan'), undefined);
  });
});

describe('layers that fit a GPU', () => {
  // 100 MB of context buffers, 50 MB a layer.
  const need = (layers: number) => 100 + 50 * layers;

  it('all of them when the memory allows', () => assert.equal(mostLayersThatFit(28, 10_000, need), 28));
  it('as many as leave room for the context', () => {
    assert.equal(mostLayersThatFit(28, 1000, need), 18);
    assert.equal(mostLayersThatFit(28, 999, need), 17);
  });
  it('none when even one layer and the context do not fit', () => {
    assert.equal(mostLayersThatFit(28, 149, need), 0);
    assert.equal(mostLayersThatFit(28, -5, need), 0);
  });
  it('asks the estimate only a few times', () => {
    let asked = 0;
    mostLayersThatFit(1000, 30_000, (layers) => (asked++, need(layers)));
    assert.ok(asked <= 12, `${asked} estimates`);
  });
});
