// Which catalog models this machine can run, and the one to recommend. Pure: the glue measures the machine.
import { CATALOG } from './catalog';
import type { CatalogEntry, MachineInfo } from './types';
import { isOffered } from './verifiedDownload';

const GB = 1024 ** 3;

/**
 * Memory the model may take on the CPU: half the RAM (the editor, language servers and browser need the rest),
 * and no more than is free now unless that is less than a quarter of the RAM (free memory is a snapshot; caches
 * the OS drops on demand make it look smaller than it is).
 */
export function ramBudget(machine: MachineInfo): number {
  return Math.min(machine.totalRamBytes * 0.5, Math.max(machine.freeRamBytes, machine.totalRamBytes * 0.25));
}

export type Fit = 'gpu' | 'cpu' | 'no';

export function fitOf(entry: CatalogEntry, machine: MachineInfo): Fit {
  if ((machine.vramBytes ?? 0) >= entry.memoryBytes) return 'gpu';
  return ramBudget(machine) >= entry.memoryBytes ? 'cpu' : 'no';
}

export interface Recommendation {
  entry: CatalogEntry;
  /** One sentence for the notification and the quick pick. */
  reason: string;
}

/**
 * The model to offer first. Only entries pinned to a commit, with a confirmed size, a published checksum and an
 * unrestricted licence are recommended automatically. On a GPU the largest that fits its memory; on the CPU the prompt is the cost
 * (1.5B reads a 512-token prompt in ~10 s on 2 cores, 0.5B in ~3 s), so small CPUs get the 0.5B and no CPU gets
 * more than the 1.5B, whatever its RAM.
 */
export function recommendModel(machine: MachineInfo, catalog: readonly CatalogEntry[] = CATALOG): Recommendation {
  const ladder = catalog
    .filter((entry) => entry.family === 'qwen2.5-coder' && isOffered(entry.url) && entry.sha256 && entry.sizeConfirmed && !entry.restrictedLicence)
    .sort((a, b) => a.params - b.params);
  if (ladder.length === 0) throw new Error('the catalog has no model to recommend');
  const smallest = ladder[0]!;
  const vram = machine.vramBytes ?? 0;
  const onGpu = ladder.filter((entry) => vram >= entry.memoryBytes).pop();
  const describe = describeMachine(machine);
  if (onGpu && onGpu.params >= 1.5) return { entry: onGpu, reason: `Fits this machine's GPU (${describe}).` };
  const cpuCap = machine.cpuCores <= 2 ? 0.5 : 1.5;
  const onCpu = ladder.filter((entry) => entry.params <= cpuCap && ramBudget(machine) >= entry.memoryBytes).pop();
  if (onCpu) {
    const why = machine.cpuCores <= 2 && onCpu === smallest ? 'with few CPU cores the smallest model answers fastest' : 'it runs well on the CPU';
    return { entry: onCpu, reason: `Recommended for this machine (${describe}): ${why}.` };
  }
  return { entry: smallest, reason: `The smallest model; this machine (${describe}) may be short of memory for it.` };
}

/**
 * GPU memory a model may take on a measured GPU: what was free, less the room node-llama-cpp keeps for the driver and
 * the desktop (8% of the total, at most 1.6 GB), as the engine leaves it when it sizes the offload.
 */
export function usableVram(gpu: { vramTotalBytes: number; vramFreeBytes: number }): number {
  return Math.max(0, gpu.vramFreeBytes - Math.min(gpu.vramTotalBytes * 0.08, 1.6 * GB));
}

export function describeMachine(machine: MachineInfo): string {
  const ram = `${Math.round(machine.totalRamBytes / GB)} GB RAM`;
  const gpu = machine.vramBytes
    ? `${(machine.vramBytes / GB).toFixed(machine.vramBytes < 10 * GB ? 1 : 0)} GB free GPU memory${machine.gpuName ? ` (${machine.gpuName})` : ''}`
    : 'no GPU';
  return `${ram}, ${gpu}, ${machine.cpuCores} CPU cores`;
}
