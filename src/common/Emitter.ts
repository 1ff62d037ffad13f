// A minimal typed event emitter whose subscriptions are IDisposable, so owners register() them like anything else.
import type { IDisposable } from './lifecycle';

export type Listener<T> = (event: T) => void;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();

  /** Subscribes; disposing the result unsubscribes. */
  readonly event = (listener: Listener<T>): IDisposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others (its error is rethrown asynchronously). */
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
