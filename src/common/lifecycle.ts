// The one lifecycle idiom of the code base: owners register what they create and dispose it in reverse order.
// Nothing here imports `vscode`; vscode.Disposable satisfies IDisposable structurally.

export interface IDisposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `item`; if this owner is already gone, disposes it at once so nothing leaks. */
  protected register<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.owned.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.owned.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }
}

/** Disposables that live and die together without an owning class (one panel's listeners, say). */
export class DisposableStore extends Disposable {
  add<T extends IDisposable>(item: T): T {
    return this.register(item);
  }
}
