// A GPU whose driver fails to load the model: the engine loads it on the CPU instead and says why. In-process, with a
// simulated GPU (the CPU build dressed as a Vulkan one whose loadModel fails as a driver out of memory does).
import * as assert from 'node:assert/strict';
import { llamaCppDeviceDeps } from '../../../src/engine/worker/deviceChoice';
import { loadLlamaCpp, type Llama } from '../../../src/engine/worker/llamaCpp';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { ensureScriptedModel } from '../../models/testModels';

const GB = 1024 ** 3;
const DRIVER_ERROR = 'vk::Device::allocateMemory: ErrorOutOfDeviceMemory';

function failingGpu(cpu: Llama): Llama {
  const fakes: Record<PropertyKey, unknown> = {
    gpu: 'vulkan',
    supportsGpuOffloading: true,
    vramPaddingSize: 0,
    getGpuDeviceNames: async () => ['Simulated GPU'],
    getVramState: async () => ({ total: 8 * GB, free: 8 * GB, used: 0, unifiedSize: 0 }),
    loadModel: () => Promise.reject(new Error(DRIVER_ERROR)),
  };
  return new Proxy(cpu, {
    get(target, property) {
      if (property in fakes) return fakes[property];
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('engine: a GPU that fails to load the model', function () {
  this.timeout(120_000);
  const logged: string[] = [];
  const host = new ModelHost({
    loadLlamaCpp,
    log: (level, message) => logged.push(`${level} ${message}`),
    deviceDeps: (llamaCpp) => {
      const real = llamaCppDeviceDeps(llamaCpp, () => undefined);
      return {
        ...real,
        supportedGpuTypes: async () => ['vulkan', false],
        hasBinary: () => true,
        getLlama: async (gpu) => (gpu === false ? real.getLlama(false) : failingGpu(await real.getLlama(false))),
      };
    },
  });
  after(() => host.dispose());

  it('loads it on the CPU and says which GPU failed and how', async () => {
    const info = await host.load({ modelPath: await ensureScriptedModel('return a + b;'), contextSize: 1024 });
    assert.equal(info.gpu, false);
    assert.equal(info.device?.backend, 'cpu');
    assert.equal(info.device.reason, `Vulkan on Simulated GPU failed to load the model (${DRIVER_ERROR})`);
    assert.ok(logged.some((line) => line.startsWith('warn Vulkan on Simulated GPU failed to load the model')), logged.join('\n'));
    const result = await host.complete({ prefix: 'function add(a, b) {\n  ', suffix: '\n}\n', maxTokens: 16, maxTimeMs: 30_000 }, new AbortController().signal, () => undefined);
    assert.equal(result.text, 'return a + b;');
  });
});
