// node-llama-cpp for tests, loaded the way the engine loads it (ESM-only, dynamic import).
import { loadLlamaCpp, type GgufFileInfo } from '../../../src/engine/worker/llamaCpp';

export async function readGgufFileInfo(path: string): Promise<GgufFileInfo> {
  return (await loadLlamaCpp()).readGgufFileInfo(path, { logWarnings: false });
}
