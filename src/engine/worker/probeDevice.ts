// `engineWorker.js --probe-device` (see ../deviceProbe.ts): the GPU this machine would run a model on and its free
// memory, measured the way a model load measures them.
import type { ProbedDevice } from '../deviceProbe';
import { chooseLlama, llamaCppDeviceDeps } from './deviceChoice';
import type { LlamaCpp } from './llamaCpp';

export async function probeDevice(llamaCpp: LlamaCpp): Promise<ProbedDevice> {
  const chosen = await chooseLlama('auto', llamaCppDeviceDeps(llamaCpp, () => undefined));
  try {
    if (!chosen.gpu) return { type: 'device', cpuReason: chosen.cpuReason ?? 'no GPU' };
    const { free } = await chosen.llama.getVramState();
    return { type: 'device', gpu: { ...chosen.gpu, vramFreeBytes: free } };
  } finally {
    await chosen.llama.dispose();
  }
}
