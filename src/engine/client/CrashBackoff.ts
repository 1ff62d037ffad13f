// Restarting an engine process that keeps dying: from the second crash within a window on, each restart waits twice
// as long as the one before, up to a cap. The wait ends early on abort, and at once (its timer cleared) on dispose.
import type { IDisposable } from '../../common/lifecycle';
import type { EngineClientOptions } from './types';

export class CrashBackoff implements IDisposable {
  private crashes: number[] = [];
  /** Ends each wait in progress: the ones dispose must not leave behind. */
  private readonly waits = new Set<() => void>();

  constructor(
    private readonly options: Pick<EngineClientOptions, 'restartDelayMs' | 'maxRestartDelayMs' | 'crashWindowMs'> = {},
    private readonly now: () => number = Date.now,
  ) {}

  recordCrash(): void {
    const now = this.now();
    const window = this.options.crashWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((at) => now - at < window), now];
  }

  /** A restart on request (the user's) starts the count again. */
  reset(): void {
    this.crashes = [];
  }

  /** How long a restart must still wait, in ms (0: it may start now). */
  remainingMs(): number {
    if (this.crashes.length < 2) return 0;
    const delay = Math.min(this.options.maxRestartDelayMs ?? 30_000, (this.options.restartDelayMs ?? 500) * 2 ** (this.crashes.length - 2));
    return Math.max(0, delay - (this.now() - this.crashes[this.crashes.length - 1]!));
  }

  /** Waits until a restart may start, or until `signal` aborts or this is disposed. */
  async wait(signal?: AbortSignal): Promise<void> {
    const wait = this.remainingMs();
    if (wait <= 0 || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      signal?.addEventListener('abort', done, { once: true });
      this.waits.add(done);
    });
  }

  dispose(): void {
    for (const done of [...this.waits]) done();
  }
}
