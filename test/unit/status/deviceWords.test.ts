// The device line of the status tooltip and of Check Engines.
import * as assert from 'node:assert/strict';
import { deviceWords } from '../../../src/status/deviceWords';
import { statusView } from '../../../src/status/statusView';

const llvmpipe = { backend: 'vulkan' as const, name: 'llvmpipe (LLVM 15.0.6, 256 bits)', vramTotalBytes: 2 ** 31, vramFreeBytes: 2 ** 31 };

describe('device wording', () => {
  it('names the GPU and its backend when every layer is on it', () => {
    assert.equal(
      deviceWords({ backend: 'vulkan', gpu: llvmpipe, gpuLayers: 25, totalLayers: 25 }),
      'Runs on llvmpipe (LLVM 15.0.6, 256 bits) (Vulkan): all 25 layers.',
    );
  });

  it('says how many layers are on the GPU, and why not all', () => {
    assert.equal(
      deviceWords({ backend: 'cuda', gpu: { ...llvmpipe, backend: 'cuda', name: 'NVIDIA GeForce RTX 3050' }, gpuLayers: 20, totalLayers: 29, reason: 'pipit.gpuLayers is 20' }),
      'Runs on NVIDIA GeForce RTX 3050 (CUDA): 20 of 29 layers, the rest on the CPU (pipit.gpuLayers is 20).',
    );
  });

  it('says why it runs on the CPU', () => {
    assert.equal(
      deviceWords({ backend: 'cpu', gpuLayers: 0, totalLayers: 25, reason: 'no Vulkan driver is installed (libvulkan.so.1 not found)' }),
      'Runs on the CPU: no Vulkan driver is installed (libvulkan.so.1 not found).',
    );
  });

  it('is a line of the status tooltip', () => {
    const view = statusView({ enabled: true, engine: { kind: 'ready', model: 'm.gguf' }, device: 'Runs on the CPU: pipit.gpu is "off".' }, 0);
    assert.equal(view.tooltip.split('\n')[1], 'Runs on the CPU: pipit.gpu is "off".');
  });
});
