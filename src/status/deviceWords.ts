// How the status tooltip and Check Engines name the device the model runs on, and why it is not a GPU when it is not.
import type { DeviceInfo, GpuBackend } from '../engine/types';

const BACKENDS: Readonly<Record<GpuBackend, string>> = { metal: 'Metal', cuda: 'CUDA', vulkan: 'Vulkan' };

export function deviceWords(device: DeviceInfo): string {
  if (device.backend === 'cpu') return `Runs on the CPU${device.reason ? `: ${device.reason}` : ''}.`;
  const where = `${device.gpu?.name ?? 'the GPU'} (${BACKENDS[device.backend]})`;
  if (device.gpuLayers >= device.totalLayers) return `Runs on ${where}: all ${device.totalLayers} layers.`;
  return (
    `Runs on ${where}: ${device.gpuLayers} of ${device.totalLayers} layers, the rest on the CPU` +
    `${device.reason ? ` (${device.reason})` : ''}.`
  );
}
