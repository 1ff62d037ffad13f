// The machine as the catalog judges it. VRAM is not known in the extension host without loading llama.cpp, so a
// GPU is not counted here: the recommendation is then the CPU one, which also runs on any GPU machine.
import { availableParallelism, freemem, totalmem } from 'node:os';
import type { MachineInfo } from '../../catalog/types';

export function readMachine(): MachineInfo {
  return { totalRamBytes: totalmem(), freeRamBytes: freemem(), cpuCores: availableParallelism() };
}
