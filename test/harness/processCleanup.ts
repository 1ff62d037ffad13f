// Whatever a harness starts (code-server, Chromium) is registered here, so that it is stopped when the harness ends,
// fails, or gets Ctrl+C / SIGTERM: no orphan servers or browsers are left behind.
type Cleanup = () => Promise<void> | void;

const cleanups = new Set<() => Promise<void>>();
let signalsHooked = false;
let stopping = false;
let stoppingSince = 0;

/** True once a signal or the end of the run has started stopping everything (an exit then is expected). */
export function isStopping(): boolean {
  return stopping;
}

/** Registers a cleanup; the returned function runs it once and unregisters it. */
export function onCleanup(cleanup: Cleanup): () => Promise<void> {
  hookSignals();
  let done: Promise<void> | undefined;
  const run = (): Promise<void> => {
    cleanups.delete(run);
    done ??= Promise.resolve().then(cleanup);
    return done;
  };
  cleanups.add(run);
  return run;
}

export async function cleanupAll(): Promise<void> {
  if (!stopping) stoppingSince = Date.now();
  stopping = true;
  // Latest first, like a stack: a browser goes before the server it talks to.
  for (const cleanup of [...cleanups].reverse()) {
    await cleanup().catch((error: unknown) => console.error('[harness] cleanup failed:', error));
  }
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // The same Ctrl+C often arrives twice (from the terminal and forwarded by a parent such as mocha's launcher):
      // only a second one after a pause means "stop waiting and exit now" (the exit hooks below still run).
      if (stopping) {
        if (Date.now() - stoppingSince > 2000) process.exit(130);
        return;
      }
      console.error(`\n[harness] ${signal}: stopping what was started`);
      stoppingSince = Date.now();
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

/**
 * Last resort on every exit path, also process.exit() from a test runner: synchronous work only (signal a process
 * group, remove a folder). Returns a function that unregisters it.
 */
const exitHooks = new Set<() => void>();
export function onExitSync(hook: () => void): () => void {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}
process.on('exit', () => {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      // best effort: the process is ending
    }
  }
});
