// Starting the engine process: forked as plain Node (under VS Code desktop's Electron too) without the host's own
// flags, its IPC channel speaking JSON, at lower CPU priority so the editor stays responsive, its output in the log.
import type { EngineClientDeps, EngineProcess } from './types';

const LOW_PRIORITY = 10;

export function startEngineProcess(deps: Pick<EngineClientDeps, 'workerPath' | 'spawn' | 'setPriority' | 'logger'>): EngineProcess {
  const child = deps.spawn(deps.workerPath, [], {
    // VS Code desktop forks its own Electron binary: this makes it behave as plain Node (harmless under Node).
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Not the host's flags (an inspector port, `-e` code): node-llama-cpp forks again to test its binary, and
    // both processes must start as plain Node running their own file.
    execArgv: [],
    serialization: 'json',
  });
  if (child.pid !== undefined) {
    try {
      deps.setPriority?.(child.pid, LOW_PRIORITY);
    } catch (error) {
      deps.logger.debug(`could not lower the engine's priority: ${String(error)}`);
    }
  }
  child.stdout?.on('data', (data: Buffer) => deps.logger.debug(`[engine] ${String(data).trimEnd()}`));
  child.stderr?.on('data', (data: Buffer) => deps.logger.warn(`[engine] ${String(data).trimEnd()}`));
  child.on('error', (error) => deps.logger.error(`engine process error: ${error.message}`));
  return child;
}
