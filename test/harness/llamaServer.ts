// A real llama-server for the external-engine tests: built from node-llama-cpp's llama.cpp bundle on first use (the
// benchmark's build-or-reuse code, same cache folder), then started on 127.0.0.1 with a test model.
import { benchCacheDir, ensureLlamaServer, findLlamaServer, startLlamaServer, type RunningServer } from '../bench/llamaServer';

export type { RunningServer };

/** How long a first build may take on a two-core machine; tests give their `before` hook this much. */
export const LLAMA_SERVER_BUILD_TIMEOUT_MS = 40 * 60_000;

/**
 * Starts llama-server serving `modelPath`, building it first when absent (and saying so), unless `build` is false: the
 * extension host suite must never block its host on a build of many minutes, so it asks for the runner's build. The
 * context is larger than the default batch: llama-server drops `input_extra` unless the context has room beyond one
 * batch.
 */
export async function startTestLlamaServer(modelPath: string, extraArgs: string[] = [], { build = true } = {}): Promise<RunningServer> {
  const found = findLlamaServer();
  if (!found && !build) {
    throw new Error(`llama-server is not built in ${benchCacheDir()}: the integration runner builds it first (npm run llama-server)`);
  }
  if (!found) console.log(`[llama-server] not built yet: building it now in ${benchCacheDir()} (once; minutes on two cores)`);
  const { binary } = found ?? ensureLlamaServer((line) => console.log(`[llama-server] ${line}`));
  return startLlamaServer({ binary, modelPath, threads: 1, contextSize: 4096, extraArgs });
}

// `npm run llama-server`: build it now (CI times this as a phase of its own; `npm test` would otherwise build it
// before the extension host suite).
if (require.main === module) {
  const build = ensureLlamaServer((line) => console.log(`[llama-server] ${line}`));
  console.log(`[llama-server] ${build.binary} (${build.cpuKernels}; built in ${build.buildSeconds} s)`);
}
