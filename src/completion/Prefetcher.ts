// At most one background request: the suggestion after the one just shown, as if it were accepted. A newer engine
// request for another state cancels it; a request for the very state it is computing waits for it instead.

export class Prefetcher<T> {
  private current: { key: string; controller: AbortController; done: Promise<T | undefined> } | undefined;

  get inFlightKey(): string | undefined {
    return this.current?.key;
  }

  start(key: string, task: (signal: AbortSignal) => Promise<T | undefined>): void {
    this.cancel();
    const controller = new AbortController();
    const entry = {
      key,
      controller,
      // The task records its own failures; a rejection here would only go unhandled.
      done: task(controller.signal)
        .catch(() => undefined)
        .finally(() => {
          if (this.current === entry) this.current = undefined;
        }),
    };
    this.current = entry;
  }

  /** The in-flight prefetch for `key`, to wait on instead of asking the engine again. */
  join(key: string): Promise<T | undefined> | undefined {
    return this.current?.key === key ? this.current.done : undefined;
  }

  cancel(): void {
    this.current?.controller.abort();
    this.current = undefined;
  }
}
