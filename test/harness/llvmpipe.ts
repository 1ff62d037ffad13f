// Whether this machine has llvmpipe, Mesa's software Vulkan device, for the tests of the GPU path with no GPU (Debian's
// libvulkan1 and mesa-vulkan-drivers; `npm run tools` installs them). ggml skips devices of type CPU unless
// GGML_VK_VISIBLE_DEVICES names them: these variables let a test run llama.cpp's Vulkan build on llvmpipe.
import { existsSync } from 'node:fs';

/** llvmpipe is device 0 where it is the only Vulkan device (CI); CUDA_VISIBLE_DEVICES keeps a CUDA build out. */
export const LLVMPIPE_ENV: Readonly<Record<string, string>> = { GGML_VK_VISIBLE_DEVICES: '0', CUDA_VISIBLE_DEVICES: '' };

export function llvmpipeInstalled(): boolean {
  const libDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/lib/aarch64-linux-gnu'];
  return (
    process.platform === 'linux' &&
    libDirs.some((dir) => existsSync(`${dir}/libvulkan.so.1`)) &&
    ['lvp_icd.x86_64.json', 'lvp_icd.aarch64.json'].some((icd) => existsSync(`/usr/share/vulkan/icd.d/${icd}`))
  );
}

/** Why a test of the Vulkan path cannot run here: it fails in CI (which installs llvmpipe) and skips elsewhere. */
export const NO_LLVMPIPE = 'no llvmpipe here: install libvulkan1 and mesa-vulkan-drivers (npm run tools does, as root)';
