// A minimal typed event emitter whose subscriptions are IDisposable, so owners register() them like anything else.
import type { IDisposable } from './lifecycle';

export type Listener<T> = (event: T) => void;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();

  /**
   * `onListenerError` hears what a listener threw (default: the console). It is never rethrown: in the extension
   * host an uncaught exception is charged to the whole extension.
   */
  constructor(private readonly onListenerError: (error: unknown) => void = reportToConsole) {}

  /** Subscribes; disposing the result unsubscribes. */
  readonly event = (listener: Listener<T>): IDisposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others. */
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

function reportToConsole(error: unknown): void {
  console.error('Pipit: an event listener failed:', error);
}
