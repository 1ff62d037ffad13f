// Lets inline completion go first: a completion holds the gate while it runs, and a chat waits at the gate between
// its decode steps, so an explanation delays a keystroke's suggestion by at most the one step already under way.

export class PriorityGate {
  private holders = 0;
  private waiters: Array<() => void> = [];

  /** Held until the returned function is called (calling it again does nothing). */
  hold(): () => void {
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders > 0) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    };
  }

  get held(): boolean {
    return this.holders > 0;
  }

  /** Resolves once nobody holds the gate (at once when nobody does), or as soon as `signal` aborts. */
  clear(signal?: AbortSignal): Promise<void> {
    if (this.holders === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
