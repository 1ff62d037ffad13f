// Where the model runs: the llama.cpp build for `pipit.gpu` (deviceChoice.ts), chosen once per engine process, and
// the check of the model on it. A model of which not one layer fits in the GPU's free memory goes to the CPU build,
// and the device info says why.
import { freemem } from 'node:os';
import type { LoadParams } from '../protocol';
import type { DeviceInfo } from '../types';
import { chooseLlama, llamaCppDeviceDeps, type ChosenLlama, type DeviceChoiceDeps } from './deviceChoice';
import type { Llama, LlamaCpp } from './llamaCpp';
import { preflightModel, type FreeMemory } from './preflight';

export interface PlacementDeps {
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Free memory as the system reports it; a load's `memory` override wins over it. */
  freeMemory?(llama: Llama): Promise<FreeMemory>;
  /** How builds and devices are found (tests simulate a machine's GPUs); default: node-llama-cpp's own. */
  deviceDeps?(llamaCpp: LlamaCpp): DeviceChoiceDeps;
}

/** The model loaded now: its memory comes back when a load on the same build replaces it. */
export interface Reclaimable {
  llama: Llama;
  ramBytes: number;
}

async function systemFreeMemory(llama: Llama): Promise<FreeMemory> {
  const vramBytes = llama.gpu === false ? 0 : (await llama.getVramState()).free;
  return { ramBytes: freemem(), vramBytes };
}

export class Placement {
  private readonly llamas = new Map<'auto' | 'off', Promise<ChosenLlama>>();
  private cpuLlama: Promise<Llama> | undefined;

  constructor(private readonly deps: PlacementDeps) {}

  /**
   * Chooses the device and checks the model on it. A model of which not one layer fits in the GPU's free memory goes
   * to the CPU build: a GPU build with no layers on the GPU still sends prompt work there, which can be far slower.
   */
  async place(llamaCpp: LlamaCpp, params: LoadParams, contextSize: number, gpuFailure: string | undefined, previous: Reclaimable | undefined) {
    const chosen = await this.llama(llamaCpp, gpuFailure ? 'off' : (params.gpu ?? 'auto'));
    const check = async (llama: Llama) => {
      const system = await (this.deps.freeMemory ?? systemFreeMemory)(llama);
      const free: FreeMemory = {
        ramBytes: params.memory?.ramBytes ?? system.ramBytes,
        vramBytes: params.memory?.vramBytes ?? system.vramBytes,
      };
      // An override is the memory this model may have, whatever is loaded now; the system figure excludes the model
      // loaded now, which a successful load replaces.
      const reclaimable = previous && previous.llama === llama && params.memory?.ramBytes === undefined ? previous.ramBytes : 0;
      const checked = await preflightModel(
        params.modelPath,
        { contextSize, reclaimableRamBytes: reclaimable, ...(params.gpuLayers !== undefined ? { gpuLayers: params.gpuLayers } : {}) },
        { llamaCpp, llama, freeMemory: async () => free },
      );
      return { llama, free, reclaimable, checked };
    };
    let placed = await check(chosen.llama);
    const gpu = chosen.gpu && { ...chosen.gpu, vramFreeBytes: placed.free.vramBytes };
    let reason = gpuFailure ?? chosen.cpuReason;
    if (gpu && placed.checked.gpuLayers === 0) {
      reason =
        params.gpuLayers === 0
          ? 'pipit.gpuLayers is 0'
          : `${gpu.name} has too little free memory for even one layer of the model beside its context: ` +
            `${(gpu.vramFreeBytes / 1024 ** 3).toFixed(2)} GB free`;
      this.deps.log('info', `running on the CPU: ${reason}`);
      placed = await check(await this.cpu(llamaCpp));
    }
    const { gpuLayers, insights } = placed.checked;
    const device: DeviceInfo = {
      backend: gpu && gpuLayers > 0 ? gpu.backend : 'cpu',
      ...(gpu ? { gpu } : {}),
      gpuLayers,
      totalLayers: insights.totalLayers,
      ...(gpuLayers === 0 && reason ? { reason } : {}),
      ...(gpuLayers > 0 && gpuLayers < insights.totalLayers
        ? { reason: params.gpuLayers !== undefined ? `pipit.gpuLayers is ${params.gpuLayers}` : 'the GPU has free memory for only these layers and the context' }
        : {}),
    };
    return { ...placed, device };
  }

  /** The build for `pipit.gpu`, chosen once per engine process (see deviceChoice.ts); every CPU choice shares one. */
  private llama(llamaCpp: LlamaCpp, gpu: 'auto' | 'off'): Promise<ChosenLlama> {
    let chosen = this.llamas.get(gpu);
    if (!chosen) {
      const deps = this.llamaDeps(llamaCpp);
      chosen = chooseLlama(gpu, { ...deps, getLlama: (type) => (type === false ? this.cpu(llamaCpp) : deps.getLlama(type)) });
      chosen.catch(() => this.llamas.delete(gpu));
      this.llamas.set(gpu, chosen);
    }
    return chosen;
  }

  private cpu(llamaCpp: LlamaCpp): Promise<Llama> {
    if (!this.cpuLlama) {
      const llama = this.llamaDeps(llamaCpp).getLlama(false);
      llama.catch(() => (this.cpuLlama = undefined));
      this.cpuLlama = llama;
    }
    return this.cpuLlama;
  }

  private llamaDeps(llamaCpp: LlamaCpp) {
    return this.deps.deviceDeps?.(llamaCpp) ?? llamaCppDeviceDeps(llamaCpp, (level, message) => this.deps.log(level, message));
  }

  /** Each build once: 'auto' on a machine without a GPU shares the CPU build with 'off'. */
  async dispose(): Promise<void> {
    const llamas = new Set<Llama>();
    for (const chosen of this.llamas.values()) {
      const llama = (await chosen.catch(() => undefined))?.llama;
      if (llama) llamas.add(llama);
    }
    const cpu = await this.cpuLlama?.catch(() => undefined);
    if (cpu) llamas.add(cpu);
    for (const llama of llamas) await llama.dispose();
    this.llamas.clear();
    this.cpuLlama = undefined;
  }
}
