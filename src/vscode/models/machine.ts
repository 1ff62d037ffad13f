// The machine as the catalog judges it: RAM and cores from Node, and the GPU llama.cpp measured (measuredGpu.ts), if
// any, with the memory a model may take on it.
import { availableParallelism, freemem, totalmem } from 'node:os';
import { usableVram } from '../../catalog/machineFit';
import type { MachineInfo } from '../../catalog/types';
import type { MeasuredGpu } from './measuredGpu';

export function readMachine(gpu?: MeasuredGpu): MachineInfo {
  const machine: MachineInfo = { totalRamBytes: totalmem(), freeRamBytes: freemem(), cpuCores: availableParallelism() };
  return gpu ? { ...machine, vramBytes: usableVram(gpu), gpuName: gpu.name } : machine;
}
