// Chooses the llama.cpp build the engine runs: a GPU one (Metal, CUDA or Vulkan) when its driver works and shows a
// device, the CPU one otherwise, with the reason in words. node-llama-cpp's own `gpu: 'auto'` falls back silently,
// and can hand back a Vulkan build that sees no device at all.
import type { GpuBackend } from '../types';
import type { Llama, LlamaCpp } from './llamaCpp';

export interface ChosenLlama {
  llama: Llama;
  /** The GPU this build runs on; absent for the CPU build. */
  gpu?: { backend: GpuBackend; name: string; vramTotalBytes: number };
  /** Why it is the CPU build, when it is. */
  cpuReason?: string;
}

export interface DeviceChoiceDeps {
  platform: NodeJS.Platform;
  /** node-llama-cpp's `getLlamaGpuTypes('supported')`: backends whose libraries this machine has. */
  supportedGpuTypes(): Promise<readonly (GpuBackend | false)[]>;
  /** Whether the prebuilt binary package for `backend` is installed beside node-llama-cpp. */
  hasBinary(backend: GpuBackend): boolean;
  /** getLlama for one build; `false` is the CPU build. Rejects when the build is missing or fails its self-test. */
  getLlama(gpu: GpuBackend | false): Promise<Llama>;
  log(level: 'info' | 'warn', message: string): void;
}

export const BACKEND_NAMES: Readonly<Record<GpuBackend, string>> = { metal: 'Metal', cuda: 'CUDA', vulkan: 'Vulkan' };

export async function chooseLlama(mode: 'auto' | 'off', deps: DeviceChoiceDeps): Promise<ChosenLlama> {
  if (mode === 'off') return { llama: await deps.getLlama(false), cpuReason: 'pipit.gpu is "off"' };
  const supported = new Set(await deps.supportedGpuTypes());
  const candidates: GpuBackend[] = deps.platform === 'darwin' ? ['metal'] : ['cuda', 'vulkan'];
  const reasons: string[] = [];
  for (const backend of candidates) {
    const name = BACKEND_NAMES[backend];
    if (!supported.has(backend)) {
      // CUDA needs NVIDIA's driver and runtime: without them there is nothing to say. A missing Vulkan loader is
      // the usual reason a GPU goes unused on Linux and Windows.
      if (backend === 'vulkan') reasons.push(`no Vulkan driver is installed (${vulkanLoader(deps.platform)} not found)`);
      if (backend === 'metal') reasons.push('this Mac has no Metal build of llama.cpp');
      continue;
    }
    if (!deps.hasBinary(backend)) {
      reasons.push(
        backend === 'cuda'
          ? 'an NVIDIA GPU with CUDA is here, but Pipit does not ship the CUDA build of llama.cpp (it is too large)'
          : `this install has no ${name} build of llama.cpp`,
      );
      continue;
    }
    let llama: Llama;
    try {
      llama = await deps.getLlama(backend);
    } catch (error) {
      // node-llama-cpp tests a build in a child process before loading it; a failed test is a NoBinaryFoundError.
      const detail = firstLine(error);
      reasons.push(
        `${name} has no usable device or driver here (llama.cpp's ${name} build failed its self-test` +
          `${/NoBinaryFound/.test(detail) ? '' : `: ${detail}`})`,
      );
      continue;
    }
    const devices = await llama.getGpuDeviceNames().catch(() => [] as string[]);
    const vram = await llama.getVramState().catch(() => ({ total: 0 }));
    if (!llama.supportsGpuOffloading || devices.length === 0 || vram.total === 0) {
      await llama.dispose().catch(() => undefined);
      reasons.push(`${name} found no GPU device${backend === 'vulkan' ? ' (software devices such as llvmpipe are skipped)' : ''}`);
      continue;
    }
    deps.log('info', `GPU: ${devices.join(', ')} through ${name}, ${(vram.total / 1024 ** 3).toFixed(1)} GB`);
    return { llama, gpu: { backend, name: devices.join(', '), vramTotalBytes: vram.total } };
  }
  const cpuReason = reasons.join('; ') || 'no GPU build of llama.cpp for this platform';
  deps.log('info', `running on the CPU: ${cpuReason}`);
  return { llama: await deps.getLlama(false), cpuReason };
}

/** The npm package holding node-llama-cpp's prebuilt `backend` build for this platform. */
export function binaryPackage(platform: NodeJS.Platform, arch: string, backend: GpuBackend): string | undefined {
  if (backend === 'metal') return platform === 'darwin' && arch === 'arm64' ? '@node-llama-cpp/mac-arm64-metal' : undefined;
  if (arch !== 'x64') return undefined;
  if (platform === 'linux') return `@node-llama-cpp/linux-x64-${backend}`;
  if (platform === 'win32') return `@node-llama-cpp/win-x64-${backend}`;
  return undefined;
}

function vulkanLoader(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'vulkan-1.dll' : platform === 'darwin' ? 'libvulkan.dylib' : 'libvulkan.so.1';
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

/** The production dependencies: node-llama-cpp itself, never building or downloading anything. */
export function llamaCppDeviceDeps(
  llamaCpp: LlamaCpp,
  logger: (level: 'info' | 'warn' | 'error', message: string) => void,
  resolvePackage: (name: string) => string = require.resolve,
): DeviceChoiceDeps {
  return {
    platform: process.platform,
    supportedGpuTypes: () => llamaCpp.getLlamaGpuTypes('supported') as Promise<(GpuBackend | false)[]>,
    hasBinary(backend) {
      const name = binaryPackage(process.platform, process.arch, backend);
      if (!name) return false;
      try {
        resolvePackage(name);
        return true;
      } catch {
        return false;
      }
    },
    getLlama: (gpu) =>
      llamaCpp.getLlama({
        gpu,
        // An editor must never try to compile llama.cpp or download binaries behind the user's back.
        build: 'never',
        skipDownload: true,
        progressLogs: false,
        logLevel: llamaCpp.LlamaLogLevel.warn,
        logger: (level, message) => logger(level === 'error' || level === 'fatal' ? 'error' : 'warn', message.trim()),
      }),
    log: logger,
  };
}
